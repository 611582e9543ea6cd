// One way to own what a class creates (listeners, emitters, timers, status bar items):
// `_register` it when it is made, and `dispose()` releases everything at once, newest
// first, exactly once. Modelled on vscode-hexeditor's `Disposable`/`disposeAll`. PURE: no
// vscode (vscode.Disposable and the core's subscriptions both fit `DisposableLike`), so
// the core, the panel and the extension can all use it.

export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Disposes every item, newest first, and empties the list. One that throws does not keep
 * the others alive: the first error is thrown again after all have been disposed.
 */
export function disposeAll(disposables: DisposableLike[]): void {
  let first: { error: unknown } | undefined;
  while (disposables.length > 0) {
    const item = disposables.pop()!;
    try {
      item.dispose();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}

/** A disposable made of a function (clearing a timer, forgetting a map entry). */
export function toDisposable(dispose: () => void): DisposableLike {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

export abstract class Disposable implements DisposableLike {
  private readonly disposables: DisposableLike[] = [];
  private disposed = false;

  /** Releases everything registered, newest first; again does nothing. Subclasses release their own state first, then call super.dispose(). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Owns `value` until this is disposed; one registered after that is disposed at once. */
  protected _register<T extends DisposableLike>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }
}
