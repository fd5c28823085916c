/** One Server-Sent Events frame as a client sees it. */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
}

/**
 * A minimal Server-Sent Events client over fetch, for tests: it keeps every frame, and
 * `until` waits for a condition on what has arrived (or for the stream to end).
 */
export interface SseEvent {
  readonly id: number;
  readonly event: string;
  readonly data: { position: number; type: string; id: string };
}

export class SseReader {
  readonly frames: SseFrame[] = [];
  /** The frames that carry an event, parsed as they arrive. */
  readonly events: SseEvent[] = [];
  ended = false;
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  readonly response: Promise<Response>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.response = fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: this.controller.signal });
    void this.read();
  }

  get comments(): string[] {
    return this.frames.flatMap((f) => (f.comment === undefined ? [] : [f.comment]));
  }

  /** Resolves once `condition` holds; rejects if the stream ends first or after `ms`. */
  async until(condition: (reader: SseReader) => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition(this)) {
      if (this.ended) throw new Error(`the stream ended before the condition held (${this.frames.length} frames)`);
      if (Date.now() > deadline) throw new Error(`the condition did not hold within ${ms} ms (${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Resolves once the server has ended the stream. */
  async closed(ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error(`the stream did not end within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async read(): Promise<void> {
    try {
      const response = await this.response;
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          this.frames.push(frame);
          if (frame.id !== undefined && frame.data !== undefined) {
            this.events.push({ id: Number(frame.id), event: frame.event ?? 'message', data: JSON.parse(frame.data) as SseEvent['data'] });
          }
          buffer = buffer.slice(end + 2);
        }
        this.wake();
      }
    } catch {
      // aborted or cut off: both end the stream
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function parseFrame(text: string): SseFrame {
  const frame: { id?: string; event?: string; data?: string; comment?: string } = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    }
  }
  return frame;
}
