import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig, type Config, type ConfigFlags } from '../config.js';
import { ValidationError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import { openStore } from '../store/openStore.js';
import { sqliteFileOf } from '../store/sqliteUrl.js';
import { CliError, UsageError } from './cliErrors.js';
import type { CliContext } from './context.js';

export interface StoreUse {
  /** Read-only commands refuse a SQLite path that does not exist rather than create an empty store there. */
  readonly mustExist?: boolean;
  /** A command that writes: a SQLite store it created is removed again (with the folders made for it) when the command fails leaving it empty. */
  readonly removeIfLeftEmpty?: boolean;
}

/** The configuration of a command, flags over environment (CONTRACT §7); a bad value is a usage error. */
export function commandConfig(context: CliContext, flags: ConfigFlags): Config {
  try {
    return loadConfig(context.env, flags);
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
  const file = sqliteFileOf(config.storeUrl);
  if (use.mustExist && file !== undefined && !existsSync(file)) {
    throw new CliError(`no store at ${file}: load one with "parley demo" or "parley import FILE", or pass --store`);
  }
  const created = use.removeIfLeftEmpty && file !== undefined ? newSqliteStore(file) : undefined;
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
  let leftEmpty = false;
  try {
    return await work(store);
  } catch (error) {
    leftEmpty = created !== undefined && (await isEmpty(store));
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
    if (leftEmpty) removeStore(created!);
  }
}

/** A SQLite store file that does not exist yet, and the folders that opening it will make (deepest first). */
interface NewSqliteStore {
  readonly path: string;
  readonly folders: readonly string[];
}

function newSqliteStore(path: string): NewSqliteStore | undefined {
  if (existsSync(path)) return undefined;
  const folders: string[] = [];
  for (let folder = dirname(resolve(path)); !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder)) folders.push(folder);
  return { path, folders };
}

async function isEmpty(store: EventStore): Promise<boolean> {
  try {
    return (await store.listNegotiations()).length === 0;
  } catch {
    return false;
  }
}

function removeStore(created: NewSqliteStore): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${created.path}${suffix}`, { force: true });
  for (const folder of created.folders) {
    try {
      rmdirSync(folder);
    } catch {
      return; // no longer empty: something else was put there
    }
  }
}
