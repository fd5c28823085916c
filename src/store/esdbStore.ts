import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AllStreamSubscription,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { DuplicateEventIdError, ValidationError, WrongExpectedRevisionError } from '../errors.js';
import { streamName, type PendingEvent, type RecordedEvent } from '../events/recordedEvent.js';
import { EsdbIdIndex } from './esdbIdIndex.js';
import {
  STREAM_PREFIX,
  fromCurrentRevision,
  isParleyRecord,
  positionFromCommit,
  readPositionFrom,
  rowFromEsdbRecord,
  toEsdbEvent,
  toEsdbStoreError,
  toExpectedRevision,
  type EsdbRecord,
} from './esdbMapping.js';
import { ChangeSignal } from './changeSignal.js';
import type { EventStore, StreamHead } from './eventStore.js';
import { repeatedIds } from './repeatedIds.js';
import { UnreadableRows, type StoredRow } from './storedRow.js';

/** How many `$all` records one read asks for while looking for Parley events. */
const SCAN = 512;

/**
 * The EventStoreDB / KurrentDB adapter (`esdb://host:2113?tls=false`, gRPC, server 22.6 or
 * later). One stream per negotiation (`negotiation-<id>`); the expected revision is checked
 * by the server, and Parley's event id is the record id. The global position is the
 * record's commit position in `$all` (see positionFromCommit for its limit).
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  /** Each append is its own call to the server: concurrent ones race. */
  readonly pipelinedAppends = false;
  readonly unreadable = new UnreadableRows();
  private readonly index = new EsdbIdIndex((after, limit) => this.readAllRows(after, limit));
  private readonly changed = new ChangeSignal();
  private live: Promise<void> | undefined;
  private subscription: AllStreamSubscription | undefined;
  /** The last record the subscription has passed: where it resubscribes from after a drop. */
  private livePosition: ReadPosition = START;
  private resubscribeAttempt = 0;
  private closed = false;

  private constructor(private readonly client: EventStoreDBClient) {}

  /** Connects and checks the server answers; StoreUnavailableError when it does not. */
  static async open(url: string): Promise<EsdbEventStore> {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(url);
    } catch (error) {
      throw new ValidationError(`invalid EventStoreDB URL: ${(error as Error).message}`);
    }
    const store = new EsdbEventStore(client);
    try {
      await store.endOfLog('connecting');
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async append(negotiationId: string, expectedRevision: number, events: readonly PendingEvent[]): Promise<RecordedEvent[]> {
    const repeated = repeatedIds(events);
    if (repeated.length > 0) throw new DuplicateEventIdError(repeated);
    if (events.length === 0) return [];
    // The server only recognises a reused id as a retry of the same write at the same place.
    // An id stored elsewhere is looked up in the index first. Two processes appending the same
    // new id to different streams at the same moment can both pass this check: ESDB has no
    // unique constraint across streams, so that race is accepted here.
    await this.index.catchUp().catch((error: unknown) => {
      throw toEsdbStoreError(error, 'checking event ids');
    });
    const stored = events.filter((event) => this.index.locate(event.id) !== undefined).map((event) => event.id);
    if (stored.length > 0) throw new DuplicateEventIdError(stored);
    try {
      await this.client.appendToStream(streamName(negotiationId), events.map(toEsdbEvent), {
        expectedRevision: toExpectedRevision(expectedRevision),
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(negotiationId, expectedRevision, fromCurrentRevision(error.actualVersion));
      }
      throw toEsdbStoreError(error, 'appending');
    }
    this.changed.notify();
    // Each record's log position is only known by reading the records back.
    return this.readStream(negotiationId, expectedRevision + 1, events.length);
  }

  async head(negotiationId: string): Promise<StreamHead | undefined> {
    const [last] = await this.readRecords(negotiationId, END, 1, BACKWARDS);
    return last ? { revision: last.revision, hash: last.hash } : undefined;
  }

  async readStream(negotiationId: string, fromRevision = 0, limit = Number.MAX_SAFE_INTEGER): Promise<RecordedEvent[]> {
    return eventsOf(await this.readStreamRows(negotiationId, fromRevision, limit));
  }

  async readStreamRows(negotiationId: string, fromRevision: number, limit: number): Promise<StoredRow[]> {
    return this.readRecords(negotiationId, BigInt(fromRevision), limit, FORWARDS);
  }

  private async readRecords(
    negotiationId: string,
    from: bigint | typeof END,
    limit: number,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<StoredRow[]> {
    if (limit <= 0) return [];
    const rows: StoredRow[] = [];
    try {
      const read = this.client.readStream(streamName(negotiationId), { fromRevision: from, maxCount: limit, direction });
      for await (const resolved of read) {
        if (resolved.event) rows.push(rowFromEsdbRecord(resolved.event as EsdbRecord, this.unreadable));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toEsdbStoreError(error, 'reading a stream');
    }
    return rows;
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    return eventsOf(await this.readAllRows(after, limit));
  }

  /** The end of `$all`, whatever stream its last record belongs to: every Parley event after it lies beyond it. */
  async lastPosition(): Promise<number> {
    const end = await this.endOfLog('reading the end of the global log');
    return end === START ? 0 : positionFromCommit(end.commit);
  }

  /** `$all` holds system records and other applications' streams too: reads on until `limit` Parley events or the end. */
  async readAllRows(after: number, limit: number): Promise<StoredRow[]> {
    const events: StoredRow[] = [];
    let from = readPositionFrom(after);
    try {
      for (;;) {
        let seen = 0;
        let last: Position | undefined;
        for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: SCAN, direction: FORWARDS })) {
          seen++;
          const record = resolved.event;
          if (!record) continue;
          last = record.position;
          if (!isParleyRecord(record.streamId, record.type) || positionFromCommit(record.position.commit) <= after) continue;
          events.push(rowFromEsdbRecord(record as EsdbRecord, this.unreadable));
          if (events.length >= limit) return events;
        }
        if (seen < SCAN || !last) return events;
        from = last;
        after = Math.max(after, positionFromCommit(last.commit));
      }
    } catch (error) {
      throw toEsdbStoreError(error, 'reading the global log');
    }
  }

  async findEvents(ids: readonly string[]): Promise<RecordedEvent[]> {
    if (ids.length === 0) return [];
    await this.index.catchUp().catch((error: unknown) => {
      throw toEsdbStoreError(error, 'finding events');
    });
    const found: RecordedEvent[] = [];
    for (const id of new Set(ids)) {
      const location = this.index.locate(id);
      if (!location) continue;
      const [event] = await this.readStream(location.negotiationId, location.revision, 1);
      if (event) found.push(event);
    }
    return found;
  }

  async listNegotiations(): Promise<string[]> {
    await this.index.catchUp().catch((error: unknown) => {
      throw toEsdbStoreError(error, 'listing negotiations');
    });
    return this.index.openedStreams();
  }

  async listStreams(): Promise<string[]> {
    await this.index.catchUp().catch((error: unknown) => {
      throw toEsdbStoreError(error, 'listing streams');
    });
    return this.index.streams();
  }

  /** Signals after this store's appends, and for every Parley record a subscription to `$all` sees (any process's). */
  subscribe(onChange: () => void): () => void {
    const unsubscribe = this.changed.add(onChange);
    this.live ??= this.startLive();
    return unsubscribe;
  }

  /** Settles once the subscription knows where it starts: appends from then on, by any process, are heard. */
  async listening(): Promise<void> {
    await this.live;
  }

  /**
   * Starts from the current end of the log, so later appends are all heard. When the server
   * is unreachable, later attempts run in the background.
   */
  private startLive(): Promise<void> {
    return this.endOfLog('subscribing').then(
      (position) => this.openSubscription(position),
      () => this.retryLater(() => void this.startLive()),
    );
  }

  private retryLater(again: () => void): void {
    if (this.closed) return;
    const delay = Math.min(5_000, 100 * 2 ** this.resubscribeAttempt++);
    setTimeout(again, delay).unref();
  }

  /** A catch-up subscription to the Parley streams in `$all`; when it drops it resubscribes from the last position. */
  private openSubscription(from?: ReadPosition): void {
    if (this.closed) return;
    if (from !== undefined) this.livePosition = from;
    const subscription = this.client.subscribeToAll({
      fromPosition: this.livePosition,
      filter: streamNameFilter({ prefixes: [STREAM_PREFIX] }),
    });
    this.subscription = subscription;
    subscription.on('confirmation', () => (this.resubscribeAttempt = 0));
    subscription.on('data', (resolved) => {
      const record = resolved.event;
      if (!record) return;
      this.livePosition = record.position;
      if (isParleyRecord(record.streamId, record.type)) this.changed.notify();
    });
    let dropped = false;
    const onDrop = (): void => {
      if (dropped || this.closed) return;
      dropped = true;
      subscription.unsubscribe().catch(() => undefined);
      this.retryLater(() => this.openSubscription());
    };
    subscription.on('error', onDrop);
    subscription.on('end', onDrop);
    subscription.on('close', onDrop);
  }

  /** The position of the last record in `$all` (any stream), or START for an empty log. */
  private async endOfLog(doing: string): Promise<Position | typeof START> {
    try {
      for await (const resolved of this.client.readAll({ fromPosition: END, maxCount: 1, direction: BACKWARDS })) {
        if (resolved.event) return resolved.event.position;
      }
      return START;
    } catch (error) {
      throw toEsdbStoreError(error, doing);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscription?.unsubscribe().catch(() => undefined);
    await this.client.dispose().catch(() => undefined);
  }
}

/** The events of rows read for an ordinary read, which refuses an unreadable row. */
function eventsOf(rows: readonly StoredRow[]): RecordedEvent[] {
  return rows.map((row) => {
    if (row.unreadable) throw row.unreadable;
    return row.event;
  });
}
