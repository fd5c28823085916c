import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { PendingEvent } from '../../src/events/recordedEvent.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { info, perSecond, grouped, type Row } from './table.js';

/**
 * The ceilings of this machine with no Parley logic: better-sqlite3 inserting the very rows
 * the store holds (into the untuned schema the issue measured, and through the tuned store
 * alone), and reading them back with JSON.parse. The table shows the core's rates against these.
 */
export async function runRawBench(sourcePath: string, workDir: string, maxRows: number): Promise<Row[]> {
  const source = new Database(sourcePath, { readonly: true });
  try {
    const rows = source
      .prepare<[number], RawRow>('SELECT id, negotiation_id, revision, hash, body FROM events ORDER BY position LIMIT ?')
      .all(maxRows);
    const single = insertRate(join(workDir, 'raw-single.db'), rows, 1);
    const batched = insertRate(join(workDir, 'raw-batch.db'), rows, 100);
    const storeOnly = await storeAppendRate(join(workDir, 'raw-store.db'), rows);
    const scan = readRate((read) => read(source.prepare<[], { body: string }>('SELECT body FROM events ORDER BY position').iterate()));
    const byStream = readRate((read) => {
      const stream = source.prepare<[string], { body: string }>('SELECT body FROM events WHERE negotiation_id = ? ORDER BY revision');
      for (const id of source.prepare<[], string>('SELECT negotiation_id FROM events WHERE revision = 0 ORDER BY position').pluck().all()) read(stream.iterate(id));
    });
    const note = `${grouped(rows.length)} rows`;
    return [
      info('raw insert, 1 row/transaction', `${grouped(single)} events/s`, `reference: untuned (unique id index), WAL, synchronous=NORMAL, ${note}`),
      info('raw insert, 100 rows/transaction', `${grouped(batched)} events/s`, 'reference: same rows, same untuned schema'),
      info('store.append alone, 100 events/append', `${grouped(storeOnly)} events/s`, "reference: Parley's tuned SQLite store, no decide, no hash"),
      info('raw read + JSON.parse, whole log', `${grouped(scan)} events/s`, 'reference: one scan in position order'),
      info('raw read + JSON.parse, stream by stream', `${grouped(byStream)} events/s`, "reference: full replay's reading, without projections"),
    ];
  } finally {
    source.close();
  }
}

interface RawRow {
  id: string;
  negotiation_id: string;
  revision: number;
  hash: string;
  body: string;
}

/** Events/s inserting the rows into a fresh file with the original table and indexes, `perTransaction` rows per commit. */
function insertRate(path: string, rows: readonly RawRow[], perTransaction: number): number {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL, negotiation_id TEXT NOT NULL, revision INTEGER NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL);
      CREATE UNIQUE INDEX events_id ON events (id);
      CREATE UNIQUE INDEX events_stream ON events (negotiation_id, revision);
    `);
    const insert = db.prepare('INSERT INTO events (id, negotiation_id, revision, hash, body) VALUES (?, ?, ?, ?, ?)');
    const commit = db.transaction((batch: readonly RawRow[]) => {
      for (const row of batch) insert.run(row.id, row.negotiation_id, row.revision, row.hash, row.body);
    });
    const started = performance.now();
    for (let i = 0; i < rows.length; i += perTransaction) commit.immediate(rows.slice(i, i + perTransaction));
    return perSecond(rows.length, performance.now() - started);
  } finally {
    db.close();
  }
}

/** Events/s through SqliteEventStore.append alone: runs of one stream's consecutive events, up to 100 per append. */
async function storeAppendRate(path: string, rows: readonly RawRow[]): Promise<number> {
  const batches: PendingEvent[][] = [];
  for (const row of rows) {
    const { position: _position, ...event } = JSON.parse(row.body) as PendingEvent & { position: number };
    const last = batches[batches.length - 1];
    if (last && last.length < 100 && last[0]!.negotiationId === event.negotiationId) last.push(event);
    else batches.push([event]);
  }
  const store = new SqliteEventStore(path);
  try {
    const started = performance.now();
    for (const batch of batches) await store.append(batch[0]!.negotiationId, batch[0]!.revision - 1, batch);
    return perSecond(rows.length, performance.now() - started);
  } finally {
    await store.close();
  }
}

/** Events/s of `scan`, which reads rows one at a time (never the whole log at once) and hands them to `read` to parse. */
function readRate(scan: (read: (rows: Iterable<{ body: string }>) => void) => void): number {
  let count = 0;
  const read = (rows: Iterable<{ body: string }>) => {
    for (const row of rows) if (JSON.parse(row.body) !== null) count++;
  };
  const started = performance.now();
  scan(read);
  return perSecond(count, performance.now() - started);
}

/**
 * The ceiling of an import on this machine: better-sqlite3 alone inserting the rows an
 * import stored (read from `storePath`) into a fresh file with the store's own table and
 * indexes (made by opening a SqliteEventStore there) and its pragmas, 1,000 rows a
 * transaction, nothing checked, closing included (its checkpoint writes the rows out).
 */
export async function rawInsertRate(storePath: string, workDir: string): Promise<number> {
  const source = new Database(storePath, { readonly: true });
  const rows = source.prepare<[], RawRow>('SELECT id, negotiation_id, revision, hash, body FROM events ORDER BY position').all();
  source.close();
  const path = join(workDir, 'raw-ceiling.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  await new SqliteEventStore(path).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -16384');
  db.pragma('wal_autocheckpoint = 4000');
  const insert = db.prepare('INSERT INTO events (id, negotiation_id, revision, hash, body) VALUES (?, ?, ?, ?, ?)');
  const commit = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      insert.run(row.id, row.negotiation_id, row.revision, row.hash, row.body);
    }
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 1_000) commit.immediate(i, Math.min(rows.length, i + 1_000));
  db.close();
  const rate = perSecond(rows.length, performance.now() - started);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return rate;
}
