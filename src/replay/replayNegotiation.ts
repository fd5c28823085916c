import { LATEST_ACTIVITY } from '../../projections/dashboard.js';
import { appliedAt, possibleAt, startedBy } from '../../projections/countsAt.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { existenceAt, openingIn, type Existence } from '../../projections/existence.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { statementsOf, type Statement } from '../../projections/statements.js';
import { timelineOf, type Timeline } from '../../projections/timeline.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { effectiveView } from './effectiveView.js';

/** One negotiation as every projection reads it at the cut. */
export interface ReplayedNegotiation {
  readonly negotiationId: string;
  /** Events in its stream (corrections included), whatever the cut. */
  readonly events: number;
  /** Whether it exists at the cut (CONTRACT §2.2), or why not. */
  readonly existence: Existence;
  /** `opened` is false when the negotiation did not exist at the cut. */
  readonly state: NegotiationState;
  /** The events that possibly happened by asOf (retracted ones included), in valid-time order. */
  readonly possible: readonly EffectiveEvent[];
  /** Every event that started by asOf, definite or possible. */
  readonly timeline: Timeline;
  /** The statements made by asOf (possible ones left out, as a query leaves them out by default). */
  readonly statements: readonly Statement[];
  /** The last events applied, newest last: the dashboard's latest activity. */
  readonly recent: readonly EffectiveEvent[];
}

/** Every per-negotiation projection of one stream's events (its whole log, in revision order) at the cut. */
export function replayNegotiation(negotiationId: string, log: readonly RecordedEvent[], cut: Cut): ReplayedNegotiation {
  // What StreamView answers, without the view's cached reading, snapshots and index: this reading is used once.
  const reading = effectiveView(log, cut.knownAt, (event) => Date.parse(event.recordedAt));
  const applied = appliedAt(reading, cut.asOf);
  const state = applied.reduce(evolveNegotiationState, initialNegotiationState(negotiationId));
  return {
    negotiationId,
    events: log.length,
    existence: existenceAt(openingIn(reading), cut.asOf),
    state,
    possible: possibleAt(reading, cut.asOf),
    timeline: timelineOf(startedBy(reading, cut.asOf), cut.asOf),
    statements: statementsOf(applied, cut.asOf),
    recent: applied,
  };
}
