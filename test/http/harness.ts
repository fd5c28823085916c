import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { importEvents } from '../../src/app/importEvents.js';
import { fileLines } from '../../src/app/jsonLines.js';
import type { CheckpointSigner } from '../../src/app/checkpoints.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import type { TokenEntry } from '../../src/config.js';
import { Authenticator } from '../../src/http/auth.js';
import type { AuthThrottleOptions } from '../../src/http/authThrottle.js';
import type { LiveHubOptions } from '../../src/http/live/liveHub.js';
import { startServer, type RequestTimeouts, type RunningServer } from '../../src/http/server.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_FILE = join(ROOT, 'examples/eu-ai-model-access.jsonl');

export const TOKENS = {
  reader: 'reader-token-0123456789abcdef0123456789',
  recorder: 'recorder-token-0123456789abcdef0123456789',
  admin: 'admin-token-0123456789abcdef0123456789',
} as const;
export type TokenRole = keyof typeof TOKENS;

const ENTRIES: TokenEntry[] = [
  { name: 'ada-reader', role: 'reader', token: TOKENS.reader },
  { name: 'rita-recorder', role: 'recorder', token: TOKENS.recorder },
  { name: 'root-admin', role: 'admin', token: TOKENS.admin },
];

export interface TestServer {
  readonly url: string;
  readonly parley: Parley;
  readonly store: SqliteEventStore;
  readonly running: RunningServer;
  /** Every structured log line written so far. */
  logs(): string;
  /** GET/POST with the role's token (or none). */
  request(path: string, init?: RequestInit & { as?: TokenRole | undefined }): Promise<Response>;
  post(path: string, body: unknown, as?: TokenRole, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  readonly publicRead?: boolean;
  readonly corsOrigin?: string;
  readonly seed?: boolean;
  readonly live?: Partial<LiveHubOptions>;
  readonly webRoot?: string;
  /** Another server's SQLite file, to run a second server on the same store. */
  readonly storePath?: string;
  readonly timeouts?: Partial<RequestTimeouts>;
  /** Tests that call with unknown tokens on purpose get a loose throttle unless they set their own. */
  readonly authThrottle?: Partial<AuthThrottleOptions>;
  /** How many events the stream cache may hold (default: the application's). */
  readonly cacheEvents?: number;
  /** Who signs checkpoints (CONTRACT §8); none by default. */
  readonly signer?: CheckpointSigner;
}

/** A real server on an ephemeral port over a real SQLite file in a fresh temp dir. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-http-'));
  const store = new SqliteEventStore(options.storePath ?? join(dir, 'parley.db'));
  const parley = createParley({ store, cacheEvents: options.cacheEvents, signer: options.signer });
  if (options.seed) await importEvents(parley, await fileLines(SEED_FILE), { recordedBy: 'seed' });
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const running = await startServer({
    parley,
    config: { port: 0, host: '127.0.0.1', publicRead: options.publicRead ?? false, corsOrigin: options.corsOrigin },
    logger,
    auth: new Authenticator(ENTRIES),
    webRoot: options.webRoot ?? join(ROOT, 'web/dist'),
    // Fan-out tests open more feeds on one token than a server allows by default.
    live: { maxPerClient: 100, ...options.live },
    timeouts: options.timeouts,
    authThrottle: options.authThrottle ?? { maxFailures: 10_000 },
    shutdownGraceMs: 2_000,
  });
  const request = (path: string, init: RequestInit & { as?: TokenRole | undefined } = {}) => {
    const { as, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) headers.set('Authorization', `Bearer ${TOKENS[as]}`);
    return fetch(`${running.url}${path}`, { ...rest, headers });
  };
  return {
    url: running.url,
    parley,
    store,
    running,
    logs: () => logText,
    request,
    post: (path, body, as = 'recorder', headers = {}) =>
      request(path, { method: 'POST', as, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    stop: async () => {
      await running.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a store holds, to show that a rejected request changed nothing: event count and each stream's last hash. */
export async function fingerprint(store: SqliteEventStore): Promise<{ events: number; heads: Record<string, string | undefined> }> {
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll(after, 1_000);
    events += page.length;
    if (page.length < 1_000) break;
    after = page[page.length - 1]!.position;
  }
  const heads: Record<string, string | undefined> = {};
  for (const id of await store.listNegotiations()) heads[id] = (await store.head(id))?.hash;
  return { events, heads };
}

export async function problemOf(response: Response): Promise<{ type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] }> {
  if (!response.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(`expected a problem document, got ${response.status} ${response.headers.get('content-type')}: ${await response.text()}`);
  }
  return (await response.json()) as never;
}
