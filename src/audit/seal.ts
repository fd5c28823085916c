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
    // Built member by member, in the stored order: spreading costs V8 far more, once per event.
    const sealed: Record<string, unknown> = {
      id: event.id ?? context.newId(),
      type: event.type,
      negotiationId: head.negotiationId,
      revision: head.revision + 1 + index,
      occurredAt: event.occurredAt,
      recordedAt: context.recordedAt,
      recordedBy: context.recordedBy,
    };
    if (event.source !== undefined) sealed.source = event.source;
    if (event.sources !== undefined) sealed.sources = event.sources;
    if (event.confidence !== undefined) sealed.confidence = event.confidence;
    if (event.note !== undefined) sealed.note = event.note;
    sealed.schemaVersion = SCHEMA_VERSION;
    sealed.data = event.data as Record<string, unknown>;
    previousHash = chainHash(previousHash, sealed as Omit<PendingEvent, 'hash'>);
    sealed.hash = previousHash;
    return sealed as PendingEvent;
  });
}
