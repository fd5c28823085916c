import type { RecordedEvent } from '../events/recordedEvent.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { byValidTime, type Cut, type EffectiveEvent } from '../../projections/effectiveEvent.js';
import { appliedAt } from '../../projections/countsAt.js';
import { effectiveView } from './effectiveView.js';
import { SnapshotFold } from './snapshotFold.js';

interface FullView {
  readonly events: EffectiveEvent[];
  readonly fold: SnapshotFold;
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

  constructor(readonly negotiationId: string) {}

  get size(): number {
    return this.events.length;
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
    return effectiveView(this.events, knownAt, this.recordedMs);
  }

  /** The negotiation's state at the cut; `opened` is false when it did not exist yet. */
  state(cut: Cut): NegotiationState {
    if (cut.knownAt < this.maxRecordedMs) return this.fold(effectiveView(this.events, cut.knownAt, this.recordedMs), cut.asOf);
    return this.fullView().fold.stateAt(cut.asOf);
  }

  /** The effective events that count at the cut, in valid-time order. */
  applied(cut: Cut): EffectiveEvent[] {
    return appliedAt(this.effective(cut.knownAt), cut.asOf);
  }

  private readonly recordedMs = (event: RecordedEvent): number => this.recordedAt[event.revision] ?? Date.parse(event.recordedAt);

  private fold(events: readonly EffectiveEvent[], asOf: number): NegotiationState {
    return appliedAt(events, asOf).reduce(evolveNegotiationState, initialNegotiationState(this.negotiationId));
  }

  private fullView(): FullView {
    if (this.full) return this.full;
    const events = effectiveView(this.events, Number.POSITIVE_INFINITY, this.recordedMs);
    this.full = { events, fold: new SnapshotFold(this.negotiationId, events) };
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
    this.full.fold.extended();
  }
}
