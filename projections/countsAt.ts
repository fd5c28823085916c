import type { EffectiveEvent } from './effectiveEvent.js';

/**
 * CONTRACT §2: an event counts at asOf when its occurred interval has ended by then ("definitely
 * happened by asOf"): a day-precision event counts from the end of its day.
 */
export function countsAt(effective: EffectiveEvent, asOf: number): boolean {
  return effective.occurred.end <= asOf;
}

/**
 * How many of `events` (in valid-time order) start at or before asOf. Only those can count at
 * asOf, since an interval ends after it starts: a walk in valid-time order stops there.
 */
export function startingBy(events: readonly EffectiveEvent[], asOf: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.occurred.start <= asOf) lo = mid + 1;
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
