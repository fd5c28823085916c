import type { AppendExpectedRevision, CurrentRevision, Position, ReadPosition } from '@eventstore/db-client';
import { ParleyError, StoreUnavailableError, ValidationError } from '../errors.js';
import { NO_STREAM, type PendingEvent, type RecordedEvent } from '../events/recordedEvent.js';
import type { StoredRow, StoredRowColumns, UnreadableRows } from './storedRow.js';

/**
 * Pure conversions between Parley's events and EventStoreDB/KurrentDB records. Only types
 * come from the client library, so this module loads without gRPC.
 */

export const STREAM_PREFIX = 'negotiation-';

/** The envelope fields that live in the record's metadata; `data` and the provenance fields are its data. */
export type EsdbMetadata = {
  id: string;
  negotiationId: string;
  type: string;
  revision: number;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  hash: string;
  /** Absent for schema version 1, as in the stored form. */
  schemaVersion?: number;
};

export type EsdbEventBody = {
  data: Record<string, unknown>;
  source?: RecordedEvent['source'];
  sources?: RecordedEvent['sources'];
  confidence?: RecordedEvent['confidence'];
  note?: RecordedEvent['note'];
};

const BODY_FIELDS = ['source', 'sources', 'confidence', 'note'] as const;

/** What `appendToStream` takes (a JSON event: the client serialises data and metadata with JSON.stringify). */
export interface EsdbEventData {
  id: string;
  contentType: 'application/json';
  type: string;
  data: EsdbEventBody;
  metadata: EsdbMetadata;
}

/** The parts of a recorded ESDB event this module reads. */
export interface EsdbRecord {
  /** The record id: Parley's event id. */
  id?: string;
  streamId: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/** A record with no real log position: what servers before 22.6 report on stream reads. */
const NO_POSITION = 2n ** 64n - 1n;

export function toEsdbEvent(event: PendingEvent): EsdbEventData {
  const body: EsdbEventBody = { data: event.data };
  for (const field of BODY_FIELDS) if (event[field] !== undefined) (body as Record<string, unknown>)[field] = event[field];
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: body,
    metadata: {
      id: event.id,
      negotiationId: event.negotiationId,
      type: event.type,
      revision: event.revision,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      recordedBy: event.recordedBy,
      hash: event.hash,
      ...(event.schemaVersion !== undefined && { schemaVersion: event.schemaVersion }),
    },
  };
}

/** Whether a record of `$all` is a Parley event (not a system event, not another application's stream). */
export function isParleyRecord(streamId: string, type: string): boolean {
  return streamId.startsWith(STREAM_PREFIX) && !type.startsWith('$');
}

export function fromEsdbRecord(record: EsdbRecord): RecordedEvent {
  const event = eventOfRecord(record);
  if (!event) throw new ParleyError(`record ${record.revision} of ${record.streamId} is not a Parley event`);
  return event;
}

/**
 * A record of a Parley stream as a row: its event, or, when its data or metadata is not a
 * Parley event's, unreadable (noted in `seen`) with what the record itself says of it.
 */
export function rowFromEsdbRecord(record: EsdbRecord, seen: UnreadableRows): StoredRow {
  const meta = (typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}) as Partial<EsdbMetadata>;
  const columns: StoredRowColumns = {
    position: positionOf(record),
    negotiationId: record.streamId.slice(STREAM_PREFIX.length),
    revision: Number(record.revision),
    id: record.id ?? (typeof meta.id === 'string' ? meta.id : ''),
    hash: typeof meta.hash === 'string' ? meta.hash : '',
  };
  const event = eventOfRecord(record);
  return event ? { ...columns, event } : { ...columns, unreadable: seen.note(columns) };
}

function eventOfRecord(record: EsdbRecord): RecordedEvent | undefined {
  const meta = record.metadata as Partial<EsdbMetadata> | undefined;
  const body = record.data as Partial<EsdbEventBody> | undefined;
  if (!isMetadata(meta) || typeof body !== 'object' || body === null || typeof body.data !== 'object' || body.data === null) return undefined;
  const event: RecordedEvent = {
    id: meta.id,
    type: meta.type as RecordedEvent['type'],
    negotiationId: meta.negotiationId,
    revision: meta.revision,
    position: positionOf(record),
    occurredAt: meta.occurredAt,
    recordedAt: meta.recordedAt,
    recordedBy: meta.recordedBy,
    data: body.data,
    hash: meta.hash,
  };
  for (const field of BODY_FIELDS) if (body[field] !== undefined) (event as Record<string, unknown>)[field] = body[field];
  if (meta.schemaVersion !== undefined) event.schemaVersion = meta.schemaVersion;
  return event;
}

function isMetadata(meta: Partial<EsdbMetadata> | undefined): meta is EsdbMetadata {
  if (typeof meta !== 'object' || meta === null) return false;
  const texts = [meta.id, meta.negotiationId, meta.type, meta.occurredAt, meta.recordedAt, meta.recordedBy, meta.hash];
  return texts.every((value) => typeof value === 'string') && Number.isSafeInteger(meta.revision);
}

function positionOf(record: EsdbRecord): number {
  const commit = record.position?.commit;
  if (commit === undefined || commit === NO_POSITION) {
    throw new StoreUnavailableError('the EventStoreDB server does not report log positions on stream reads: it must be version 22.6 or later');
  }
  return positionFromCommit(commit);
}

/**
 * Parley's global position is the record's commit position, a byte offset in the
 * transaction log, as a JavaScript number: exact up to 2^53 − 1 (8 PiB of log). Past that a
 * position cannot be represented, and this refuses rather than round.
 */
export function positionFromCommit(commit: bigint): number {
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ParleyError(`log position ${commit} is beyond 2^53 - 1 and cannot be represented exactly`);
  }
  return Number(commit);
}

/**
 * Where to read `$all` from to get the events after `after`. A Parley position is the commit
 * (and, for the events Parley writes, also the prepare) position of a record, so reading
 * from it starts at that record itself, which the reader skips.
 */
export function readPositionFrom(after: number): ReadPosition {
  if (after <= 0) return 'start';
  const position = BigInt(after);
  return { commit: position, prepare: position };
}

export function toExpectedRevision(expected: number): AppendExpectedRevision {
  return expected === NO_STREAM ? 'no_stream' : BigInt(expected);
}

export function fromCurrentRevision(current: CurrentRevision | undefined): number {
  return typeof current === 'bigint' ? Number(current) : NO_STREAM;
}

/** The client's error classes carry a `type` string; those Parley answers with its own errors. */
export function toEsdbStoreError(error: unknown, doing: string): Error {
  if (error instanceof ParleyError) return error;
  const { type, message, maxAppendSize } = (typeof error === 'object' && error !== null ? error : {}) as {
    type?: string;
    message?: string;
    maxAppendSize?: number;
  };
  if (type === 'maximum-append-size-exceeded') {
    return new ValidationError(`the batch is larger than the event store accepts in one append (${maxAppendSize ?? '?'} bytes)`);
  }
  const reason = type === 'access-denied' ? 'access denied: check the credentials in the store URL' : message || String(error);
  return new StoreUnavailableError(`EventStoreDB unavailable while ${doing}: ${reason}`);
}
