import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';
import { EVENT_TYPES, type EventData, type EventType } from './catalogue.js';
import { EventId, NegotiationId } from './primitives.js';
import { Confidence, Note, StoredSources } from './provenance.js';
import { StoredSource } from './source.js';
import { KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION } from './schemaVersion.js';

/** An event as the store holds it and the server returns it (CONTRACT §1, §3.1). */
export const RecordedEvent = z
  .strictObject({
    id: EventId,
    type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
    negotiationId: NegotiationId,
    revision: z.int().min(0),
    position: z.int().min(1),
    seq: z
      .int()
      .min(0)
      .optional()
      .meta({ description: "the event's leaf index in the store's Merkle log (CONTRACT §8): dense, in commit order; absent on a store that keeps no Merkle log" }),
    occurredAt: TimePoint,
    recordedAt: z.iso.datetime({ precision: 3 }),
    recordedBy: z.string().min(1).max(200),
    source: StoredSource.optional(),
    sources: StoredSources.optional(),
    confidence: Confidence.optional(),
    note: Note.optional(),
    schemaVersion: z
      .int()
      .refine((version) => KNOWN_SCHEMA_VERSIONS.includes(version), {
        error: (issue) => `schemaVersion ${String(issue.input)} is not one this Parley reads (${KNOWN_SCHEMA_VERSIONS.join(', ')}; absent means 1)`,
      })
      .optional()
      .meta({ description: `the stored form's version (absent = 1); new events are stored as version ${SCHEMA_VERSION}` }),
    data: z.record(z.string(), z.unknown()),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .meta({ id: 'RecordedEvent' });
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/** No event yet: the revision a stream has before its first event, and the expected revision of an append that opens it. */
export const NO_STREAM = -1;

/** The hash before a stream's first event, which its revision 0 chains from (CONTRACT §6). */
export const GENESIS_HASH = '0'.repeat(64);

/** A recorded event before the store has given it a global position and its place in the Merkle log. */
export type PendingEvent = Omit<RecordedEvent, 'position' | 'seq'>;

export function streamName(negotiationId: string): string {
  return `negotiation-${negotiationId}`;
}

/** A recorded event with its `data` typed by its `type` (the store only holds validated events). */
export type RecordedOf<T extends EventType> = Omit<RecordedEvent, 'type' | 'data'> & { type: T; data: EventData<T> };
export type TypedEvent = { [T in EventType]: RecordedOf<T> }[EventType];
