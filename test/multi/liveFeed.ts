import type { RecordedEvent } from '../../src/events/recordedEvent.js';

/** One `event` frame of `/events/live`. */
export interface LiveFrame {
  /** The frame's `id:` (the global position). */
  readonly id: number;
  /** The frame's `event:` (the event type). */
  readonly type: string;
  readonly event: RecordedEvent;
}

/**
 * A client of `GET /events/live` that reads the Server-Sent Events stream with fetch and
 * parses it itself, keeping every event frame and comment it receives.
 */
export class LiveFeed {
  readonly frames: LiveFrame[] = [];
  readonly comments: string[] = [];
  /** Set when the stream ended or failed. */
  ended: string | undefined;
  private readonly controller = new AbortController();
  private readonly waiters = new Set<() => void>();

  private constructor() {}

  /** Connects and resolves once the server's `: connected` comment has arrived. */
  static async open(baseUrl: string, token: string, options: { lastEventId?: number; timeoutMs?: number } = {}): Promise<LiveFeed> {
    const feed = new LiveFeed();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (options.lastEventId !== undefined) headers['Last-Event-ID'] = String(options.lastEventId);
    const response = await fetch(`${baseUrl}/events/live`, { headers, signal: feed.controller.signal });
    if (response.status !== 200 || !response.body) throw new Error(`GET /events/live answered ${response.status}: ${await response.text()}`);
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.startsWith('text/event-stream')) throw new Error(`GET /events/live answered ${contentType}`);
    void feed.read(response.body);
    await feed.until(() => feed.comments.includes('connected'), options.timeoutMs ?? 30_000, 'the ": connected" comment');
    return feed;
  }

  /** Resolves once `done()` holds; rejects after `timeoutMs`, or when the stream ends first. */
  until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (done()) finish(resolve);
        else if (this.ended !== undefined) finish(() => reject(new Error(`the live stream ended (${this.ended}) before ${what}; ${this.frames.length} events received`)));
      };
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${what} within ${timeoutMs} ms; ${this.frames.length} events received`))), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves once every one of these event ids has arrived. */
  untilIds(ids: Iterable<string>, timeoutMs: number): Promise<void> {
    const wanted = [...ids];
    const received = () => new Set(this.frames.map((frame) => frame.event.id));
    return this.until(() => {
      const seen = received();
      return wanted.every((id) => seen.has(id));
    }, timeoutMs, `${wanted.length} expected events`);
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true }).replaceAll('\r\n', '\n');
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.notify();
      }
      this.ended = 'closed by the server';
    } catch (error) {
      this.ended = (error as Error).name === 'AbortError' ? 'closed by the client' : (error as Error).message;
    }
    this.notify();
  }

  /** One frame: `field: value` lines; lines starting with ":" are comments. */
  private frame(text: string): void {
    const fields = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields.set(name, fields.has(name) && name === 'data' ? `${fields.get(name)}\n${value}` : value);
    }
    const data = fields.get('data');
    if (data === undefined) return;
    this.frames.push({ id: Number(fields.get('id')), type: fields.get('event') ?? 'message', event: JSON.parse(data) as RecordedEvent });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
