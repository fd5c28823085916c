import { z } from 'zod';

/**
 * A point in time as people write it: an instant with offset, a day, a month or a year.
 * The precision is kept as written; each TimePoint covers a UTC interval [start, end]
 * (both ends inclusive, in epoch milliseconds). The dashboard reads TimePoints with this
 * same module.
 */
export type Precision = 'instant' | 'day' | 'month' | 'year';

export interface TimeInterval {
  readonly precision: Precision;
  readonly start: number;
  readonly end: number;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

/** Parses a TimePoint; returns undefined when it is not one (wrong shape or impossible date). */
export function parseTimePoint(text: string): TimeInterval | undefined {
  let m = text.length > 10 ? INSTANT.exec(text) : null; // days, months and years are shorter than any instant
  if (m) {
    const [, y, mo, d, h, mi, s, , offset] = m;
    if (!validDate(+y!, +mo!, +d!) || +h! > 23 || +mi! > 59 || (s !== undefined && +s > 59)) return undefined;
    if (offset !== 'Z' && !validOffset(offset!)) return undefined;
    const ms = Date.parse(text);
    if (!Number.isFinite(ms)) return undefined;
    return { precision: 'instant', start: ms, end: ms };
  }
  // Periods end 1 ms before the next one starts (UTC has no DST): plain arithmetic, as replay parses every event's occurredAt.
  m = DAY.exec(text);
  if (m) {
    const [, y, mo, d] = m;
    if (!validDate(+y!, +mo!, +d!)) return undefined;
    const start = utcMs(+y!, +mo! - 1, +d!);
    return { precision: 'day', start, end: start + DAY_MS - 1 };
  }
  m = MONTH.exec(text);
  if (m) {
    const [, y, mo] = m;
    if (+mo! < 1 || +mo! > 12) return undefined;
    return { precision: 'month', start: utcMs(+y!, +mo! - 1, 1), end: utcMs(+y!, +mo!, 1) - 1 };
  }
  m = YEAR.exec(text);
  if (m) {
    return { precision: 'year', start: utcMs(+m[1]!, 0, 1), end: utcMs(+m[1]! + 1, 0, 1) - 1 };
  }
  return undefined;
}

/** Milliseconds in a UTC day (which has no leap seconds). */
export const DAY_MS = 86_400_000;

/** Like parseTimePoint, for values already validated by the schema. */
export function intervalOf(text: string): TimeInterval {
  const interval = parseTimePoint(text);
  if (!interval) throw new RangeError(`not a TimePoint: ${text}`);
  return interval;
}

/** The last millisecond a TimePoint covers: the cut used by `asOf` and `knownAt`. */
export function endOf(text: string): number {
  return intervalOf(text).end;
}

/** Valid-time order: start of the interval first, then the narrower (earlier-ending) one. */
export function compareTimePoints(a: string, b: string): number {
  const x = intervalOf(a);
  const y = intervalOf(b);
  return x.start - y.start || x.end - y.end;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0); // proleptic Gregorian, as Date is
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of a UTC calendar date (a month of 12 rolls into the next year); setUTCFullYear avoids Date's mapping of years 0–99 onto 1900–1999. */
function utcMs(year: number, monthIndex: number, day: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day);
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

function validOffset(offset: string): boolean {
  const hours = +offset.slice(1, 3);
  const minutes = +offset.slice(4, 6);
  return hours <= 23 && minutes <= 59;
}

// Marked pure so that a bundle using only the parser (the dashboard's) leaves zod out.
export const TimePoint = /* @__PURE__ */ z
  .string()
  .max(40)
  .refine((value) => parseTimePoint(value) !== undefined, {
    message: 'must be a real date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 instant with offset',
  })
  .meta({
    id: 'TimePoint',
    description: 'An instant with offset, a day, a month or a year; covers that whole period in UTC.',
    examples: ['2026-05-12T09:30:00+02:00', '2026-05-12', '2026-05', '2026'],
  });
export type TimePoint = z.infer<typeof TimePoint>;

/** An ISO 8601 UTC instant with millisecond precision, as the server writes recordedAt. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
