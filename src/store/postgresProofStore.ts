import type pg from 'pg';
import type { RecordedEvent } from '../events/recordedEvent.js';
import type { PgAccess } from './postgresReadModel.js';
import type { ProofStore, StoredCheckpoint } from './proofStore.js';

/**
 * Version 3 (CONTRACT §8): the Merkle log. Positions have gaps (a rolled back append keeps
 * the ones it drew) and follow the order they were drawn in, not commits; `seq` must be dense
 * in commit order, with several Parley processes on one database too. So an append takes a
 * lock held to its commit, then the next seqs from `parley_log`'s one row: the next append
 * waits for the lock, and a rolled back one gives its seqs back.
 * Events stored before are numbered in position order. `parley_log_heads` is each stream's last
 * event, for the streams tree; the tree's nodes and the signed checkpoints are kept beside.
 */
/** Advisory lock key (per database), held by an append from taking its seqs to its commit. */
const LOG_LOCK = 7_061_726_003;

export const V3 = `
  ALTER TABLE parley_events ADD COLUMN seq bigint;
  UPDATE parley_events e SET seq = n.seq FROM (SELECT position, row_number() OVER (ORDER BY position) - 1 AS seq FROM parley_events) n
    WHERE n.position = e.position;
  CREATE UNIQUE INDEX parley_events_seq ON parley_events (seq);
  CREATE TABLE parley_log (one boolean PRIMARY KEY DEFAULT true CHECK (one), size bigint NOT NULL);
  INSERT INTO parley_log (one, size) SELECT true, count(*) FROM parley_events;
  CREATE TABLE parley_log_heads (negotiation_id text COLLATE "C" PRIMARY KEY, revision integer NOT NULL, hash text NOT NULL);
  INSERT INTO parley_log_heads (negotiation_id, revision, hash)
    SELECT DISTINCT ON (negotiation_id) negotiation_id, revision, hash FROM parley_events ORDER BY negotiation_id, revision DESC;
  CREATE TABLE parley_tree_nodes (level integer NOT NULL, idx bigint NOT NULL, hash text NOT NULL, PRIMARY KEY (level, idx));
  CREATE TABLE parley_tree_size (one boolean PRIMARY KEY DEFAULT true CHECK (one), size bigint NOT NULL);
  INSERT INTO parley_tree_size (one, size) VALUES (true, 0);
  CREATE TABLE parley_checkpoints (
    id bigserial PRIMARY KEY, size bigint NOT NULL, root text NOT NULL, streams_root text NOT NULL, time text NOT NULL, note text NOT NULL
  );
`;

/**
 * Inside an append's transaction, before its positions are drawn: the first of its events'
 * seqs. Takes the log's lock, held to the commit (see V3), so appends commit one at a
 * time in seq order, and positions, drawn after, follow the same order: an export in
 * position order numbers an empty store's leaves as this one's.
 */
export async function takeSeqs(client: pg.ClientBase, count: number): Promise<number> {
  // The lock first, then the first write: the transaction gets its id only once it holds the
  // lock, so ids, like positions, follow the order appends take it in (see SETTLED, V1). A row
  // lock alone would not do that: its waiters get their ids as they queue, and race when it is let go.
  await client.query(`SELECT pg_advisory_xact_lock(${LOG_LOCK})`);
  const taken = await client.query<{ first: string }>('UPDATE parley_log SET size = size + $1 RETURNING size - $1 AS first', [count]);
  return Number(taken.rows[0]!.first);
}

/** Inside an append's transaction: the stream's new last event, for the streams tree. */
export async function noteLogHead(client: pg.ClientBase, last: RecordedEvent): Promise<void> {
  await client.query(
    `INSERT INTO parley_log_heads (negotiation_id, revision, hash) VALUES ($1, $2, $3)
     ON CONFLICT (negotiation_id) DO UPDATE SET revision = EXCLUDED.revision, hash = EXCLUDED.hash`,
    [last.negotiationId, last.revision, last.hash],
  );
}

