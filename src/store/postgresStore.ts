import pg from 'pg';
import { NO_STREAM, type PendingEvent, type RecordedEvent } from '../events/recordedEvent.js';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors.js';
import { ChangeSignal } from './changeSignal.js';
import { repeatedIds } from './repeatedIds.js';
import { type AppendProjector, type EventStore, type StreamHead } from './eventStore.js';
import { isConnectionBroken, isRetryable, pgErrorOf, toStoreError } from './postgresErrors.js';
import { PgChannelListener } from './postgresListener.js';
import { noteLogHead, postgresProofStore, takeSeqs } from './postgresProofStore.js';
import { applyChange, noteHead, PostgresReadModel } from './postgresReadModel.js';
import type { ProofStore } from './proofStore.js';
import type { ReadModel } from './readModel.js';
import { decodeRow, parseStoredEvent, UnreadableRows, type StoredRow } from './storedRow.js';
import {
  ALLOCATE_POSITIONS_SQL,
  APPEND_CHANNEL,
  INSERT_EVENTS_SQL,
  SETTLED,
  UNIQUE_ID_CONSTRAINT,
  UNIQUE_REVISION_CONSTRAINT,
  migrate,
} from './postgresSchema.js';

export interface PostgresStoreOptions {
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before the store counts as unavailable (default 5 s). */
  connectionTimeoutMs?: number;
  /** Longest a statement may run on the server (default 30 s). */
  statementTimeoutMs?: number;
  /** A hot standby's store: `open` neither creates nor upgrades the schema, only checks that the server answers. */
  readOnly?: boolean;
}

interface Row {
  position: string;
  seq: string | null;
  body: string;
}

interface FullRow extends Row {
  negotiation_id: string;
  revision: number;
  id: string;
  hash: string;
}

const ROW_COLUMNS = 'position, seq, negotiation_id, revision, id, hash, body::text AS body';

const MAX_ATTEMPTS = 3;

/** A projector's own failure, carried out of the append unchanged (it says nothing about the connection). */
class ProjectorFailure extends Error {
  constructor(readonly failure: unknown) {
    super('the read-model projector failed');
  }
}

