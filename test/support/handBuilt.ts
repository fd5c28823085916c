import { byValidTime, type EffectiveEvent } from '../../projections/effectiveEvent.js';
import * as input from './inputs.js';
import { Story } from './story.js';

/** An interval in epoch ms; either end may be infinite (an open start or end). */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * One stream's reading with any intervals, open ends (±∞) included, which no TimePoint can write
 * yet: a NegotiationOpened over the first interval, then one MeetingHeld per further interval;
 * in valid-time order.
 */
export function handBuiltReading(intervals: readonly Interval[], negotiationId = 'n'): EffectiveEvent[] {
  const story = new Story(negotiationId);
  const recorded = story.given([input.opened(), ...intervals.slice(1).map(() => input.meeting())]);
  const byId = new Map(story.at().map((e) => [e.event.id, e]));
  return recorded.map((event, i) => ({ ...byId.get(event.id)!, occurred: { precision: 'day' as const, ...intervals[i]! } })).sort(byValidTime);
}
