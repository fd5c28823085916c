import type { EffectiveEvent } from './effectiveEvent.js';

/**
 * CONTRACT §2: an event counts at asOf when its occurred interval has ended by then ("definitely
 * happened by asOf"): a day-precision event counts from the end of its day.
 */
export function countsAt(effective: EffectiveEvent, asOf: number): boolean {
  return effective.occurred.end <= asOf;
}

/**
 * CONTRACT §2.2: an event possibly happened by asOf when its interval has started but not ended
 * then (start ≤ asOf < end). It does not count; queries report it. An instant never is: it is
 * either over or not yet begun.
 */
export function possiblyAt(effective: EffectiveEvent, asOf: number): boolean {
  return effective.occurred.start <= asOf && asOf < effective.occurred.end;
}

/** CONTRACT §2.2: an event that had happened by asOf, or one that possibly had (its interval started, not ended). */
export type Certainty = 'definite' | 'possible';

/** The certainty at asOf of an event that started by then. */
export function certaintyAt(effective: EffectiveEvent, asOf: number): Certainty {
  return countsAt(effective, asOf) ? 'definite' : 'possible';
}

/**
 * How many of `events` (in valid-time order) start at or before asOf. Only those can count at
 * asOf, since an interval ends after it starts: a walk in valid-time order stops there.
 */
export function startingBy(events: readonly EffectiveEvent[], asOf: number): number {
  return leadingCount(events, (e) => e.occurred.start <= asOf);
}

/** How many of `events` lead with `holds` true, for a `holds` that stays false once it is (a binary search). */
export function leadingCount(events: readonly EffectiveEvent[], holds: (effective: EffectiveEvent) => boolean): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(events[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The effective events that count at asOf, from `events` in valid-time order, in that order: what projections fold. */
export function appliedAt(events: readonly EffectiveEvent[], asOf: number): EffectiveEvent[] {
  const applied: EffectiveEvent[] = [];
  for (let i = 0, end = startingBy(events, asOf); i < end; i++) {
    const effective = events[i]!;
    if (countsAt(effective, asOf)) applied.push(effective);
  }
  return applied;
}

/**
 * The effective events that possibly happened by asOf, from `events` in valid-time order, in that
 * order (retracted ones included: a caller that lists them decides). A walk over every event that
 * started by asOf; a stream's cached reading answers from an index instead.
 */
export function possibleAt(events: readonly EffectiveEvent[], asOf: number): EffectiveEvent[] {
  const possible: EffectiveEvent[] = [];
  for (let i = 0, end = startingBy(events, asOf); i < end; i++) {
    const effective = events[i]!;
    if (!countsAt(effective, asOf)) possible.push(effective);
  }
  return possible;
}

/** The effective events that started by asOf (those that count and those that possibly happened), in valid-time order. */
export function startedBy(events: readonly EffectiveEvent[], asOf: number): readonly EffectiveEvent[] {
  return events.slice(0, startingBy(events, asOf));
}
