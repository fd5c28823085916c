import type { TimeInterval } from './timePoint.js';

/**
 * The ends of an interval that a chart, a slider or a span can place on a line. An open
 * end (±Infinity, CONTRACT §2.1) is not a date: an open start counts from its end
 * (`../2026-05-11` from 11 May 2026), an open end from its start. Never NaN, never infinite.
 */
export function firstFinite(interval: Pick<TimeInterval, 'start' | 'end'>): number {
  return Number.isFinite(interval.start) ? interval.start : interval.end;
}

/** See firstFinite: the end, or the start when the end is open. */
export function lastFinite(interval: Pick<TimeInterval, 'start' | 'end'>): number {
  return Number.isFinite(interval.end) ? interval.end : interval.start;
}
