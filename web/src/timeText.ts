/**
 * TimePoints (CONTRACT §2) shown to people, at the precision they were written in, in UTC.
 * Reading them is the server's own module, src/time/timePoint.ts. Values come from the
 * server already validated; anything unreadable is shown as written.
 */
import { DAY_MS, parseTimePoint } from '../../src/time/timePoint.js';

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A TimePoint at the precision it was written in: "May 2026", "12 May 2026", "12 May 2026, 07:30 UTC". */
export function formatTimePoint(text: string | null | undefined): string {
  if (!text) return '—';
  const interval = parseTimePoint(text);
  if (!interval) return text;
  switch (interval.precision) {
    case 'year':
      return text;
    case 'month':
      return monthYear.format(interval.start);
    case 'day':
      return dayFormat.format(interval.start);
    case 'instant':
      return instantFormat.format(interval.start);
    case 'interval':
      return text; // EDTF intervals are shown as written for now
  }
}

/** A recording instant (recordedAt), always shown with its time. */
export function formatInstant(text: string | null | undefined): string {
  if (!text) return '—';
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? instantFormat.format(ms) : text;
}

/** How far past the end of its valid-time interval an event may be recorded before it counts as late. */
export const LATE_AFTER_MS = DAY_MS;

/** Recorded more than a day after the end of the interval it happened in. */
export function isLateRecorded(occurredAt: string, recordedAt: string): boolean {
  const interval = parseTimePoint(occurredAt);
  const recorded = Date.parse(recordedAt);
  if (!interval || !Number.isFinite(recorded)) return false;
  return recorded - interval.end > LATE_AFTER_MS;
}

/** The UTC midnight that starts the day of an epoch ms. */
export function floorDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** "2026-05-12" for a UTC epoch ms; the format of `<input type="date">` and of a day TimePoint. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2026-05" for a UTC epoch ms: the bucket of the activity chart. */
export function isoMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
