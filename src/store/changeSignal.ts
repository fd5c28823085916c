/** The listeners of a store's `subscribe`: each is told that something may have changed. */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  add(onChange: () => void): () => void {
    // One entry per subscription: the same function subscribed twice is unsubscribed one at a time.
    const entry = (): void => onChange();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A failing listener must not stop the others, nor the append that signalled.
      }
    }
  }
}
