/**
 * Follows `/events/live` (Server-Sent Events) while the page shows "now", and calls back
 * for each event recorded after what the page has shown. EventSource cannot send headers, so the
 * token travels as `?access_token=`, which the server accepts on this path only.
 */
import { EVENT_TYPES } from './eventText.js';
import type { RecordedEvent } from './types.js';

export type LiveStatus = 'live' | 'connecting' | 'paused' | 'off';

const STATUS_TEXT: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  paused: 'Live updates paused: showing a past cut',
  off: 'Live updates unavailable',
};

export class LiveFeed {
  private source: EventSource | undefined;
  private seen = 0;

  constructor(
    private readonly indicator: HTMLElement,
    private readonly token: () => string | undefined,
    private readonly onEvent: (event: RecordedEvent) => void,
    private readonly path = '/events/live',
  ) {
    this.show('connecting');
  }

  /** Events at or before this global position are already on screen. */
  seenUpTo(position: number): void {
    this.seen = Math.max(this.seen, position);
  }

  /** Connects while `following` (the cut is "now"); disconnects otherwise. */
  follow(following: boolean): void {
    if (!following) {
      this.close();
      this.show('paused');
      return;
    }
    if (this.source && this.source.readyState !== EventSource.CLOSED) return;
    this.connect();
  }

  private connect(): void {
    const token = this.token();
    const params = new URLSearchParams();
    // Resume after what is on screen; the browser's own reconnects send Last-Event-ID instead.
    if (this.seen > 0) params.set('after', String(this.seen));
    if (token) params.set('access_token', token);
    const query = params.toString();
    const url = query ? `${this.path}?${query}` : this.path;
    const source = new EventSource(url);
    this.source = source;
    this.show('connecting');
    source.addEventListener('open', () => this.show('live'));
    source.addEventListener('error', () => {
      // The browser retries on its own after a dropped connection; a refused one stays closed.
      this.show(source.readyState === EventSource.CLOSED ? 'off' : 'connecting');
    });
    const handle = (message: MessageEvent<string>) => this.receive(message);
    source.addEventListener('message', handle);
    for (const type of EVENT_TYPES) source.addEventListener(type, handle);
  }

  private receive(message: MessageEvent<string>): void {
    let event: RecordedEvent;
    try {
      event = JSON.parse(message.data) as RecordedEvent;
    } catch {
      return;
    }
    const position = typeof event.position === 'number' ? event.position : Number(message.lastEventId);
    if (Number.isFinite(position) && position <= this.seen) return;
    if (Number.isFinite(position)) this.seen = position;
    this.show('live');
    this.onEvent(event);
  }

  private close(): void {
    this.source?.close();
    this.source = undefined;
  }

  private show(status: LiveStatus): void {
    this.indicator.dataset.status = status;
    this.indicator.textContent = STATUS_TEXT[status];
  }
}
