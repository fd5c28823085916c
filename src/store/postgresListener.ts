import pg from 'pg';

export interface ListenerOptions {
  connectionString: string;
  channel: string;
  /** Called on every notification, and after each (re)connection: whatever happened meanwhile was not heard. */
  onChange: () => void;
  connectionTimeoutMs?: number;
  /** First and longest wait between reconnection attempts. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A dedicated connection that LISTENs on one channel. Pooled connections cannot LISTEN (the
 * pool hands them to other work), so this one stands apart; when it drops it reconnects with
 * exponential backoff, for as long as it is not stopped.
 */
export class PgChannelListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private firstListen: Promise<void>;
  private resolveFirstListen!: () => void;

  constructor(private readonly options: ListenerOptions) {
    this.firstListen = new Promise((resolve) => (this.resolveFirstListen = resolve));
  }

  /** Starts listening; the promise settles once the first LISTEN is in place. */
  start(): Promise<void> {
    void this.connect();
    return this.firstListen;
  }

  /** Settles once the first LISTEN is in place (it may drop again later). */
  listening(): Promise<void> {
    return this.firstListen;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectionTimeoutMs ?? 5_000,
      keepAlive: true,
      application_name: 'parley-listen',
    });
    this.client = client;
    let dropped = false;
    const onDrop = (): void => {
      if (dropped) return;
      dropped = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    };
    client.on('error', onDrop);
    client.on('end', onDrop);
    client.on('notification', () => this.options.onChange());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch {
      onDrop();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.attempt = 0;
    this.resolveFirstListen();
    this.options.onChange();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const min = this.options.minBackoffMs ?? 100;
    const max = this.options.maxBackoffMs ?? 5_000;
    const delay = Math.min(max, min * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    this.resolveFirstListen();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
