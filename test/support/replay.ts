import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { effectiveView } from '../../src/replay/effectiveView.js';
import { endOf } from '../../src/time/timePoint.js';

/** A cut from TimePoints, as a query gets it: each axis at the end of its TimePoint; knownAt defaults to "knows everything". */
export function cutAt(asOf: string, knownAt?: string): Cut {
  return { asOf: endOf(asOf), knownAt: knownAt === undefined ? Number.POSITIVE_INFINITY : endOf(knownAt) };
}

/** The effective events that count at the cut, in valid-time order: what every projection folds. */
export function appliedAt(events: readonly RecordedEvent[], cut: Cut): EffectiveEvent[] {
  return effectiveView(events, cut.knownAt, (e) => Date.parse(e.recordedAt)).filter((e) => e.occurred.end <= cut.asOf);
}

/** The negotiation state at the cut, folded without snapshots. */
export function stateAt(events: readonly RecordedEvent[], cut: Cut, negotiationId = events[0]?.negotiationId ?? 'n'): NegotiationState {
  return appliedAt(events, cut).reduce(evolveNegotiationState, initialNegotiationState(negotiationId));
}