/**
 * The PostgreSQL adapter (`postgres://` or `postgresql://`, PostgreSQL 13 or later).
 * Concurrency and idempotency are enforced by the database: unique (stream, revision) and
 * unique event id. Appends notify other Parley processes through LISTEN/NOTIFY.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  /** Appends run on pooled connections side by side: their order is not their call order. */
  readonly pipelinedAppends = false;
  readonly unreadable = new UnreadableRows();
  readonly readModel: ReadModel;
  readonly proofs: ProofStore;
  private readonly changed = new ChangeSignal();
  private listener: PgChannelListener | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly options: PostgresStoreOptions,
  ) {
    this.readModel = new PostgresReadModel({
      query: (doing, sql, values) => this.query(doing, sql, values),
      withClient: (doing, work) => this.withClient(doing, work),
    });
    this.proofs = postgresProofStore({
      query: (doing, sql, values) => this.query(doing, sql, values),
      withClient: (doing, work) => this.withClient(doing, work),
    });
  }

  /** Connects, creates or upgrades the schema, and returns the store; StoreUnavailableError when unreachable. */
  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresEventStore> {
    const statementTimeout = options.statementTimeoutMs ?? 30_000;
    const pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 5_000,
      idle_in_transaction_session_timeout: statementTimeout * 2,
      keepAlive: true,
      application_name: 'parley',
    });
    // An idle connection that breaks (server restart) is dropped by the pool; the next query opens a new one.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, connectionString, options);
    try {
      if (options.readOnly) await store.query('opening the store read-only', 'SELECT 1');
      else await store.withClient('creating the schema', (client) => migrate(client));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  /** The read-model change (when `project` gives one) and the stream's head mark are written in the append's transaction. */
  async append(
    negotiationId: string,
    expectedRevision: number,
    events: readonly PendingEvent[],
    project?: AppendProjector,
  ): Promise<RecordedEvent[]> {
    const repeated = repeatedIds(events);
    if (repeated.length > 0) throw new DuplicateEventIdError(repeated);
    if (events.length === 0) return [];
    const recorded = await this.withClient('appending', async (client) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.appendTransaction(client, negotiationId, expectedRevision, events, project);
        } catch (error) {
          if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
          throw error;
        }
      }
    });
    this.changed.notify();
    return recorded;
  }

  private async appendTransaction(
    client: pg.PoolClient,
    negotiationId: string,
    expected: number,
    events: readonly PendingEvent[],
    project: AppendProjector | undefined,
  ): Promise<RecordedEvent[]> {
    await client.query('BEGIN');
    let inAllocation = false;
    try {
      const actual = await lastRevision(client, negotiationId);
      if (actual !== expected) throw new WrongExpectedRevisionError(negotiationId, expected, actual);
      const firstSeq = await takeSeqs(client, events.length);
      inAllocation = true;
      const allocated = await client.query<{ position: string }>(ALLOCATE_POSITIONS_SQL, [events.length]);
      inAllocation = false;
      const positions = allocated.rows.map((row) => row.position);
      await client.query(INSERT_EVENTS_SQL, [
        positions,
        events.map((event) => event.id),
        negotiationId,
        events.map((event) => event.revision),
        events.map((event) => event.hash),
        events.map((event) => JSON.stringify(event)),
        events.map((_, index) => firstSeq + index),
      ]);
      const recorded: RecordedEvent[] = events.map((event, index) => ({ ...event, position: Number(positions[index]), seq: firstSeq + index }));
      await noteLogHead(client, recorded[recorded.length - 1]!);
      const covered = await noteHead(client, negotiationId, recorded[recorded.length - 1]!.revision);
      // A change that follows a revision the read model does not cover (another process appended without one) would skip rows: the stream stays behind.
      const change = projected(project, recorded);
      if (change && change.after === covered) await applyChange(client, change);
      await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, positions[positions.length - 1]]);
      await client.query('COMMIT');
      return recorded;
    } catch (error) {
      await client.query('ROLLBACK');
      // The position lock is a session lock: if the allocation broke halfway, make sure it is let go.
      if (inAllocation) await client.query('SELECT pg_advisory_unlock_all()');
      throw await explainConflict(client, error, negotiationId, expected, events);
    }
  }

  async head(negotiationId: string): Promise<StreamHead | undefined> {
    const rows = await this.query<{ revision: number; hash: string }>(
      'reading a stream head',
      'SELECT revision, hash FROM parley_events WHERE negotiation_id = $1 ORDER BY revision DESC LIMIT 1',
      [negotiationId],
    );
    return rows[0];
  }

  async readStream(negotiationId: string, fromRevision = 0, limit = Number.MAX_SAFE_INTEGER): Promise<RecordedEvent[]> {
    const rows = await this.query<Row>(
      'reading a stream',
      `SELECT position, seq, body::text AS body FROM parley_events
       WHERE negotiation_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [negotiationId, fromRevision, limit],
    );
    return this.toEvents(rows);
  }

  /**
   * Only settled rows (see postgresSchema): a reader paging on from the last position it saw
   * never skips one. The price: while any write transaction older than an append is still
   * open anywhere on the server, that append stays out of this page (at most the statement
   * timeout for Parley's own transactions).
   */
  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.query<Row>(
      'reading the global log',
      `SELECT position, seq, body::text AS body FROM parley_events
       WHERE position > $1 AND ${SETTLED} ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return this.toEvents(rows);
  }

  async readStreamRows(negotiationId: string, fromRevision: number, limit: number): Promise<StoredRow[]> {
    const rows = await this.query<FullRow>(
      'reading a stream',
      `SELECT ${ROW_COLUMNS} FROM parley_events WHERE negotiation_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [negotiationId, fromRevision, limit],
    );
    return rows.map((row) => this.toRow(row));
  }

  async readAllRows(after: number, limit: number): Promise<StoredRow[]> {
    const rows = await this.query<FullRow>(
      'reading the global log',
      `SELECT ${ROW_COLUMNS} FROM parley_events WHERE position > $1 AND ${SETTLED} ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => this.toRow(row));
  }

  async listStreams(): Promise<string[]> {
    // Bytewise order, as the C collation gives, whatever the database's own.
    const rows = await this.query<{ negotiation_id: string }>(
      'listing streams',
      'SELECT negotiation_id FROM parley_events GROUP BY negotiation_id ORDER BY negotiation_id COLLATE "C"',
    );
    return rows.map((row) => row.negotiation_id);
  }

  async findEvents(ids: readonly string[]): Promise<RecordedEvent[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<Row>(
      'finding events',
      'SELECT position, seq, body::text AS body FROM parley_events WHERE id = ANY($1)',
      [[...ids]],
    );
    return this.toEvents(rows);
  }

  async listNegotiations(): Promise<string[]> {
    const rows = await this.query<{ negotiation_id: string }>(
      'listing negotiations',
      'SELECT negotiation_id FROM parley_events WHERE revision = 0 ORDER BY position',
    );
    return rows.map((row) => row.negotiation_id);
  }

  /** Signals after this store's appends, and on every notification of another process's (see PgChannelListener). */
  subscribe(onChange: () => void): () => void {
    const unsubscribe = this.changed.add(onChange);
    if (!this.listener && !this.closed) {
      this.listener = new PgChannelListener({
        connectionString: this.connectionString,
        channel: APPEND_CHANNEL,
        onChange: () => this.changed.notify(),
        connectionTimeoutMs: this.options.connectionTimeoutMs ?? 5_000,
      });
      void this.listener.start();
    }
    return unsubscribe;
  }

  /** Settles once notifications from other processes are heard (after the first `subscribe`). */
  async listening(): Promise<void> {
    await this.listener?.listening();
  }

  /**
   * The highest settled position (see readAll): everything at or below it is committed or
   * never will be, so a reader starting after it skips nothing.
   */
  async lastPosition(): Promise<number> {
    const rows = await this.query<{ position: string }>(
      'reading the global log',
      `SELECT position FROM parley_events WHERE ${SETTLED} ORDER BY position DESC LIMIT 1`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener?.stop();
    await this.pool.end().catch(() => undefined);
  }

  private async query<R extends pg.QueryResultRow>(doing: string, sql: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }

  /** Runs `work` on one pooled connection; a connection that failed is discarded, not reused. */
  private async withClient<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError(error, doing);
    }
    // A connection that drops while checked out emits 'error' besides failing the query in flight.
    const onError = (): void => undefined;
    client.on('error', onError);
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ProjectorFailure) throw error.failure;
      broken = isConnectionBroken(error);
      throw toStoreError(error, doing);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /**
   * The json column keeps out text cut short, not JSON that is no event. The hot reads fetch
   * only position and body, so a damaged row's other columns are looked up once it is met.
   */
  private async toEvents(rows: readonly Row[]): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (const row of rows) {
      const event = parseStoredEvent(row.body);
      if (!event) throw await this.unreadableAt(Number(row.position));
      event.position = Number(row.position);
      if (row.seq !== null) event.seq = Number(row.seq);
      events.push(event);
    }
    return events;
  }

  private async unreadableAt(position: number): Promise<Error> {
    const [row] = await this.query<FullRow>('reading a damaged row', `SELECT ${ROW_COLUMNS} FROM parley_events WHERE position = $1`, [position]);
    const unreadable = row && this.toRow(row).unreadable;
    return unreadable ?? new StoreUnavailableError(`the PostgreSQL store changed while row ${position} was being read; read again`);
  }

  private toRow(row: FullRow): StoredRow {
    const columns = { position: Number(row.position), negotiationId: row.negotiation_id, revision: row.revision, id: row.id, hash: row.hash };
    return decodeRow(columns, row.body, this.unreadable, row.seq === null ? undefined : Number(row.seq));
  }
}

