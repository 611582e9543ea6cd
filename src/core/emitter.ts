// A minimal typed event emitter with disposable subscriptions (the core cannot use
// vscode.EventEmitter, and Node's EventEmitter is untyped and string-keyed).

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners: Array<(value: T) => void> = [];

  on(listener: (value: T) => void): Disposable {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }

  fire(value: T): void {
    // Iterate over a copy: a listener may unsubscribe itself while being called.
    for (const l of [...this.listeners]) l(value);
  }

  get size(): number {
    return this.listeners.length;
  }

  clear(): void {
    this.listeners = [];
  }
}
