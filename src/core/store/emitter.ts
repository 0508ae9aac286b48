/**
 * A minimal event source in VS Code's `onDid…` shape, without importing `vscode`, so the host can
 * wrap it in a `vscode.EventEmitter` or use it as it is.
 */

/** What a subscription returns; `dispose()` stops the calls. */
export interface Subscription {
  dispose(): void;
}

/** Calls listeners in subscription order; a throwing listener does not stop the others. */
export class Emitter<T> {
  private readonly listeners: ((value: T) => void)[] = [];

  /** Subscribes `listener`. */
  readonly event = (listener: (value: T) => void): Subscription => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        const index = this.listeners.indexOf(listener);
        if (index >= 0) this.listeners.splice(index, 1);
      },
    };
  };

  /** Calls every listener with `value`. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A failing listener (a view) must not undo or block what already happened.
      }
    }
  }
}
