import { ValidationError } from '../errors.js';
import type { EventStore } from './eventStore.js';
import { SqliteEventStore } from './sqliteStore.js';
import { sqlitePathOf } from './sqliteUrl.js';

export const DEFAULT_STORE_URL = 'sqlite:./data/parley.db';

export interface OpenStoreOptions {
  /** For sqlite: see SqliteStoreOptions.durability. */
  readonly sqliteDurability?: 'normal' | 'full';
}

/**
 * Opens the store a PARLEY_STORE URL names (CONTRACT §7): `sqlite:PATH`, `postgres://…`
 * or `esdb://…`. Server adapters are loaded only when asked for.
 */
export async function openStore(url: string = DEFAULT_STORE_URL, options: OpenStoreOptions = {}): Promise<EventStore> {
  const path = sqlitePathOf(url);
  if (path !== undefined) {
    if (!path) throw new ValidationError('sqlite: store URL needs a path, e.g. sqlite:./data/parley.db');
    return new SqliteEventStore(path, { durability: options.sqliteDurability ?? 'normal' });
  }
  if (isPostgresUrl(url)) {
    const { PostgresEventStore } = await import('./postgresStore.js');
    return PostgresEventStore.open(url);
  }
  if (/^esdb(\+discover)?:\/\//.test(url)) {
    const { EsdbEventStore } = await import('./esdbStore.js');
    return EsdbEventStore.open(url);
  }
  throw new ValidationError(`unsupported store URL "${redact(url)}": use sqlite:PATH, postgres://… or esdb://…`);
}

/** A `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the PARLEY_READ_STORE (CONTRACT §7): a PostgreSQL hot standby, read only. Its
 * schema is the primary's, replayed: it is never created or upgraded here.
 */
export async function openReadStore(url: string): Promise<EventStore> {
  if (!isPostgresUrl(url)) throw new ValidationError(`unsupported read store URL "${redact(url)}": use postgres://…`);
  const { PostgresEventStore } = await import('./postgresStore.js');
  return PostgresEventStore.open(url, { readOnly: true });
}

/** Hides a password in a store URL before it is printed. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
