import { LATEST_ACTIVITY } from '../../projections/dashboard.js';
import { appliedAt } from '../../projections/countsAt.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
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
  /** `opened` is false when the negotiation did not exist at the cut. */
  readonly state: NegotiationState;
  readonly timeline: Timeline;
  readonly statements: readonly Statement[];
  /** The last events applied, newest last: the dashboard's latest activity. */
  readonly recent: readonly EffectiveEvent[];
}

/** Every per-negotiation projection of one stream's events (its whole log, in revision order) at the cut. */
export function replayNegotiation(negotiationId: string, log: readonly RecordedEvent[], cut: Cut): ReplayedNegotiation {
  // What StreamView.applied answers, without the view's cached reading and snapshots: this reading is used once.
  const applied = appliedAt(effectiveView(log, cut.knownAt, (event) => Date.parse(event.recordedAt)), cut.asOf);
  const state = applied.reduce(evolveNegotiationState, initialNegotiationState(negotiationId));
  return { negotiationId, events: log.length, state, timeline: timelineOf(applied), statements: statementsOf(applied), recent: applied.slice(-LATEST_ACTIVITY) };
}
