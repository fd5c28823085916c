import type { RecordedEvent } from '../events/recordedEvent.js';
import { isoIntervalWriter, type OccurredAtIso } from '../time/isoInstants.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { byValidTime, type Cut, type EffectiveEvent } from '../../projections/effectiveEvent.js';
import { appliedAt, possibleAt, startedBy } from '../../projections/countsAt.js';
import { existenceAt, openingIn, type Existence } from '../../projections/existence.js';
import { effectiveView, occurredIsoOf } from './effectiveView.js';
import { PossibleIndex } from './possibleIndex.js';
import { SnapshotFold } from './snapshotFold.js';

interface FullView {
  readonly events: EffectiveEvent[];
  /** Each effective event by id, once asked for. */
  byId?: Map<string, EffectiveEvent>;
  readonly fold: SnapshotFold;
  readonly possible: PossibleIndex;
  /** The NegotiationOpened, once found (appends never change it: it is revision 0). */
  opening?: EffectiveEvent;
}

/** The last reading made at an earlier knownAt, kept while the stream does not grow: one query reads it several times. */
interface PastReading {
  readonly knownAt: number;
  readonly size: number;
  readonly events: readonly EffectiveEvent[];
  byId?: Map<string, EffectiveEvent>;
}

/**
 * One negotiation's events in memory, and the readings Parley makes of them. The reading
 * as known now is cached with state snapshots; a late event or a correction drops the cache,
 * an event that lands at the end of the valid-time order extends it.
 */
export class StreamView {
  private readonly events: RecordedEvent[] = [];
  /** recordedAt in epoch ms, by revision. */
  private readonly recordedAt: number[] = [];
  private maxRecordedMs = Number.NEGATIVE_INFINITY;
  private full: FullView | undefined;
  private past: PastReading | undefined;
  private readonly writeIsoInterval = isoIntervalWriter();

  constructor(readonly negotiationId: string) {}

  /** An effective event's occurredAt interval as ISO instants (null for an open end), kept with the reading it belongs to. */
  readonly occurredAtIntervalOf = (effective: EffectiveEvent): OccurredAtIso => occurredIsoOf(effective, this.writeIsoInterval);

  get size(): number {
    return this.events.length;
  }

  /** The latest recordedAt among the events, epoch ms (−∞ while empty). */
  get lastRecordedMs(): number {
    return this.maxRecordedMs;
  }

  get lastRevision(): number {
    return this.events.length - 1;
  }

  /** All events in revision order (the raw log). */
  get log(): readonly RecordedEvent[] {
    return this.events;
  }

  /** Adds events that follow on from the last revision; returns false (and adds nothing) on a gap. */
  append(events: readonly RecordedEvent[]): boolean {
    if (events.length === 0) return true;
    if (events[0]!.revision !== this.events.length) return false;
    for (const event of events) {
      const ms = Date.parse(event.recordedAt);
      this.recordedAt.push(ms);
      if (ms > this.maxRecordedMs) this.maxRecordedMs = ms;
      this.events.push(event);
    }
    this.extendFullView(events);
    return true;
  }

  /** The events as known at `knownAt`, corrected, in valid-time order (shared; do not mutate). */
  effective(knownAt: number): readonly EffectiveEvent[] {
    if (knownAt >= this.maxRecordedMs) return this.fullView().events;
    return this.pastReading(knownAt);
  }

  /** The effective event with this id as known at `knownAt` (corrections are no effective events); undefined when there is none. */
  find(id: string, knownAt: number): EffectiveEvent | undefined {
    const reading: { readonly events: readonly EffectiveEvent[]; byId?: Map<string, EffectiveEvent> } =
      knownAt >= this.maxRecordedMs ? this.fullView() : (this.pastReading(knownAt), this.past!);
    reading.byId ??= new Map(reading.events.map((e) => [e.event.id, e]));
    return reading.byId.get(id);
  }

  /** The negotiation's state at the cut; `opened` is false when it did not exist yet. */
  state(cut: Cut): NegotiationState {
    if (cut.knownAt < this.maxRecordedMs) return this.fold(this.pastReading(cut.knownAt), cut.asOf);
    return this.fullView().fold.stateAt(cut.asOf);
  }

  /** The effective events that count at the cut, in valid-time order. */
  applied(cut: Cut): EffectiveEvent[] {
    return appliedAt(this.effective(cut.knownAt), cut.asOf);
  }

  /** The effective events that possibly happened by the cut's asOf (CONTRACT §2.2), retracted ones included, in valid-time order. */
  possible(cut: Cut): EffectiveEvent[] {
    if (cut.knownAt < this.maxRecordedMs) return possibleAt(this.pastReading(cut.knownAt), cut.asOf);
    return this.fullView().possible.possibleAt(cut.asOf);
  }

  /** The effective events that started by the cut's asOf: those that count and those that possibly happened, in valid-time order. */
  started(cut: Cut): readonly EffectiveEvent[] {
    return startedBy(this.effective(cut.knownAt), cut.asOf);
  }

  /** Whether the negotiation exists at the cut (CONTRACT §2.2), read from its opening as known at the cut's knownAt. */
  existence(cut: Cut): Existence {
    return existenceAt(this.opening(cut.knownAt), cut.asOf);
  }

  /** The stream's NegotiationOpened as known at `knownAt`, corrected (and maybe retracted); undefined when not yet recorded by then. */
  opening(knownAt: number): EffectiveEvent | undefined {
    if (knownAt < this.maxRecordedMs) return openingIn(this.pastReading(knownAt));
    const full = this.fullView();
    return (full.opening ??= openingIn(full.events));
  }

  private readonly recordedMs = (event: RecordedEvent): number => this.recordedAt[event.revision] ?? Date.parse(event.recordedAt);

  private pastReading(knownAt: number): readonly EffectiveEvent[] {
    const past = this.past;
    if (past?.knownAt === knownAt && past.size === this.events.length) return past.events;
    const events = effectiveView(this.events, knownAt, this.recordedMs);
    this.past = { knownAt, size: this.events.length, events };
    return events;
  }

  private fold(events: readonly EffectiveEvent[], asOf: number): NegotiationState {
    return appliedAt(events, asOf).reduce(evolveNegotiationState, initialNegotiationState(this.negotiationId));
  }

  private fullView(): FullView {
    if (this.full) return this.full;
    const events = effectiveView(this.events, Number.POSITIVE_INFINITY, this.recordedMs);
    this.full = { events, fold: new SnapshotFold(this.negotiationId, events), possible: new PossibleIndex(events) };
    return this.full;
  }

  /** Keeps the cached reading when new events simply land after it in valid time; else drops it. */
  private extendFullView(added: readonly RecordedEvent[]): void {
    if (!this.full) return;
    const extension = effectiveView(added, Number.POSITIVE_INFINITY, this.recordedMs);
    const last = this.full.events.at(-1);
    const simple =
      extension.length === added.length &&
      (last === undefined || extension[0] === undefined || byValidTime(last, extension[0]) < 0);
    if (!simple) {
      this.full = undefined;
      return;
    }
    // Snapshots stay right: they cover only events before their place, which did not change.
    for (const effective of extension) this.full.events.push(effective); // a spread of a large import would overflow the stack
    if (this.full.byId) for (const effective of extension) this.full.byId.set(effective.event.id, effective);
    this.full.fold.extended();
    // The index catches up with the added events on its next query.
  }
}