/** The Merkle log's port on PostgreSQL. */
export function postgresProofStore(db: PgAccess): ProofStore {
  return {
    logSize: async () => Number((await db.query<{ size: string }>('reading the Merkle log', 'SELECT size FROM parley_log'))[0]?.size ?? 0),
    leaves: async (fromSeq, limit) =>
      (
        await db.query<{ seq: string; hash: string; negotiation_id: string; revision: number }>(
          'reading the Merkle log',
          'SELECT seq, hash, negotiation_id, revision FROM parley_events WHERE seq >= $1 ORDER BY seq LIMIT $2',
          [fromSeq, limit],
        )
      ).map((row) => ({ seq: Number(row.seq), hash: row.hash, negotiationId: row.negotiation_id, revision: row.revision })),
    treeSize: async () => Number((await db.query<{ size: string }>('reading the Merkle log', 'SELECT size FROM parley_tree_size'))[0]?.size ?? 0),
    nodes: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await db.query<{ level: number; idx: string; hash: string }>(
        'reading the Merkle log',
        'SELECT n.level, n.idx, n.hash FROM parley_tree_nodes n JOIN unnest($1::integer[], $2::bigint[]) AS k(level, idx) ON n.level = k.level AND n.idx = k.idx',
        [keys.map((key) => key.level), keys.map((key) => key.index)],
      );
      const found = new Map(rows.map((row) => [`${row.level}/${row.idx}`, row.hash]));
      return keys.map((key) => found.get(`${key.level}/${key.index}`));
    },
    writeNodes: async (nodes, treeSize) =>
      db.withClient('writing the Merkle log', async (client) => {
        await client.query('BEGIN');
        try {
          await client.query(
            'INSERT INTO parley_tree_nodes (level, idx, hash) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING',
            [nodes.map((node) => node.level), nodes.map((node) => node.index), nodes.map((node) => node.hash)],
          );
          await client.query('UPDATE parley_tree_size SET size = greatest(size, $1)', [treeSize]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    streamHeadsAt: async (size) =>
      db.withClient('reading the Merkle log', async (client) => {
        // One snapshot for the size and the heads: the heads are those of that size.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          const current = Number((await client.query<{ size: string }>('SELECT size FROM parley_log')).rows[0]?.size ?? 0);
          const rows =
            size === current
              ? (await client.query<{ negotiation_id: string; revision: number; hash: string }>('SELECT negotiation_id, revision, hash FROM parley_log_heads')).rows
              : (
                  await client.query<{ negotiation_id: string; revision: number; hash: string }>(
                    'SELECT DISTINCT ON (negotiation_id) negotiation_id, revision, hash FROM parley_events WHERE seq < $1 ORDER BY negotiation_id, revision DESC',
                    [size],
                  )
                ).rows;
          await client.query('COMMIT');
          return rows.map((row) => ({ negotiationId: row.negotiation_id, revision: row.revision, hash: row.hash }));
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    saveCheckpoint: async (c) => {
      await db.query('writing a checkpoint', 'INSERT INTO parley_checkpoints (size, root, streams_root, time, note) VALUES ($1, $2, $3, $4, $5)', [
        c.size,
        c.root,
        c.streamsRoot,
        c.time,
        c.note,
      ]);
    },
    checkpoints: async () => (await db.query<CheckpointRow>('reading checkpoints', 'SELECT size, root, streams_root, time, note FROM parley_checkpoints ORDER BY id')).map(checkpointOf),
    newestCheckpoint: async (at) => {
      // ISO instants in UTC with milliseconds sort as text (in the C collation) in time order.
      const [row] = await db.query<CheckpointRow>(
        'reading checkpoints',
        'SELECT size, root, streams_root, time, note FROM parley_checkpoints WHERE $1::text IS NULL OR time COLLATE "C" <= $1 ORDER BY id DESC LIMIT 1',
        [at ?? null],
      );
      return row && checkpointOf(row);
    },
  };
}

interface CheckpointRow {
  size: string;
  root: string;
  streams_root: string;
  time: string;
  note: string;
}

function checkpointOf(row: CheckpointRow): StoredCheckpoint {
  return { size: Number(row.size), root: row.root, streamsRoot: row.streams_root, time: row.time, note: row.note };
}
