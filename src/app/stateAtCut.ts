import type { Cut } from '../../projections/effectiveEvent.js';
import { exists, existenceAt, type Exists } from '../../projections/existence.js';
import { presentNegotiationState, type NegotiationStateView } from '../answers/negotiationState.js';
import { ParleyError } from '../errors.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { StreamView } from '../replay/streamView.js';
import { absentAtCut } from './absentAtCut.js';

/**
 * Whether the negotiation exists at the cut (`yes` or `possibly`); else the 404 that says
 * which cut excluded it. `at` names the cut in that message.
 */
export function existingAt(view: StreamView, cut: Cut, at?: string): Exists {
  const opening = view.opening(cut.knownAt);
  const existence = existenceAt(opening, cut.asOf);
  if (exists(existence)) return existence;
  throw absentAtCut(view.negotiationId, existence, opening, at);
}

/**
 * The negotiation's state at the cut as GET /negotiations/{id} answers it (without the cut),
 * `exists: "possibly"` while its opening only possibly happened. One definition for the
 * server and for an offline check of an evidence pack, which replays the pack's own events.
 */
export function stateAtCut(view: StreamView, cut: Cut): NegotiationStateView {
  const existing = existingAt(view, cut);
  return presentNegotiationState(view.state(cut), cut.asOf, existing, view.possible(cut));
}

/** The state at the cut replayed from these events alone (revisions 0, 1, 2, … of one stream, stored form), as an evidence pack holds them. */
export function stateOfEvents(negotiationId: string, events: readonly RecordedEvent[], cut: Cut): NegotiationStateView {
  const view = new StreamView(negotiationId);
  if (!view.append(events)) throw new ParleyError('the events are not revisions 0, 1, 2, … of the stream without a gap');
  return stateAtCut(view, cut);
}
