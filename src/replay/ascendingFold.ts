import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { countsAt } from '../../projections/countsAt.js';

/**
 * The state at a rising sequence of asOf, folded once: the events (in valid-time order) that
 * all count by now are folded into a kept prefix, and only those after the first one still
 * running are folded again at each asOf. An event that never ends (an open end) never counts,
 * so it is stepped over. Equal to a fold of the events that count at each asOf (SnapshotFold).
 */
export class AscendingFold {
  private prefix: NegotiationState;
  private next = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    negotiationId: string,
    private readonly events: readonly EffectiveEvent[],
  ) {
    this.prefix = initialNegotiationState(negotiationId);
  }

  /** The state at `asOf`, which must not be before the last one asked for. */
  stateAt(asOf: number): NegotiationState {
    if (asOf < this.last) throw new RangeError('AscendingFold reads asOf in rising order');
    this.last = asOf;
    const { events } = this;
    while (this.next < events.length) {
      const effective = events[this.next]!;
      if (effective.occurred.end === Number.POSITIVE_INFINITY) this.next++;
      else if (countsAt(effective, asOf)) {
        this.prefix = evolveNegotiationState(this.prefix, effective);
        this.next++;
      } else break;
    }
    let state = this.prefix;
    for (let i = this.next; i < events.length && events[i]!.occurred.start <= asOf; i++) {
      if (countsAt(events[i]!, asOf)) state = evolveNegotiationState(state, events[i]!);
    }
    return state;
  }
}
