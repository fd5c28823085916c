import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Parley } from '../app/parley.js';
import type { Config } from '../config.js';
import { createHttpApp } from './app.js';
import type { Authenticator } from './auth.js';
import { LiveHub, type LiveHubOptions } from './live/liveHub.js';

export interface ServerOptions {
  readonly parley: Parley;
  readonly config: Pick<Config, 'port' | 'host' | 'publicRead' | 'corsOrigin'>;
  readonly logger: Logger;
  readonly auth: Authenticator;
  readonly webRoot?: string;
  readonly version?: string;
  readonly live?: Partial<LiveHubOptions>;
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

export const DEFAULT_LIVE: LiveHubOptions = { heartbeatMs: 15_000, pollMs: 2_000, maxBufferBytes: 1024 * 1024, stallMs: 30_000 };

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const hub = new LiveHub(options.parley.store, { ...DEFAULT_LIVE, ...options.live }, options.logger);
  const app = createHttpApp({ ...options, hub });
  const server = createServer({ keepAliveTimeout: 65_000 }, app);
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
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.config.host.includes(':') ? `[${options.config.host}]` : options.config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    hub,
    close: () => (closing ??= shutDown(server, hub, options.shutdownGraceMs ?? 10_000)),
  };
}

async function shutDown(server: Server, hub: LiveHub, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  hub.close();
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), graceMs);
  grace.unref();
  await closed;
  clearTimeout(grace);
}
