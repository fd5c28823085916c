import type { Response } from 'express';
import type { Logger } from 'pino';
import type { EventStore } from '../../store/eventStore.js';
import { lastPosition } from './lastPosition.js';
import { eventFrame, SseClient } from './sseClient.js';

export interface LiveHubOptions {
  /** Comment lines keep idle connections (and proxies) open; ~15 s. */
  readonly heartbeatMs: number;
  /** A slow poll of the store, so appends by other processes are seen too. */
  readonly pollMs: number;
  /** Bytes a client may leave unread before it is disconnected. */
  readonly maxBufferBytes: number;
  readonly pageSize?: number;
}

/**
 * The one live feed of a server: it tails the store's global log (woken by the store's
 * notifications, and by a slow poll) and fans each event out to every connected client in
 * position order. A resuming client first catches up from the store on its own, then joins
 * the fan-out, without gaps or duplicates: both read the same log, and a client only ever
 * takes positions above the last one it was sent.
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

  constructor(
    private readonly store: EventStore,
    private readonly options: LiveHubOptions,
    private readonly logger: Logger,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.unsubscribe = store.subscribe(() => this.nudge());
    this.timers = [
      setInterval(() => this.nudge(), options.pollMs).unref(),
      setInterval(() => this.heartbeat(), options.heartbeatMs).unref(),
    ];
  }

  get size(): number {
    return this.clients.size;
  }

  /** Streams events after `after` (default: from now on) to a response whose SSE headers are sent. */
  async attach(res: Response, after: number | undefined): Promise<void> {
    while (this.cursor === undefined) {
      const found = await (this.finding ??= lastPosition(this.store).finally(() => (this.finding = undefined)));
      this.cursor ??= found;
      if (this.closed) return void res.end();
    }
    const client = new SseClient(res, after ?? this.cursor, this.options.maxBufferBytes, () => this.clients.delete(client));
    this.clients.add(client);
    client.comment('connected');
    try {
      await this.catchUp(client);
    } catch (error) {
      this.logger.warn({ err: error }, 'live client could not catch up');
      res.destroy();
      return;
    }
    this.nudge();
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

  /** Reads the store after the client's position until it reaches the fan-out's cursor, then joins it. */
  private async catchUp(client: SseClient): Promise<void> {
    while (client.open) {
      // Synchronous from this check to the switch: no fan-out page can slip in between.
      if (this.cursor === undefined || client.last >= this.cursor) {
        client.live = true;
        return;
      }
      const page = await this.store.readAll(client.last, this.pageSize);
      if (page.length === 0) {
        client.live = true;
        return;
      }
      for (const event of page) if (!client.send(event.position, eventFrame(event))) return;
      await client.drained();
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
          const page = await this.store.readAll(this.cursor!, this.pageSize);
          if (this.cursor === undefined) return;
          for (const event of page) {
            const frame = eventFrame(event);
            for (const client of this.clients) if (client.live) client.send(event.position, frame);
          }
          if (page.length > 0) this.cursor = page[page.length - 1]!.position;
          if (page.length < this.pageSize) break;
        }
      } while (this.again && !this.closed);
    } catch (error) {
      this.logger.warn({ err: error }, 'live feed could not read the store; retrying on the next nudge');
    } finally {
      this.running = false;
    }
  }

  private heartbeat(): void {
    for (const client of this.clients) client.comment('heartbeat');
  }
}
