import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent } from '../events/recordedEvent.js';
import { chainHash } from './hashChain.js';
import { SCHEMA_VERSION } from '../events/schemaVersion.js';

/** Where a stream stands before new events: its last revision (NO_STREAM when it has none) and that event's hash (the genesis hash when it has none). */
export interface StreamHead {
  readonly negotiationId: string;
  readonly revision: number;
  readonly hash: string;
}

/** What recording adds that no author writes: the transaction time, the principal, and an id for an event sent without one. */
export interface SealContext {
  /** ISO instant, from the clock the caller was given. */
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly newId: () => string;
}

/**
 * Makes decided events (in their stored form, see storedForm) the stream's next recorded events, in the newest schema version: each keeps its author's id or
 * gets a new one, takes the next revision after the head, the context's recordedAt and
 * recordedBy, and its hash chained from the event before it (CONTRACT §6). Only the fields
 * of an event are taken from it, whatever else the object carries.
 */
export function sealEvents(head: StreamHead, events: readonly EventInput[], context: SealContext): PendingEvent[] {
  let previousHash = head.hash;
  return events.map((event, index) => {
    const unsealed: Omit<PendingEvent, 'hash'> = {
      id: event.id ?? context.newId(),
      type: event.type,
      negotiationId: head.negotiationId,
      revision: head.revision + 1 + index,
      occurredAt: event.occurredAt,
      recordedAt: context.recordedAt,
      recordedBy: context.recordedBy,
      ...(event.source !== undefined && { source: event.source }),
      ...(event.sources !== undefined && { sources: event.sources }),
      ...(event.confidence !== undefined && { confidence: event.confidence }),
      ...(event.note !== undefined && { note: event.note }),
      schemaVersion: SCHEMA_VERSION,
      data: event.data as Record<string, unknown>,
    };
    previousHash = chainHash(previousHash, unsealed);
    return { ...unsealed, hash: previousHash };
  });
}
