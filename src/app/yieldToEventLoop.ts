/**
 * Lets the event loop run other callbacks (requests, timers, I/O) before the caller goes on.
 * A resolved promise is not enough: its continuation runs before any I/O, so long work over
 * the synchronous SQLite driver would still hold the loop. setImmediate runs after I/O.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Yields once the work since the last yield has held the loop for `sliceMs`: a step is cheap
 * enough for a per-event loop, and other requests wait at most about one slice, however big
 * or small the steps are.
 */
export class Yielder {
  private since = performance.now();
  constructor(private readonly sliceMs = 8) {}

  async step(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await yieldToEventLoop();
    this.since = performance.now();
  }
}
