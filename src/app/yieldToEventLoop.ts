/**
 * Lets the event loop run other callbacks (requests, timers, I/O) before the caller goes on.
 * A resolved promise is not enough: its continuation runs before any I/O, so long work over
 * the synchronous SQLite driver would still hold the loop. setImmediate runs after I/O.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `yieldToEventLoop` once every `every` steps: cheap enough for a per-event loop. */
export class Yielder {
  private count = 0;
  constructor(private readonly every: number) {}

  async step(weight = 1): Promise<void> {
    this.count += weight;
    if (this.count >= this.every) {
      this.count = 0;
      await yieldToEventLoop();
    }
  }
}
