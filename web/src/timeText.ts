/**
 * Reading and showing TimePoints (CONTRACT §2) in the browser. The server's own module
 * (src/time/timePoint.ts) carries zod and date-fns, which would multiply the page's size,
 * so the page keeps this small reader of the same four shapes. Values come from the server
 * already validated; anything unreadable is shown as written.
 */

export type Precision = 'instant' | 'day' | 'month' | 'year';

export interface Interval {
  precision: Precision;
  /** First and last millisecond covered, UTC, both inclusive. */
  start: number;
  end: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

export const DAY_MS = 86_400_000;

export function intervalOf(text: string): Interval | undefined {
  if (INSTANT.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? { precision: 'instant', start: ms, end: ms } : undefined;
  }
  let m = DAY.exec(text);
  if (m) {
    const start = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
    return { precision: 'day', start, end: start + DAY_MS - 1 };
  }
  m = MONTH.exec(text);
  if (m) {
    const start = Date.UTC(+m[1]!, +m[2]! - 1, 1);
    return { precision: 'month', start, end: Date.UTC(+m[1]!, +m[2]!, 1) - 1 };
  }
  m = YEAR.exec(text);
  if (m) {
    return { precision: 'year', start: Date.UTC(+m[1]!, 0, 1), end: Date.UTC(+m[1]! + 1, 0, 1) - 1 };
  }
  return undefined;
}

export function isTimePoint(text: string): boolean {
  return intervalOf(text) !== undefined;
}

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
  const interval = intervalOf(text);
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
  const interval = intervalOf(occurredAt);
  const recorded = Date.parse(recordedAt);
  if (!interval || !Number.isFinite(recorded)) return false;
  return recorded - interval.end > LATE_AFTER_MS;
}

/** "2026-05-12" for a UTC epoch ms; the format of `<input type="date">` and of a day TimePoint. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2026-05" for a UTC epoch ms: the bucket of the activity chart. */
export function isoMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
