import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../config.js';
import { ValidationError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import { openStore } from '../store/openStore.js';
import { UsageError } from './cliErrors.js';
import type { CliContext } from './context.js';

export interface StoreUse {
  /** Read-only commands refuse a SQLite path that does not exist rather than create an empty store there. */
  readonly mustExist?: boolean;
}

/** The configuration of a command, flags over environment (CONTRACT §7); a bad value is a usage error. */
export function commandConfig(context: CliContext, flags: { store?: string }): Config {
  try {
    return loadConfig(context.env, { store: flags.store });
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(`configuration: ${error.message}`);
    throw error;
  }
}

/**
 * Opens the configured store, runs `work`, and closes the store whatever happens,
 * including on Ctrl-C or SIGTERM (every store write is one transaction, so an interrupted
 * command leaves whole batches only).
 */
export async function withStore<T>(config: Config, use: StoreUse, work: (store: EventStore) => Promise<T>): Promise<T> {
  if (use.mustExist && config.storeUrl.startsWith('sqlite:')) {
    const path = config.storeUrl.slice('sqlite:'.length);
    if (path && path !== ':memory:' && !existsSync(path)) {
      throw new ValidationError(`no store at ${path}: load one with "parley demo" or "parley import FILE", or pass --store`);
    }
  }
  let store: EventStore;
  try {
    store = await openStore(config.storeUrl, { sqliteDurability: config.sqliteDurability });
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message);
    throw error;
  }
  const onSignal = (signal: NodeJS.Signals) => {
    void store.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(store);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}
