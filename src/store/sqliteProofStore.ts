import type Database from 'better-sqlite3';
import type { LogLeaf, ProofStore, StoredCheckpoint, TreeNode } from './proofStore.js';

/**
 * Schema version 4 (CONTRACT §8): the Merkle log's tables. Leaf `seq` is `position − 1`: SQLite
 * hands out rowids as the largest one plus one, under the one write lock, and a rolled back
 * append takes none, so positions are dense in commit order. `log_heads` is each stream's
 * last event, kept by the appends, so a checkpoint reads the streams tree without a scan.
 */
export const PROOF_SCHEMA = `
  CREATE TABLE IF NOT EXISTS log_heads (negotiation_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID;
  INSERT OR REPLACE INTO log_heads (negotiation_id, revision, hash)
    SELECT e.negotiation_id, e.revision, e.hash FROM events e
    WHERE e.revision = (SELECT max(revision) FROM events WHERE negotiation_id = e.negotiation_id);
  CREATE TABLE IF NOT EXISTS tree_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS tree_size (one INTEGER PRIMARY KEY CHECK (one = 1), size INTEGER NOT NULL);
  INSERT OR IGNORE INTO tree_size (one, size) VALUES (1, 0);
  CREATE TABLE IF NOT EXISTS checkpoints (
    id INTEGER PRIMARY KEY, size INTEGER NOT NULL, root TEXT NOT NULL, streams_root TEXT NOT NULL, time TEXT NOT NULL, note TEXT NOT NULL
  );
`;

/** The Merkle log's reads and writes on the store's own connection. */
export class SqliteProofStore {
  private readonly statements;
  private readonly nodesTransaction;
  private readonly writeTransaction;
  private readonly headsTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      noteHead: db.prepare<[string, number, string]>(
        'INSERT INTO log_heads (negotiation_id, revision, hash) VALUES (?, ?, ?) ON CONFLICT (negotiation_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
      ),
      size: db.prepare<[], { size: number | null }>('SELECT max(position) AS size FROM events'),
      leaves: db.prepare<[number, number], { seq: number; hash: string; negotiation_id: string; revision: number }>(
        'SELECT position - 1 AS seq, hash, negotiation_id, revision FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      treeSize: db.prepare<[], { size: number }>('SELECT size FROM tree_size'),
      node: db.prepare<[number, number], { hash: string }>('SELECT hash FROM tree_nodes WHERE level = ? AND idx = ?'),
      insertNode: db.prepare<[number, number, string]>('INSERT OR IGNORE INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      moveTreeSize: db.prepare<[number]>('UPDATE tree_size SET size = max(size, ?)'),
      heads: db.prepare<[], { negotiation_id: string; revision: number; hash: string }>('SELECT negotiation_id, revision, hash FROM log_heads'),
      // A past size: each stream's last event among the first `size` leaves (a scan, for evidence of an older checkpoint).
      headsAt: db.prepare<[number, number], { negotiation_id: string; revision: number; hash: string }>(
        `SELECT e.negotiation_id, e.revision, e.hash FROM events e
         JOIN (SELECT negotiation_id, max(revision) AS revision FROM events WHERE position <= ? GROUP BY negotiation_id) h
           ON h.negotiation_id = e.negotiation_id AND h.revision = e.revision
         WHERE e.position <= ?`,
      ),
      saveCheckpoint: db.prepare<[number, string, string, string, string]>('INSERT INTO checkpoints (size, root, streams_root, time, note) VALUES (?, ?, ?, ?, ?)'),
      checkpoints: db.prepare<[], CheckpointRow>('SELECT size, root, streams_root, time, note FROM checkpoints ORDER BY id'),
      // ISO instants in UTC with milliseconds sort as text in time order.
      newestCheckpoint: db.prepare<[string], CheckpointRow>('SELECT size, root, streams_root, time, note FROM checkpoints WHERE time <= ? ORDER BY id DESC LIMIT 1'),
    };
    this.nodesTransaction = db.transaction((keys: readonly { level: number; index: number }[]) =>
      keys.map((key) => this.statements.node.get(key.level, key.index)?.hash),
    );
    this.writeTransaction = db.transaction((nodes: readonly TreeNode[], treeSize: number) => {
      for (const node of nodes) this.statements.insertNode.run(node.level, node.index, node.hash);
      this.statements.moveTreeSize.run(treeSize);
    });
    // The size and the heads read in one transaction: the heads are those of that size.
    this.headsTransaction = db.transaction((size: number) => {
      const current = this.statements.size.get()?.size ?? 0;
      const rows = size === current ? this.statements.heads.all() : this.statements.headsAt.all(size, size);
      return rows.map((row) => ({ negotiationId: row.negotiation_id, revision: row.revision, hash: row.hash }));
    });
  }

  /** Inside an append's transaction: the stream's new last event. */
  noteHead(negotiationId: string, revision: number, hash: string): void {
    this.statements.noteHead.run(negotiationId, revision, hash);
  }

  /** The port, each call run through `guard` (the store's error translation). */
  port(guard: <T>(doing: string, read: () => T) => T): ProofStore {
    const s = this.statements;
    return {
      logSize: async () => guard('reading the Merkle log', () => s.size.get()?.size ?? 0),
      leaves: async (fromSeq, limit) =>
        guard('reading the Merkle log', () =>
          s.leaves.all(fromSeq, limit).map((row): LogLeaf => ({ seq: row.seq, hash: row.hash, negotiationId: row.negotiation_id, revision: row.revision })),
        ),
      treeSize: async () => guard('reading the Merkle log', () => s.treeSize.get()?.size ?? 0),
      nodes: async (keys) => guard('reading the Merkle log', () => this.nodesTransaction(keys)),
      writeNodes: async (nodes, treeSize) => guard('writing the Merkle log', () => this.writeTransaction.immediate(nodes, treeSize)),
      streamHeadsAt: async (size) => guard('reading the Merkle log', () => this.headsTransaction(size)),
      saveCheckpoint: async (c: StoredCheckpoint) => guard('writing a checkpoint', () => void s.saveCheckpoint.run(c.size, c.root, c.streamsRoot, c.time, c.note)),
      checkpoints: async () => guard('reading checkpoints', () => s.checkpoints.all().map(checkpointOf)),
      newestCheckpoint: async (at) =>
        guard('reading checkpoints', () => {
          const row = s.newestCheckpoint.get(at ?? LATEST);
          return row && checkpointOf(row);
        }),
    };
  }
}

interface CheckpointRow {
  size: number;
  root: string;
  streams_root: string;
  time: string;
  note: string;
}

/** Above every ISO instant's text: no `at` asks for the newest. */
const LATEST = '\uffff';

function checkpointOf(row: CheckpointRow): StoredCheckpoint {
  return { size: row.size, root: row.root, streamsRoot: row.streams_root, time: row.time, note: row.note };
}
