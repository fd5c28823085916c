import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, type PendingEvent, type RecordedEvent } from '../events/recordedEvent.js';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors.js';
import { ChangeSignal } from './changeSignal.js';
import { type AppendProjector, type EventStore, type StreamHead } from './eventStore.js';
import type { ReadModel } from './readModel.js';
import type { ProofStore } from './proofStore.js';
import { READ_MODEL_SCHEMA, SqliteReadModel } from './sqliteReadModel.js';
import { PROOF_SCHEMA, SqliteProofStore } from './sqliteProofStore.js';
import { toSqliteStoreError } from './sqliteErrors.js';
import { decodeRow, parseStoredEvent, UnreadableRows, type StoredRow } from './storedRow.js';

export interface SqliteStoreOptions {
  /**
   * `normal` (default): WAL with synchronous=NORMAL — an acknowledged append survives a
   * crash of the process, but the last transactions may be lost if the machine loses power.
   * `full`: synchronous=FULL — also survives power loss, at the cost of an fsync per commit.
   */
  durability?: 'normal' | 'full';
}

const SCHEMA_VERSION = 4;

/** An append waiting for the next group commit. */
interface QueuedAppend {
  readonly negotiationId: string;
  readonly expectedRevision: number;
  readonly events: readonly PendingEvent[];
  readonly project: AppendProjector | undefined;
  readonly resolve: (recorded: RecordedEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The embedded store. One row per event: the indexed columns a read needs, and the event
 * itself as JSON, so a read is one JSON.parse per event.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  /** Appends made in one turn of the event loop are committed together, in call order: see `append`. */
  readonly pipelinedAppends = true;
  readonly unreadable = new UnreadableRows();
  private readonly db: Database.Database;
  private readonly changed = new ChangeSignal();
  private readonly statements;
  private readonly appendTransaction;
  private readonly groupTransaction;
  /** One read transaction for all the ids: a lock taken once, not once per id. */
  private readonly findTransaction;
  private queued: QueuedAppend[] = [];
  private readonly rows: SqliteReadModel;
  readonly readModel: ReadModel;
  private readonly log: SqliteProofStore;
  readonly proofs: ProofStore;

  constructor(readonly path: string, options: SqliteStoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path, { timeout: 10_000 });
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the SQLite store at ${path}: ${(error as Error).message}`);
    }
    try {
      this.configure(options);
      this.migrate();
    } catch (error) {
      this.db.close();
      throw toSqliteStoreError(error, `opening ${path}`);
    }
    this.statements = {
      head: this.db.prepare<[string], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE negotiation_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      insert: this.db.prepare<[string, string, number, string, string]>(
        'INSERT INTO events (id, negotiation_id, revision, hash, body) VALUES (?, ?, ?, ?, ?)',
      ),
      readStream: this.db.prepare<[string, number, number], { position: number; body: string }>(
        'SELECT position, body FROM events WHERE negotiation_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: this.db.prepare<[number, number], { position: number; body: string }>(
        'SELECT position, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      // The id twice: once for the prefix index, once to compare in full.
      findOne: this.db.prepare<[string, string], { position: number; body: string }>(
        'SELECT position, body FROM events WHERE substr(id, 1, 8) = substr(?, 1, 8) AND id = ?',
      ),
      exists: this.db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM events WHERE substr(id, 1, 8) = substr(?, 1, 8) AND id = ?'),
      negotiations: this.db.prepare<[], { negotiation_id: string }>(
        'SELECT negotiation_id FROM events WHERE revision = 0 ORDER BY position',
      ),
      // Over the (negotiation_id, revision) index: every stream, with or without its revision 0.
      streams: this.db.prepare<[], { negotiation_id: string }>('SELECT DISTINCT negotiation_id FROM events ORDER BY negotiation_id'),
      streamRows: this.db.prepare<[string, number, number], SqliteRow>(
        'SELECT position, negotiation_id, revision, id, hash, body FROM events WHERE negotiation_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      allRows: this.db.prepare<[number, number], SqliteRow>(
        'SELECT position, negotiation_id, revision, id, hash, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      last: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      firstPosition: this.db.prepare<[string], { position: number }>('SELECT position FROM events WHERE negotiation_id = ? ORDER BY revision LIMIT 1'),
      columnsAt: this.db.prepare<[number], Omit<SqliteRow, 'body' | 'hash'>>(
        'SELECT position, negotiation_id, revision, id FROM events WHERE position = ?',
      ),
    };
    this.rows = new SqliteReadModel(this.db);
    this.readModel = this.readModelPort();
    this.log = new SqliteProofStore(this.db);
    this.proofs = this.log.port((doing, read) => this.guard(doing, read));
    this.appendTransaction = this.db.transaction((negotiationId: string, expected: number, events: readonly PendingEvent[], project?: AppendProjector) => {
      const actual = this.statements.head.get(negotiationId)?.revision ?? NO_STREAM;
      if (actual !== expected) throw new WrongExpectedRevisionError(negotiationId, expected, actual);
      const recorded: RecordedEvent[] = [];
      for (const event of events) {
        // Ids are unique by this check (the write lock is held), not by a unique index: see migrate().
        if (this.statements.exists.get(event.id, event.id)) throw new DuplicateEventIdError([event.id]);
        const position = Number(
          this.statements.insert.run(event.id, negotiationId, event.revision, event.hash, JSON.stringify(event)).lastInsertRowid,
        );
        // Object.assign copies an event several times faster than a spread does; an event has no "__proto__" member to set.
        const stored = Object.assign({}, event) as RecordedEvent;
        stored.position = position;
        stored.seq = position - 1;
        recorded.push(stored);
      }
      const last = recorded[recorded.length - 1];
      if (last) {
        this.log.noteHead(negotiationId, last.revision, last.hash);
        this.rows.noteHead(negotiationId, last.revision === recorded.length - 1 ? recorded[0]!.position : this.streamNo(negotiationId), last.revision);
        const change = project?.(recorded);
        if (change) this.rows.applyFollowing(change);
      }
      return recorded;
    });
    this.findTransaction = this.db.transaction((ids: readonly string[]) => {
      const found: RecordedEvent[] = [];
      for (const id of ids) {
        const row = this.statements.findOne.get(id, id);
        if (row) found.push(this.toEvent(row));
      }
      return found;
    });
    // Each append runs in its own savepoint (a nested transaction), so one that fails leaves the others whole.
    this.groupTransaction = this.db.transaction((appends: readonly QueuedAppend[]) =>
      appends.map((queued) => {
        try {
          return this.appendTransaction(queued.negotiationId, queued.expectedRevision, queued.events, queued.project);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  }

  private configure(options: SqliteStoreOptions): void {
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // 16 MB of page cache holds the indexes' hot pages; the OS caches the rest, and a server stays small.
    this.db.pragma('cache_size = -16384');
    this.db.pragma('temp_store = MEMORY');
    // Checkpoint every ~16 MB of WAL rather than 4 MB: a checkpoint costs two fsyncs, and pages
    // rewritten by many commits in between are copied to the database once.
    this.db.pragma('wal_autocheckpoint = 4000');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreUnavailableError(`the SQLite store has schema version ${version}; this Parley knows up to ${SCHEMA_VERSION}`);
    }
    if (version < 1) {
      this.db.exec(`
        BEGIN IMMEDIATE;
        CREATE TABLE IF NOT EXISTS events (
          position INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          negotiation_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          hash TEXT NOT NULL,
          body TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
        CREATE UNIQUE INDEX IF NOT EXISTS events_stream ON events (negotiation_id, revision);
        PRAGMA user_version = 1;
        COMMIT;
      `);
    }
    if (version < 2) {
      // Event ids are random UUIDs, so every insert lands on a random page of an index on them;
      // an index of their first 8 characters is a quarter the size and much cheaper to write.
      // Lookups compare the whole id; uniqueness is checked on append. The partial index
      // lists the streams without scanning the log.
      this.db.exec(`
        BEGIN IMMEDIATE;
        CREATE INDEX IF NOT EXISTS events_id_prefix ON events (substr(id, 1, 8));
        DROP INDEX IF EXISTS events_id;
        CREATE INDEX IF NOT EXISTS events_opened ON events (position, negotiation_id) WHERE revision = 0;
        PRAGMA user_version = 2;
        COMMIT;
      `);
    }
    if (version < 3) {
      // The read model (see sqliteReadModel.ts); every stream already stored starts behind it, for a catch-up.
      this.db.exec(`BEGIN IMMEDIATE; ${READ_MODEL_SCHEMA} PRAGMA user_version = 3; COMMIT;`);
    }
    if (version < 4) {
      // The Merkle log (see sqliteProofStore.ts); its nodes are built from the events already stored by the first proof asked for.
      this.db.exec(`BEGIN IMMEDIATE; ${PROOF_SCHEMA} PRAGMA user_version = 4; COMMIT;`);
    }
  }

  /**
   * Group commit: appends made in the same turn of the event loop (concurrent requests to
   * different streams) are committed together in one transaction, each in its own savepoint,
   * so the WAL is written once per group rather than once per append.
   */
  append(negotiationId: string, expectedRevision: number, events: readonly PendingEvent[], project?: AppendProjector): Promise<RecordedEvent[]> {
    return new Promise((resolve, reject) => {
      if (this.queued.push({ negotiationId, expectedRevision, events, project, resolve, reject }) === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const appends = this.queued;
    this.queued = [];
    if (appends.length === 0) return;
    let outcomes: (RecordedEvent[] | Error)[];
    try {
      outcomes =
        appends.length === 1
          ? [this.appendTransaction.immediate(appends[0]!.negotiationId, appends[0]!.expectedRevision, appends[0]!.events, appends[0]!.project)]
          : this.groupTransaction.immediate(appends);
    } catch (error) {
      outcomes = appends.map(() => (error instanceof Error ? error : new Error(String(error))));
    }
    let committed = false;
    appends.forEach((queued, index) => {
      const outcome = outcomes[index]!;
      if (outcome instanceof Error) return queued.reject(toSqliteStoreError(outcome, 'appending'));
      committed = true;
      queued.resolve(outcome);
    });
    if (committed) this.changed.notify();
  }

  async head(negotiationId: string): Promise<StreamHead | undefined> {
    return this.guard('reading a stream head', () => this.statements.head.get(negotiationId));
  }

  async readStream(negotiationId: string, fromRevision = 0, limit = Number.MAX_SAFE_INTEGER): Promise<RecordedEvent[]> {
    return this.guard('reading a stream', () => this.statements.readStream.all(negotiationId, fromRevision, limit).map(this.toEvent));
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    return this.guard('reading the global log', () => this.statements.readAll.all(after, limit).map(this.toEvent));
  }

  async lastPosition(): Promise<number> {
    return this.guard('reading the global log', () => this.statements.last.get()?.position ?? 0);
  }

  async readStreamRows(negotiationId: string, fromRevision: number, limit: number): Promise<StoredRow[]> {
    return this.guard('reading a stream', () => this.statements.streamRows.all(negotiationId, fromRevision, limit).map(this.toRow));
  }

  async readAllRows(after: number, limit: number): Promise<StoredRow[]> {
    return this.guard('reading the global log', () => this.statements.allRows.all(after, limit).map(this.toRow));
  }

  async listStreams(): Promise<string[]> {
    return this.guard('listing streams', () => this.statements.streams.all().map((row) => row.negotiation_id));
  }

  async findEvents(ids: readonly string[]): Promise<RecordedEvent[]> {
    return this.guard('finding events', () => this.findTransaction(ids));
  }

  async listNegotiations(): Promise<string[]> {
    return this.guard('listing negotiations', () => this.statements.negotiations.all().map((row) => row.negotiation_id));
  }

  /** Signals after each group commit; appends by other processes on the same file are not heard (readers poll for them). */
  subscribe(onChange: () => void): () => void {
    return this.changed.add(onChange);
  }

  async close(): Promise<void> {
    if (this.db.open) this.commitQueued();
    if (this.db.open) this.db.close();
  }

  /** A stream's order among streams: the position of its first event (an append after revision 0). */
  private streamNo(negotiationId: string): number {
    return this.statements.firstPosition.get(negotiationId)?.position ?? 0;
  }

  /** The read model's port: each call one read (or one transaction) of the same file. */
  private readModelPort(): ReadModel {
    const rows = this.rows;
    return {
      applyChanges: async (changes) => this.guard('writing the read model', () => rows.applyChanges(changes)),
      behind: async () => this.guard('reading the read model', () => rows.behind()),
      clearReadModel: async () => this.guard('clearing the read model', () => rows.clear()),
      summaries: async (cut, lookup) => this.guard('reading the read model', () => rows.summaries(cut, lookup)),
      dashboardTotals: async (cut, latest) => this.guard('reading the read model', () => rows.dashboardTotals(cut, latest)),
      statements: async (cut, lookup) => this.guard('reading the read model', () => rows.statements(cut, lookup)),
      grants: async (cut, lookup) => this.guard('reading the read model', () => rows.grants(cut, lookup)),
      orgItems: async (cut, lookup) => this.guard('reading the read model', () => rows.orgItems(cut, lookup)),
      latestActivity: async (cut, limit) => this.guard('reading the read model', () => rows.latestActivity(cut, limit)),
      openOffers: async (cut, ids) => this.guard('reading the read model', () => rows.openOffers(cut, ids)),
      span: async () => this.guard('reading the read model', () => rows.span()),
    };
  }

  /** Runs one read; a failure of the driver becomes a StoreUnavailableError. */
  private guard<T>(doing: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw toSqliteStoreError(error, doing);
    }
  }

  private readonly toEvent = (row: { position: number; body: string }): RecordedEvent => {
    const event = parseStoredEvent(row.body);
    if (!event) throw this.unreadableAt(row.position);
    event.position = row.position;
    event.seq = row.position - 1;
    return event;
  };

  private readonly toRow = (row: SqliteRow): StoredRow =>
    decodeRow({ position: row.position, negotiationId: row.negotiation_id, revision: row.revision, id: row.id, hash: row.hash }, row.body, this.unreadable, row.position - 1);

  /** The hot reads fetch only position and body; the damaged row's other columns are looked up when it is met. */
  private unreadableAt(position: number): Error {
    const row = this.statements.columnsAt.get(position);
    if (!row) return new StoreUnavailableError(`the SQLite store changed while row ${position} was read`);
    return this.unreadable.note({ position, negotiationId: row.negotiation_id, revision: row.revision, id: row.id });
  }
}

interface SqliteRow {
  position: number;
  negotiation_id: string;
  revision: number;
  id: string;
  hash: string;
  body: string;
}
