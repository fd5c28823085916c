import type { PendingEvent, RecordedEvent } from '../events/recordedEvent.js';
import type { StoredRow, UnreadableRows } from './storedRow.js';
import type { ProofStore } from './proofStore.js';
import type { ReadChange, ReadModel } from './readModel.js';

/**
 * Works out an append's read-model change from its events as recorded (positions assigned),
 * inside the append's transaction; undefined leaves the stream behind, for a later catch-up.
 */
export type AppendProjector = (recorded: readonly RecordedEvent[]) => ReadChange | undefined;

/** The last event of a stream: what an append must follow. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/**
 * The store port. Adapters (SQLite, PostgreSQL, EventStoreDB) keep events exactly as
 * given — revisions, recordedAt, recordedBy and hashes are chosen before `append` — and
 * assign only the global position.
 */
export interface EventStore {
  /** `sqlite`, `postgres` or `esdb`: reported by /health. */
  readonly kind: string;

  /**
   * True when appends made without waiting for the earlier ones are applied in call order,
   * each checked against those before it, so a writer may hand over the next batch of a
   * stream before the last one is acknowledged. Elsewhere concurrent appends race.
   */
  readonly pipelinedAppends: boolean;

  /**
   * Appends the events atomically if the stream's last revision is `expectedRevision`
   * (NO_STREAM for a new stream); the events carry revisions expectedRevision+1, +2, …
   * Throws WrongExpectedRevisionError when the stream has moved, DuplicateEventIdError
   * when an event id is already stored (in any stream); nothing is written then. On a store
   * with a read model, `project` is asked for the change to its rows, written in the same
   * transaction (a projector that throws aborts the append).
   */
  append(negotiationId: string, expectedRevision: number, events: readonly PendingEvent[], project?: AppendProjector): Promise<RecordedEvent[]>;

  /** The bitemporal read model (CONTRACT §4.1) kept beside the events; undefined on a store that has none (EventStoreDB). */
  readonly readModel?: ReadModel;

  /** The Merkle log's leaves, nodes and checkpoints (CONTRACT §8); undefined on a store that keeps none (EventStoreDB). */
  readonly proofs?: ProofStore;

  /** The stream's last event, or undefined when the stream does not exist. */
  head(negotiationId: string): Promise<StreamHead | undefined>;

  /**
   * Events of one stream in revision order, from `fromRevision` (inclusive), at most `limit`.
   * This and every other read of events throws UnreadableEventError for a stored row that cannot be read back.
   */
  readStream(negotiationId: string, fromRevision?: number, limit?: number): Promise<RecordedEvent[]>;

  /**
   * One page of the global log: events with position > `after`, in position order, at most
   * `limit`. A reader that pages on from the last position it saw never skips an event.
   */
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;

  /**
   * Where a reader of what is appended from now on starts: the last position the global log
   * shows (an unreadable row's included), or a higher one on a store whose log holds records
   * of others too; 0 for an empty log. Reading on after it never skips a later event.
   */
  lastPosition(): Promise<number>;

  /** The stored events with these ids (any order; missing ids are left out). */
  findEvents(ids: readonly string[]): Promise<RecordedEvent[]>;

  /** Every negotiation id, in the order the streams were opened. */
  listNegotiations(): Promise<string[]>;

  /**
   * Every negotiation id that has a stored event, whatever its revisions (a stream whose
   * revision 0 was deleted included), sorted: what verify checks.
   */
  listStreams(): Promise<string[]>;

  /**
   * Rows of one stream in revision order, from `fromRevision` (inclusive), at most `limit`:
   * an unreadable row comes back as such with its columns, and the others still come back.
   */
  readStreamRows(negotiationId: string, fromRevision: number, limit: number): Promise<StoredRow[]>;

  /** Rows of the global log with position > `after`, in position order, at most `limit`; unreadable ones as such. */
  readAllRows(after: number, limit: number): Promise<StoredRow[]>;

  /** The unreadable rows reads have met so far. */
  readonly unreadable: UnreadableRows;

  /**
   * Calls `onChange` when appends may have become visible (this process's, and on shared
   * stores other processes'), and once a lost connection is regained, as what happened
   * meanwhile was not heard. It carries no events: the listener reads on from the last
   * position it has, so a signal that comes twice or finds nothing new costs only a read.
   */
  subscribe(onChange: () => void): () => void;

  close(): Promise<void>;
}

/** The global log after a position, page by page, as an async iterable. */
export async function* readAllFrom(store: EventStore, after = 0, pageSize = 1_000): AsyncGenerator<RecordedEvent> {
  let position = after;
  for (;;) {
    const page = await store.readAll(position, pageSize);
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    position = page[page.length - 1]!.position;
  }
}
