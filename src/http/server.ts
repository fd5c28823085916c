import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Parley } from '../app/parley.js';
import type { Config } from '../config.js';
import { createHttpApp } from './app.js';
import type { Authenticator } from './auth.js';
import type { AuthThrottleOptions } from './authThrottle.js';
import { LiveHub, type LiveHubOptions } from './live/liveHub.js';

export interface ServerOptions {
  readonly parley: Parley;
  readonly config: Pick<Config, 'port' | 'host' | 'publicRead' | 'corsOrigin'>;
  readonly logger: Logger;
  readonly auth: Authenticator;
  readonly webRoot?: string;
  readonly version?: string;
  /** Live-feed settings; an undefined value keeps the default. */
  readonly live?: { readonly [K in keyof LiveHubOptions]?: LiveHubOptions[K] | undefined };
  readonly timeouts?: Partial<RequestTimeouts>;
  readonly authThrottle?: Partial<AuthThrottleOptions>;
  /** How long shutdown waits for in-flight requests before cutting connections. */
  readonly shutdownGraceMs?: number;
}

export interface RunningServer {
  /** `http://HOST:PORT`, with the port actually bound (for --port 0). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly hub: LiveHub;
  /** Stops accepting, ends the live streams, lets in-flight requests finish; the store is the caller's to close. */
  close(): Promise<void>;
}

export const DEFAULT_LIVE: LiveHubOptions = {
  heartbeatMs: 15_000,
  pollMs: 2_000,
  maxBufferBytes: 1024 * 1024,
  stallMs: 30_000,
  maxConnections: 1_000,
  maxPerClient: 20,
};

/**
 * How long a client may take to send a request: a connection that trickles its headers or
 * its body would otherwise hold its socket and its memory for as long as it likes. They
 * bound receiving the request only; an answer (a live feed) may last as long as it needs.
 */
export interface RequestTimeouts {
  /** From a request's first byte to the end of its headers. */
  readonly headersMs: number;
  /** From a request's first byte to the end of its body (a 16 MiB import included). */
  readonly requestMs: number;
  /** How often the server looks for requests past these times. */
  readonly checkEveryMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 60_000, checkEveryMs: 1_000 };

/** `base` with every defined value of `changes` over it. */
function settled<T extends object>(base: T, changes: { readonly [K in keyof T]?: T[K] | undefined } = {}): T {
  const result = { ...base };
  for (const key of Object.keys(changes) as (keyof T)[]) if (changes[key] !== undefined) result[key] = changes[key] as T[keyof T];
  return result;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const hub = new LiveHub(options.parley.store, settled(DEFAULT_LIVE, options.live), options.logger);
  // Said once per row: lists and the live feed pass over such a row, so the log is where it shows.
  const unwatch = options.parley.store.unreadable.watch((error) =>
    options.logger.error({ ...error.row }, 'a stored event cannot be read back; answers that need it fail, lists and the live feed leave it out'),
  );
  const app = createHttpApp({ ...options, hub });
  let closing = false;
  const connections = new Connections();
  const timeouts = settled(DEFAULT_TIMEOUTS, options.timeouts);
  const server = createServer({
    keepAliveTimeout: 65_000,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkEveryMs,
  }, (req, res) => {
    if (closing) res.setHeader('Connection', 'close'); // answered, then the connection goes too
    connections.track(req.socket, res);
    app(req, res);
  });
  server.on('connection', (socket: Socket) => connections.add(socket));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.config.port, options.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    hub.close();
    unwatch();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.config.host.includes(':') ? `[${options.config.host}]` : options.config.host;
  let shutdown: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    hub,
    close: () => {
      closing = true;
      unwatch();
      return (shutdown ??= shutDown(server, hub, connections, options.shutdownGraceMs ?? 10_000));
    },
  };
}

/**
 * Stops accepting, ends the live streams, and lets in-flight requests finish: connections
 * are closed as soon as they fall idle, and any left after the grace period are cut.
 */
async function shutDown(server: Server, hub: LiveHub, connections: Connections, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  hub.close();
  connections.closeIdle();
  const idle = setInterval(() => connections.closeIdle(), 25);
  const grace = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(grace);
  }
}

/**
 * The server's connections and how many answers each has in progress. Node's own
 * closeIdleConnections skips a connection that never carried a request (browsers and
 * fetch open spares), which would hold a shutdown until its grace period ends.
 */
class Connections {
  private readonly answering = new Map<Socket, number>();

  add(socket: Socket): void {
    this.answering.set(socket, 0);
    socket.once('close', () => this.answering.delete(socket));
  }

  track(socket: Socket, res: ServerResponse): void {
    this.answering.set(socket, (this.answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      if (this.answering.has(socket)) this.answering.set(socket, this.answering.get(socket)! - 1);
    });
  }

  closeIdle(): void {
    for (const [socket, answers] of this.answering) if (answers === 0) socket.destroy();
  }
}
