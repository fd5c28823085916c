import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadDemo, SEED_SCENARIO } from '../../app/loadDemo.js';
import { createParley, type Parley } from '../../app/parley.js';
import type { Config, ConfigFlags } from '../../config.js';
import { Authenticator } from '../../http/auth.js';
import { createLogger } from '../../http/logger.js';
import { startServer, type RunningServer } from '../../http/server.js';
import { openReadStore, openStore, redact } from '../../store/openStore.js';
import type { EventStore } from '../../store/eventStore.js';
import { dataDirOf, ensureAdminToken } from '../adminToken.js';
import { checkpointSigning, refuseStoreBehindKept } from '../checkpointSigning.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import { ListenError } from '../cliErrors.js';
import { processContext, type CliContext } from '../context.js';
import { packageRoot } from '../packageRoot.js';
import { commandConfig } from '../withStore.js';

export interface ServeOptions {
  /** Working folder: where a relative store path and the default data folder are found. */
  readonly cwd?: string;
  /** The structured log's destination (a file descriptor or a stream); stdout by default. */
  readonly logTo?: NodeJS.WritableStream | number;
}

export interface Serving {
  readonly url: string;
  /** Graceful shutdown: stop accepting, end live streams, finish in-flight requests, close the store. */
  close(): Promise<void>;
}

/**
 * `parley serve`: opens the store, starts listening, loads the seed scenario into an empty
 * store, and serves the API and the dashboard. Without PARLEY_TOKENS it uses an admin
 * token kept in the data folder, printing it only when it makes it.
 */
export async function serve(context: CliContext, flags: ConfigFlags, options: ServeOptions = {}): Promise<Serving> {
  const config = commandConfig(context, flags);
  const cwd = options.cwd ?? process.cwd();
  const adminToken = config.tokens === undefined ? ensureAdminToken(dataDirOf(config.storeUrl, cwd)) : undefined;
  const tokens = config.tokens ?? [adminToken!.entry];
  const logger = createLogger(config.logLevel, options.logTo ?? 1);

  const root = packageRoot(import.meta.url);
  const store = await openStore(config.storeUrl, { sqliteDurability: config.sqliteDurability });
  let parley: Parley;
  let readStore: EventStore | undefined;
  let running: RunningServer | undefined;
  let checkpointTimer: NodeJS.Timeout | undefined;
  const closeStores = async () => {
    clearInterval(checkpointTimer);
    await Promise.all([store.close(), readStore?.close()]);
  };
  let keptCheckpoint: string | undefined;
  try {
    // Reads only: appends, the live feed (LISTEN does not work on a standby) and admin stay on the store.
    if (config.readStoreUrl !== undefined) readStore = await openReadStore(config.readStoreUrl);
    // CONTRACT §8: the key that signs checkpoints, and the newest checkpoint kept beside it, outside the store.
    const signing = store.proofs ? checkpointSigning(config, cwd) : undefined;
    keptCheckpoint = signing?.kept;
    parley = createParley({
      store,
      readStore,
      now: context.now,
      cacheEvents: config.cacheEvents,
      signer: signing?.signer,
      onCheckpoint: signing?.onCheckpoint,
    });
    // A store behind what this server signed (restored from an older copy, rewritten) is refused before anything is served or seeded.
    if (signing && parley.proofs) await refuseStoreBehindKept(signing, parley.proofs);
    // Bound before the seed is loaded: a port in use fails the start with nothing written.
    // Requests that come while it loads are answered from the store as it fills, a
    // negotiation of the seed appearing whole (one append each).
    running = await startServer({
      parley,
      config,
      logger,
      auth: new Authenticator(tokens),
      webRoot: join(root, 'web/dist'),
      version: version(root),
      live: { maxConnections: config.liveMaxConnections, maxPerClient: config.liveMaxPerToken },
    }).catch(
      (error: unknown) => {
        throw listenError(error, config);
      },
    );
    // A store that has a kept checkpoint once held events: it is never seeded, whatever it holds now.
    if (config.seedWhenEmpty && keptCheckpoint === undefined && (await store.listNegotiations()).length === 0) {
      const seeded = await loadDemo(parley, join(root, SEED_SCENARIO));
      context.stdout.write(`The store was empty: loaded the seed scenario (${seeded.imported} events, ${SEED_SCENARIO}).\n`);
    }
  } catch (error) {
    await running?.close();
    await closeStores();
    throw error;
  }

  context.stdout.write(`Parley listening on ${running.url}\n`);
  const readStoreUrl = config.readStoreUrl === undefined ? undefined : redact(config.readStoreUrl);
  context.stdout.write(`store: ${redact(config.storeUrl)}${readStoreUrl ? ` · reads from ${readStoreUrl}` : ''}${config.publicRead ? ' · public reads on' : ''} · dashboard ${running.url}/ · API reference ${running.url}/docs\n`);
  if (adminToken?.created) {
    context.stdout.write(`Admin token (shown this once; kept in ${adminToken.path}, mode 0600):\n  ${adminToken.entry.token}\n`);
  }
  logger.info({ url: running.url, store: redact(config.storeUrl), readStore: readStoreUrl, publicRead: config.publicRead }, 'listening');
  // A store written by an import or an older Parley: its read model is brought up to date now, not by the first query.
  parley!.catchUp((done, total) => {
    if (done === total) logger.info({ streams: total }, 'read model up to date');
  }).catch((error: unknown) => logger.error({ err: error }, 'read model catch-up failed; queries will try again'));
  const proofs = parley!.proofs;
  if (proofs) {
    checkpointTimer = setInterval(() => {
      proofs.checkpoints
        .signIfGrown()
        .then((checkpoint) => checkpoint && logger.info({ size: checkpoint.size, time: checkpoint.time }, 'checkpoint signed'))
        .catch((error: unknown) => logger.error({ err: error }, 'signing a checkpoint failed; the next tick tries again'));
    }, config.checkpointSeconds * 1000);
    checkpointTimer.unref();
  }
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    close: () => (closing ??= shutDown(running, closeStores, logger)),
  };
}

async function shutDown(running: RunningServer, closeStore: () => Promise<void>, logger: Logger): Promise<void> {
  logger.info('shutting down');
  try {
    await running.close();
  } finally {
    await closeStore();
    logger.info('stopped');
    logger.flush();
  }
}

/** A failure to bind, said with the address and what to do; anything else passes through. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new ListenError(`cannot listen on ${address}: the address is already in use (EADDRINUSE); stop what uses it, or choose another --port`);
  if (code === 'EACCES') return new ListenError(`cannot listen on ${address}: permission denied (EACCES); choose a port above 1023`);
  if (code === 'EADDRNOTAVAIL') return new ListenError(`cannot listen on ${address}: no such address on this machine (EADDRNOTAVAIL); check --host`);
  return error;
}

function version(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** `parley serve [--port] [--host] [--store]`: the HTTP API and the dashboard, until SIGTERM or SIGINT. */
export function registerServe(program: Command, context: CliContext = processContext()): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard (loads the seed scenario into an empty store)')
    .option('--port <port>', 'port to listen on (PORT, default 3000; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (flags: ConfigFlags) => {
      const serving = await serve(context, flags);
      await new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = (signal: NodeJS.Signals) => {
          if (++signals > 1) process.exit(signal === 'SIGINT' ? 130 : 143); // asked twice: stop now
          serving.close().then(resolve, (error: unknown) => {
            context.stderr.write(`parley: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}
