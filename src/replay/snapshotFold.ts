import { buildCollections, evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { countsAt, startingBy } from '../../projections/countsAt.js';

/** Snapshot places are at least this many events apart… */
const SNAPSHOT_EVERY = 64;
/** …and at most this many, when events crowd into one day. */
const SNAPSHOT_MOST_APART = 4 * SNAPSHOT_EVERY;
/** How many snapshots one place keeps, for different asOf ranges (the oldest goes first). */
const SNAPSHOTS_PER_PLACE = 4;
const DAY_MS = 86_400_000;

/**
 * The state after folding the events before a place that had ended by some asOf. The same
 * state answers every asOf from the latest end among the events it applied up to (excluding)
 * the earliest end among those it left out as not yet over: a month-precision event is left
 * out until its month ends, so inside that month a snapshot still serves.
 */
interface Snapshot {
  readonly state: NegotiationState;
  readonly from: number;
  readonly until: number;
}

/**
 * The negotiation state at any asOf, folded from one stream's effective events in valid-time
 * order, starting from the nearest snapshot that holds for that asOf. Snapshots are placed
 * where a new UTC day starts, so the events before a place have ended (bar coarser TimePoints)
 * by the time any event after it starts; folds leave them behind as they pass.
 */
export class SnapshotFold {
  /** Event indices where snapshots are kept: a snapshot there folds events[0 .. place). */
  private readonly places: number[] = [0];
  private readonly snapshots: Snapshot[][] = [[]];
  private placed = 0;

  /** `events` may grow at the end (see `extended`); anything else needs a new SnapshotFold. */
  constructor(
    private readonly negotiationId: string,
    private readonly events: readonly EffectiveEvent[],
  ) {
    this.extended();
  }

  /** Places snapshots among events added at the end since the last call. */
  extended(): void {
    const { events, places } = this;
    let last = places[places.length - 1]!;
    for (let i = Math.max(this.placed, 1); i < events.length; i++) {
      if (i - last < SNAPSHOT_EVERY) continue;
      const newDay = Math.floor(events[i]!.occurred.start / DAY_MS) !== Math.floor(events[i - 1]!.occurred.start / DAY_MS);
      if (newDay || i - last >= SNAPSHOT_MOST_APART) {
        places.push((last = i));
        this.snapshots.push([]);
      }
    }
    this.placed = events.length;
  }

  stateAt(asOf: number): NegotiationState {
    const { events, places } = this;
    // Only the events that start by asOf can count at it.
    const starting = startingBy(events, asOf);
    // The last place among them that has a snapshot for this asOf; place 0 always has one.
    let place = lastPlaceBy(places, starting);
    let snapshot: Snapshot = { state: initialNegotiationState(this.negotiationId), from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY };
    for (; place > 0; place--) {
      const found = this.snapshots[place]!.find((s) => s.from <= asOf && asOf < s.until);
      if (found) {
        // Built once it is a starting point: reading a state folded on from it then builds only what came after it.
        buildCollections(found.state);
        snapshot = found;
        break;
      }
    }
    let { state, from, until } = snapshot;
    let next = place + 1;
    for (let i = places[place]!; i < starting; i++) {
      const effective = events[i]!;
      if (countsAt(effective, asOf)) {
        state = evolveNegotiationState(state, effective);
        from = Math.max(from, effective.occurred.end);
      } else {
        until = Math.min(until, effective.occurred.end);
      }
      if (i + 1 === places[next]) this.keep(next++, { state, from, until });
    }
    return state;
  }

  /** A fold passing a place found no snapshot there for its asOf: it leaves one. */
  private keep(place: number, snapshot: Snapshot): void {
    const kept = this.snapshots[place]!;
    if (kept.length >= SNAPSHOTS_PER_PLACE) kept.shift();
    kept.push(snapshot);
  }
}

/** The index of the last place at or before event index `count`. */
function lastPlaceBy(places: readonly number[], count: number): number {
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (places[mid]! <= count) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
