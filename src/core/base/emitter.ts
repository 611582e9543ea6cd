// A minimal typed event emitter with disposable subscriptions (the core cannot use
// vscode.EventEmitter, and Node's EventEmitter is untyped and string-keyed).

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners: Array<(value: T) => void> = [];

  on(listener: (value: T) => void): Disposable {
    // A new array, never a mutation: fire() iterates the array it started with, without copying.
    this.listeners = [...this.listeners, listener];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }

  fire(value: T): void {
    // on() and dispose() replace the array, so a listener that (un)subscribes while being
    // called does not disturb this loop; no copy per fire (it runs once per record).
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(value);
  }

  get size(): number {
    return this.listeners.length;
  }

  clear(): void {
    this.listeners = [];
  }
}
