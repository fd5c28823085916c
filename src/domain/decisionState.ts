import type { EventType } from '../events/catalogue.js';
import { correctedProvenance, storedProvenance, type Provenance } from '../events/provenance.js';
import { upcast } from '../events/upcast.js';
import { GENESIS_HASH, NO_STREAM, type RecordedEvent, type TypedEvent } from '../events/recordedEvent.js';
import { applyPatch } from '../events/applyPatch.js';

/** What the domain rules of CONTRACT §3 need to know of a stream, in recording order. */
export interface KnownEvent {
  readonly type: EventType;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
  /** Its sources, confidence and note, in stored form (as currently corrected). */
  readonly provenance: Provenance;
  readonly retracted: boolean;
}

export interface DecisionState {
  readonly negotiationId: string;
  /** The stream's last revision (NO_STREAM when it does not exist) and hash. */
  revision: number;
  hash: string;
  readonly offerIds: Set<string>;
  readonly grantIds: Set<string>;
  readonly requestIds: Set<string>;
  /** Every event by id, as currently corrected. */
  readonly events: Map<string, KnownEvent>;
}

/** The decision state as a fold a stream cache keeps beside each stream. */
export const decisionFold = {
  initial: (negotiationId: string): DecisionState => initialDecisionState(negotiationId),
  evolve: (state: DecisionState, event: RecordedEvent): DecisionState => evolveDecisionState(state, event),
};

export function initialDecisionState(negotiationId: string): DecisionState {
  return {
    negotiationId,
    revision: NO_STREAM,
    hash: GENESIS_HASH,
    offerIds: new Set(),
    grantIds: new Set(),
    requestIds: new Set(),
    events: new Map(),
  };
}

/**
 * Folds one recorded event into the decision state. It updates the state in place: the
 * state is private to the stream cache, which is its only writer, and copying these sets
 * per event would make long streams quadratic.
 */
export function evolveDecisionState(state: DecisionState, recorded: RecordedEvent): DecisionState {
  const event = upcast(recorded) as TypedEvent;
  state.revision = event.revision;
  state.hash = event.hash;
  switch (event.type) {
    case 'OfferMade':
      state.offerIds.add(event.data.offerId);
      break;
    case 'AccessGranted':
      state.grantIds.add(event.data.grantId);
      break;
    case 'AccessRequested':
      state.requestIds.add(event.data.requestId);
      break;
    case 'EventCorrected': {
      const target = state.events.get(event.data.targetEventId);
      if (target) {
        state.events.set(event.data.targetEventId, {
          ...target,
          occurredAt: event.data.occurredAt ?? target.occurredAt,
          data: event.data.data ? applyPatch(target, event.data.data) : target.data,
          provenance: correctedProvenance(target.provenance, event.data),
        });
      }
      break;
    }
    case 'EventRetracted': {
      const target = state.events.get(event.data.targetEventId);
      if (target) state.events.set(event.data.targetEventId, { ...target, retracted: true });
      break;
    }
    default:
      break;
  }
  state.events.set(event.id, {
    type: event.type,
    occurredAt: event.occurredAt,
    data: event.data as Record<string, unknown>,
    provenance: storedProvenance(event),
    retracted: false,
  });
  return state;
}
