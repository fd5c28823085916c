import type { Response } from 'express';
import type { Logger } from 'pino';
import type { RecordedEvent } from '../../events/recordedEvent.js';
import type { EventStore } from '../../store/eventStore.js';
import type { StoredRow } from '../../store/storedRow.js';
import { LiveAdmission, type LiveLimits } from './liveAdmission.js';
import { eventFrame, SseClient } from './sseClient.js';

export interface LiveHubOptions extends LiveLimits {
  /** Comment lines keep idle connections (and proxies) open; ~15 s. */
  readonly heartbeatMs: number;
  /** A slow poll of the store, so appends by other processes are seen too. */
  readonly pollMs: number;
  /** Bytes a client may leave unread; past that it gets no more frames until it drains. */
  readonly maxBufferBytes: number;
  /** A client whose buffer stays full this long is disconnected. */
  readonly stallMs: number;
  /** Events per read of the store. */
  readonly pageSize?: number;
}

/**
 * The one live feed of a server: it tails the store's global log (woken by the store's
 * change signal, and by a slow poll) and fans each event out to the connected clients in
 * position order. A client that resumes, or that fell behind because it reads slowly,
 * catches up from the store on its own, then rejoins the fan-out: both read the same log,
 * and a client only ever takes positions above the last one it was sent, so there are no
 * gaps and no duplicates.
 */
export class LiveHub {
  private readonly clients = new Set<SseClient>();
  /** Every event up to here has been fanned out; undefined while no client is connected. */
  private cursor: number | undefined;
  private finding: Promise<number> | undefined;
  private running = false;
  private again = false;
  private closed = false;
  private readonly timers: NodeJS.Timeout[];
  private readonly unsubscribe: () => void;
  private readonly pageSize: number;
  /** Places on the feed: a connection takes one before its stream starts, and gives it back when it closes. */
  readonly admission: LiveAdmission;

  constructor(
    private readonly store: EventStore,
    private readonly options: LiveHubOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.admission = new LiveAdmission(options);
    this.unsubscribe = store.subscribe(() => this.nudge());
    this.timers = [
      setInterval(() => this.nudge(), options.pollMs).unref(),
      setInterval(() => this.heartbeat(), options.heartbeatMs).unref(),
      setInterval(() => this.dropStalled(), Math.max(10, Math.min(options.stallMs, 1_000))).unref(),
    ];
  }

  get size(): number {
    return this.clients.size;
  }

  /** Streams events after `after` (default: from now on) to a response whose SSE headers are sent. */
  async attach(res: Response, after: number | undefined): Promise<void> {
    while (this.cursor === undefined) {
      const found = await (this.finding ??= this.store.lastPosition().finally(() => (this.finding = undefined)));
      this.cursor ??= found;
      if (this.closed) return void res.end();
    }
    if (res.destroyed || res.writableEnded) return; // the client left while the end of the log was looked up
    const client = new SseClient(res, after ?? this.cursor, this.options.maxBufferBytes, () => this.clients.delete(client));
    this.clients.add(client);
    client.comment('connected');
    await this.catchUp(client);
  }

  nudge(): void {
    if (this.cursor === undefined || this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.tail();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearInterval(timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** Reads the store after the client's position until it reaches the fan-out's cursor, then joins the fan-out. */
  private async catchUp(client: SseClient): Promise<void> {
    try {
      while (client.open) {
        // Synchronous from this check to the switch: no fan-out page can slip in between.
        if (this.cursor === undefined || client.last >= this.cursor) {
          client.live = true;
          return;
        }
        const rows = await this.store.readAllRows(client.last, this.pageSize);
        if (rows.length === 0) {
          client.live = true;
          return;
        }
        const page = readableEvents(rows);
        // The page is sent as the client's buffer allows: the rest of it waits here for a drain, not re-read.
        for (let next = 0; next < page.length && client.open; await client.drained(this.now)) {
          while (next < page.length && client.send(page[next]!.position, eventFrame(page[next]!))) next++;
        }
        // A page that ends with unreadable rows: the client moves past them too.
        if (client.open) client.skipTo(rows[rows.length - 1]!.position);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'a live client could not catch up; it is disconnected and may resume');
      client.drop();
    }
  }

  private async tail(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.clients.size === 0) {
            this.cursor = undefined; // idle: nothing is read until a client comes
            return;
          }
          const rows = await this.store.readAllRows(this.cursor!, this.pageSize);
          if (rows.length > 0) this.fanOut(readableEvents(rows), rows[rows.length - 1]!.position);
          if (rows.length < this.pageSize) break;
        }
      } while (this.again && !this.closed);
    } catch (error) {
      this.logger.warn({ err: error }, 'the live feed could not read the store; it reads on at the next nudge');
    } finally {
      this.running = false;
    }
  }

  /** Sends the page's events to the live clients; `through` is the page's last position, readable or not. */
  private fanOut(page: readonly RecordedEvent[], through: number): void {
    for (const event of page) {
      const frame = eventFrame(event);
      for (const client of this.clients) {
        if (client.live && !client.send(event.position, frame)) {
          client.live = false; // fell behind: it catches up from the store once it drains
          void client.drained(this.now).then(() => this.catchUp(client));
        }
      }
    }
    this.cursor = through;
  }

  private heartbeat(): void {
    for (const client of this.clients) client.comment('heartbeat');
  }

  private dropStalled(): void {
    const now = this.now();
    for (const client of this.clients) {
      if (client.waitingSince !== undefined && now - client.waitingSince >= this.options.stallMs) {
        this.logger.info({ last: client.last }, 'a stalled live client was disconnected');
        client.drop();
      }
    }
  }
}

/**
 * A stored row that cannot be read back is passed over: the feed cannot answer an error
 * halfway through a stream, and stopping there would stall every client. The store
 * remembers it (see /health), and the server logs it once.
 */
function readableEvents(rows: readonly StoredRow[]): RecordedEvent[] {
  return rows.flatMap((row) => (row.event ? [row.event] : []));
}
