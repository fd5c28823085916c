import { countsAt } from '../../projections/countsAt.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { applyPatch } from '../../src/events/applyPatch.js';
import type { RecordedEvent, TypedEvent } from '../../src/events/recordedEvent.js';
import { endOf, intervalOf, type TimeInterval } from '../../src/time/timePoint.js';

/*
 * The naive replay that the optimised readings (effectiveView, StreamView, SnapshotFold,
 * replayNegotiation) are checked against, written apart from them and as plainly as possible:
 * for each event known at knownAt, apply its known corrections in revision order and mark it
 * retracted when a known retraction targets it; keep those that count at asOf; sort them by
 * valid time; fold from scratch. Those that possibly happened by asOf (CONTRACT §2.2) are the
 * ones whose interval contains asOf, checked one by one. No snapshots, no cached readings, no index.
 */

/** A cut from TimePoints, as a query gets it: each axis at the end of its TimePoint; knownAt defaults to "knows everything". */
export function cutAt(asOf: string, knownAt?: string): Cut {
  return { asOf: endOf(asOf), knownAt: knownAt === undefined ? Number.POSITIVE_INFINITY : endOf(knownAt) };
}

/** The effective events that count at the cut, in valid-time order: what every projection folds. */
export function appliedAt(log: readonly RecordedEvent[], cut: Cut): EffectiveEvent[] {
  return countingAt(naiveReading(log, cut.knownAt), cut.asOf);
}

/** The negotiation state at the cut, folded from scratch. */
export function stateAt(log: readonly RecordedEvent[], cut: Cut, negotiationId = log[0]?.negotiationId ?? 'n'): NegotiationState {
  return foldedAt(naiveReading(log, cut.knownAt), cut.asOf, negotiationId);
}

/** The state folded from scratch from those of `readings` (in any order) that count at asOf. */
export function foldedAt(readings: readonly EffectiveEvent[], asOf: number, negotiationId: string): NegotiationState {
  return countingAt(readings, asOf).reduce(evolveNegotiationState, initialNegotiationState(negotiationId));
}

/** The effective events that possibly happened by asOf (start ≤ asOf < end), retracted ones included, in valid-time order. */
export function possibleAt(log: readonly RecordedEvent[], cut: Cut): EffectiveEvent[] {
  return possiblyAt(naiveReading(log, cut.knownAt), cut.asOf);
}

/** Every effective event known at knownAt, in valid-time order. */
export function knownReading(log: readonly RecordedEvent[], knownAt: number): EffectiveEvent[] {
  return naiveReading(log, knownAt).sort(validTimeOrder);
}

/** The effective events that started by asOf (start ≤ asOf: counting or possible), in valid-time order: what the timeline lists. */
export function startedAt(log: readonly RecordedEvent[], cut: Cut): EffectiveEvent[] {
  return naiveReading(log, cut.knownAt).filter((r) => r.occurred.start <= cut.asOf).sort(validTimeOrder);
}

/** The state's `pending` at the cut: the events that possibly happened by asOf and are not retracted. */
export function pendingAt(log: readonly RecordedEvent[], cut: Cut): EffectiveEvent[] {
  return possibleAt(log, cut).filter((r) => !r.retracted);
}

/** Those of `readings` (in any order) that count at asOf, sorted by valid time: occurredAt start, then position. */
function countingAt(readings: readonly EffectiveEvent[], asOf: number): EffectiveEvent[] {
  return readings.filter((r) => countsAt(r, asOf)).sort(validTimeOrder);
}

/** Those of `readings` (in any order) whose interval contains asOf, sorted by valid time. */
export function possiblyAt(readings: readonly EffectiveEvent[], asOf: number): EffectiveEvent[] {
  return readings.filter((r) => r.occurred.start <= asOf && asOf < r.occurred.end).sort(validTimeOrder);
}

/** occurredAt start, then position; two open starts (−∞) tie, and go by position. */
function validTimeOrder(a: EffectiveEvent, b: EffectiveEvent): number {
  if (a.occurred.start !== b.occurred.start) return a.occurred.start < b.occurred.start ? -1 : 1;
  return a.event.position - b.event.position;
}

/** Every event (not a correction) known at knownAt, as its corrections known by then make it, in log order. */
export function naiveReading(log: readonly RecordedEvent[], knownAt: number): EffectiveEvent[] {
  const isKnown = (e: RecordedEvent) => Date.parse(e.recordedAt) <= knownAt;
  const index = indexOf(log);
  const readings: EffectiveEvent[] = [];
  for (const original of log as TypedEvent[]) {
    if (!isKnown(original) || original.type === 'EventCorrected' || original.type === 'EventRetracted') continue;
    const retractions = (index.retractions.get(original.id) ?? []).filter(isKnown);
    // A retracted event takes no more corrections (CONTRACT §3): only those recorded before its retraction apply.
    const retractedAt = retractions[0]?.revision ?? Number.POSITIVE_INFINITY;
    const corrections = (index.corrections.get(original.id) ?? []).filter((c) => isKnown(c) && c.revision < retractedAt);
    let event = { ...original } as TypedEvent;
    for (const correction of corrections) {
      if (correction.type !== 'EventCorrected') continue;
      const patch = correction.data;
      event = {
        ...event,
        ...(patch.occurredAt !== undefined && { occurredAt: patch.occurredAt }),
        ...(patch.source !== undefined && { source: patch.source }),
        ...(patch.data !== undefined && { data: applyPatch(event, patch.data) }),
      } as TypedEvent;
    }
    const retraction = retractions.at(-1);
    readings.push({
      event,
      original,
      occurred: interval(event.occurredAt),
      retracted: retraction !== undefined,
      ...(retraction?.type === 'EventRetracted' && { retraction: { eventId: retraction.id, reason: retraction.data.reason, recordedAt: retraction.recordedAt } }),
      corrections: corrections.map((c) => c.id),
      lastRevision: Math.max(original.revision, ...corrections.map((c) => c.revision), ...retractions.map((r) => r.revision)),
    });
  }
  return readings;
}

interface TargetIndex {
  readonly length: number;
  readonly corrections: Map<string, TypedEvent[]>;
  readonly retractions: Map<string, TypedEvent[]>;
}

/** Corrections and retractions by target, in revision order: built once per log length, so each cut stays linear. */
const indexes = new WeakMap<readonly RecordedEvent[], TargetIndex>();
function indexOf(log: readonly RecordedEvent[]): TargetIndex {
  const cached = indexes.get(log);
  if (cached && cached.length === log.length) return cached;
  const corrections = new Map<string, TypedEvent[]>();
  const retractions = new Map<string, TypedEvent[]>();
  for (const event of log as TypedEvent[]) {
    if (event.type === 'EventCorrected') corrections.set(event.data.targetEventId, [...(corrections.get(event.data.targetEventId) ?? []), event]);
    if (event.type === 'EventRetracted') retractions.set(event.data.targetEventId, [...(retractions.get(event.data.targetEventId) ?? []), event]);
  }
  const index = { length: log.length, corrections, retractions };
  indexes.set(log, index);
  return index;
}

/** intervalOf, memoized: a random test parses the same few thousand TimePoints for every cut. */
const intervals = new Map<string, TimeInterval>();
function interval(text: string): TimeInterval {
  let found = intervals.get(text);
  if (!found) intervals.set(text, (found = intervalOf(text)));
  return found;
}
