import { join } from 'node:path';
import Database from 'better-sqlite3';
import { info, perSecond, grouped, type Row } from './table.js';

/**
 * The ceilings of this machine with no Parley logic at all: better-sqlite3 inserting and
 * reading the very rows the store holds, and JSON.parse. The table shows the core's rates
 * against these.
 */
export function runRawBench(sourcePath: string, workDir: string, maxRows: number): Row[] {
  const source = new Database(sourcePath, { readonly: true });
  try {
    const rows = source
      .prepare<[number], RawRow>('SELECT id, negotiation_id, revision, hash, body FROM events ORDER BY position LIMIT ?')
      .all(maxRows);
    const single = insertRate(join(workDir, 'raw-single.db'), rows, 1);
    const batched = insertRate(join(workDir, 'raw-batch.db'), rows, 100);
    const scan = readRate(source, 'SELECT body FROM events ORDER BY position');
    return [
      info('raw insert, 1 row/transaction', `${grouped(single)} events/s`, `reference: WAL, synchronous=NORMAL, ${grouped(rows.length)} rows`),
      info('raw insert, 100 rows/transaction', `${grouped(batched)} events/s`, 'reference: same rows, same indexes'),
      info('raw read + JSON.parse, whole log', `${grouped(scan)} events/s`, 'reference: one scan in position order'),
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

/** Events/s inserting the rows into a fresh file with the store's table and indexes, `perTransaction` rows per commit. */
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

/** Events/s reading bodies one row at a time (never the whole log at once) and parsing each. */
function readRate(db: Database.Database, sql: string): number {
  const started = performance.now();
  let count = 0;
  for (const row of db.prepare<[], { body: string }>(sql).iterate()) {
    if (JSON.parse(row.body) !== null) count++;
  }
  return perSecond(count, performance.now() - started);
}