/** The projector's change for the recorded events; a projector that throws aborts the append with its own error. */
function projected(project: AppendProjector | undefined, recorded: readonly RecordedEvent[]): ReturnType<AppendProjector> {
  try {
    return project?.(recorded);
  } catch (error) {
    throw new ProjectorFailure(error);
  }
}

async function lastRevision(client: pg.ClientBase, negotiationId: string): Promise<number> {
  const result = await client.query<{ revision: number }>(
    'SELECT revision FROM parley_events WHERE negotiation_id = $1 ORDER BY revision DESC LIMIT 1',
    [negotiationId],
  );
  return result.rows[0]?.revision ?? NO_STREAM;
}

/** Turns a unique violation into the conflict it stands for (on the same connection, after the rollback). */
async function explainConflict(
  client: pg.ClientBase,
  error: unknown,
  negotiationId: string,
  expected: number,
  events: readonly PendingEvent[],
): Promise<unknown> {
  const { code, constraint } = pgErrorOf(error);
  if (code !== '23505') return error;
  if (constraint === UNIQUE_REVISION_CONSTRAINT) {
    return new WrongExpectedRevisionError(negotiationId, expected, await lastRevision(client, negotiationId));
  }
  if (constraint === UNIQUE_ID_CONSTRAINT) {
    const ids = events.map((event) => event.id);
    const stored = await client.query<{ id: string }>('SELECT id FROM parley_events WHERE id = ANY($1)', [ids]);
    return new DuplicateEventIdError(stored.rows.length > 0 ? stored.rows.map((row) => row.id) : ids);
  }
  return error;
}
