/// <reference path="./edtf.d.ts" />
import { parse as parseEdtf, type EdtfEnd, type EdtfParsed } from 'edtf';
import { z } from 'zod';

/**
 * A point in time as people write it: an instant with offset, a day, a month or a year
 * (CONTRACT §2), or one of the EDTF level-1 forms of ISO 8601-2 built from them (§2.1): a
 * qualified date (`2026-05~`) or an interval (`2026-05-12/2026-05-14`, `../2026-05-15`,
 * `2026-04/..`). The text is kept as written; each TimePoint covers a UTC interval
 * [start, end] (both ends inclusive, in epoch milliseconds; infinite on an open side).
 * The dashboard reads TimePoints with this same module.
 */
export type Precision = 'instant' | 'day' | 'month' | 'year' | 'interval';

/** EDTF's qualifiers: `~` approximate, `?` uncertain, `%` both. */
export type Qualifier = 'approximate' | 'uncertain' | 'approximate-uncertain';

export interface TimeInterval {
  /** 'interval' for an EDTF interval A/B. */
  readonly precision: Precision;
  /** Epoch ms; -Infinity for an open start (../B). */
  readonly start: number;
  /** Epoch ms, the last millisecond covered; +Infinity for an open end (A/..). */
  readonly end: number;
  /** On a single date (2026-05~). It is kept, not applied: the interval is not widened. */
  readonly qualifier?: Qualifier;
  /** For an interval: its first end as a point (absent when open). */
  readonly lower?: TimeInterval;
  /** For an interval: its second end as a point (absent when open). */
  readonly upper?: TimeInterval;
}

/** Two instants with a slash (35 + 1 + 35 characters at most), with room to spare. */
const MAX_LENGTH = 80;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

/** Parses a TimePoint; returns undefined when it is not one (wrong shape, impossible date, or an EDTF form Parley does not take). */
export function parseTimePoint(text: string): TimeInterval | undefined {
  const point = parseV1(text);
  if (point !== undefined || !mayBeEdtf(text)) return point;
  const reading = readEdtfMemoised(text);
  return typeof reading === 'string' ? undefined : reading;
}

/** Why a text is not a TimePoint, in plain words (for the schema's message); undefined when it is one. */
export function timePointProblem(text: string): string | undefined {
  if (parseTimePoint(text) !== undefined) return undefined;
  if (text.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  const reading = mayBeEdtf(text) ? readEdtfMemoised(text) : whyRefused(text);
  return typeof reading === 'string' ? reading : FORMS;
}

/** The v1 forms (CONTRACT §2), with plain regexes and arithmetic: replay reads every event's occurredAt. */
function parseV1(text: string): TimeInterval | undefined {
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

// EDTF (CONTRACT §2.1). The edtf library reads the grammar: what is a qualified date or an
// interval at level 1. Each date in it must then be a v1 form and is read by parseV1, so a
// date covers the same alone and as an interval's end, and the edtf dates v1 refuses (an
// instant without offset, a negative year) stay refused. edtf's grammar has the last word on
// the rest: it takes no qualifier on an instant (nor does Parley), and in an interval only
// offsets from -12:00 to +14:00. Only a text with a slash or ending in a qualifier can be
// one of these forms: anything else (seasons, X digits, Y-years) is refused without edtf.

const FORMS =
  'must be a real date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 instant with offset; or, in EDTF, ' +
  'a date with ~ (approximate), ? (uncertain) or % (both) after it, or an interval A/B, ../B (no later than) or A/.. (no earlier than)';
const SEASON = 'must not be a season (such as 2026-21): write the months, as in 2026-03/2026-05';
const UNSPECIFIED = 'must not have unspecified digits (X): write the period, as in 2026 or 2026-05';
const Y_YEAR = 'must not be a Y-year (such as Y170000002): write a four-digit year';
const LEVEL_2 = 'must not be an EDTF level-2 form (a qualifier inside a date, a set, a list…): only level 1 is taken';
const QUALIFIED_INSTANT = 'must not put a qualifier (~ ? %) on an instant: qualify a year, month or day';
const UNKNOWN_END = 'must not leave an end of the interval empty (unknown): write .. for an open end, as in 2026-05-12/..';
const NO_END = 'must have at least one end: ../.. says nothing';

/** A reading of an EDTF text: the interval it covers, or why it is refused. */
type Reading = TimeInterval | string;

const QUALIFIERS: Readonly<Record<string, Qualifier>> = { '~': 'approximate', '?': 'uncertain', '%': 'approximate-uncertain' };

function mayBeEdtf(text: string): boolean {
  if (text.length > MAX_LENGTH) return false;
  return QUALIFIERS[text.charAt(text.length - 1)] !== undefined || text.includes('/');
}

/** The same texts come back event after event; edtf's parser is far slower than parseV1. Oldest first out. */
const MEMO_LIMIT = 10_000;
const readings = new Map<string, Reading>();

function readEdtfMemoised(text: string): Reading {
  let reading = readings.get(text);
  if (reading === undefined) {
    reading = readEdtf(text);
    if (readings.size >= MEMO_LIMIT) readings.delete(readings.keys().next().value!);
    readings.set(text, reading);
  }
  return reading;
}

function readEdtf(text: string): Reading {
  let parsed: EdtfParsed;
  try {
    parsed = parseEdtf(text, { level: 1, types: ['Date', 'Interval'] });
  } catch {
    return whyRefused(text);
  }
  if (parsed.type === 'Interval') return readInterval(text, parsed.values);
  return readDate(text, parsed) ?? whyRefused(text);
}

/**
 * An interval's start is the first millisecond of A, its end the last of B; it is refused
 * only when it starts after it ends, so ends that overlap (2026-05/2026-05-03) or are the
 * same point (2026-05-12/2026-05-12, which covers what 2026-05-12 covers) are fine.
 */
function readInterval(text: string, [a, b]: readonly [EdtfEnd, EdtfEnd]): Reading {
  if (a === null || b === null) return UNKNOWN_END; // "2026-05-12/": edtf reads it as an unknown end, which says nothing
  if (a === Infinity && b === Infinity) return NO_END;
  const slash = text.indexOf('/');
  const lower = readEnd(text.slice(0, slash), a);
  const upper = readEnd(text.slice(slash + 1), b);
  if (lower === undefined || upper === undefined) return whyRefused(text);
  if (typeof lower === 'string') return lower;
  if (typeof upper === 'string') return upper;
  const start = lower === OPEN ? -Infinity : lower.start;
  const end = upper === OPEN ? Infinity : upper.end;
  if (start > end) return `must not start after it ends: ${text.slice(0, slash)} is after ${text.slice(slash + 1)}`;
  return Object.freeze({
    precision: 'interval',
    start,
    end,
    ...(lower === OPEN ? {} : { lower }),
    ...(upper === OPEN ? {} : { upper }),
  });
}

const OPEN = Symbol('open end');

/** One end of an interval: OPEN for `..`, a date, a reason it is refused, or undefined when it is none of those. */
function readEnd(text: string, value: EdtfEnd): TimeInterval | typeof OPEN | string | undefined {
  if (value === Infinity) return text === '..' ? OPEN : undefined;
  if (value === null || typeof value === 'number') return undefined;
  return readDate(text, value);
}

/** A date edtf read, possibly qualified: the v1 form before the qualifier, with the qualifier kept. */
function readDate(text: string, value: EdtfParsed): TimeInterval | string | undefined {
  if (value.type !== 'Date') return undefined;
  if (value.unspecified) return UNSPECIFIED;
  const qualifier = value.approximate ? (value.uncertain ? 'approximate-uncertain' : 'approximate') : value.uncertain ? 'uncertain' : undefined;
  if (qualifier === undefined) {
    const point = parseV1(text);
    return point && Object.freeze(point); // frozen, as the memo hands it out again
  }
  if (QUALIFIERS[text.charAt(text.length - 1)] !== qualifier) return undefined; // level 1 qualifies a whole date only
  const point = parseV1(text.slice(0, -1));
  return point && Object.freeze({ ...point, qualifier });
}

/** Why a text edtf level 1 refused (or Parley refused within it) is not a TimePoint. */
function whyRefused(text: string): string {
  let loose: EdtfParsed | undefined;
  try {
    loose = parseEdtf(text, { seasonIntervals: true }); // every level and kind: only to name what was written
  } catch {
    loose = undefined;
  }
  if (loose) {
    const kinds = loose.type === 'Interval' ? loose.values.filter((v) => v !== null && typeof v === 'object') : [loose];
    if (kinds.some((v) => v.type === 'Season')) return SEASON;
    if (kinds.some((v) => v.type === 'Year')) return Y_YEAR;
    if (kinds.some((v) => 'unspecified' in v && v.unspecified)) return UNSPECIFIED; // an interval's dates come without their type
    if (loose.level > 1) return LEVEL_2;
  }
  const ends = text.split('/');
  if (ends.length > 2) return FORMS;
  for (const end of ends) {
    const bare = QUALIFIERS[end.charAt(end.length - 1)] === undefined ? end : end.slice(0, -1);
    if (bare !== end && INSTANT.test(bare) && parseV1(bare) !== undefined) return QUALIFIED_INSTANT;
    if ((INSTANT.test(bare) || DAY.test(bare) || MONTH.test(bare)) && parseV1(bare) === undefined) {
      return `must be a real date: ${bare} does not exist`;
    }
  }
  return FORMS;
}

/** Like parseTimePoint, for values already validated by the schema. */
export function intervalOf(text: string): TimeInterval {
  const interval = parseTimePoint(text);
  if (!interval) throw new RangeError(`not a TimePoint: ${text}`);
  return interval;
}

/** The last millisecond a TimePoint covers: the cut used by `asOf` and `knownAt` (+Infinity for an open end, which cannot be a cut). */
export function endOf(text: string): number {
  return intervalOf(text).end;
}

/** Valid-time order: start of the interval first, then the narrower (earlier-ending) one. Compared, not subtracted: ∞ − ∞ is NaN. */
export function compareTimePoints(a: string, b: string): number {
  const x = intervalOf(a);
  const y = intervalOf(b);
  return compareMs(x.start, y.start) || compareMs(x.end, y.end);
}

/** Two interval ends in order; compared, not subtracted, since open ends are ±Infinity. */
export function compareMs(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The interval as ISO instants (ms, Z), null for an open end: `occurredAtInterval` (CONTRACT §2.1). */
export function isoInterval(interval: Pick<TimeInterval, 'start' | 'end'>): { start: string | null; end: string | null } {
  return {
    start: Number.isFinite(interval.start) ? isoInstant(interval.start) : null,
    end: Number.isFinite(interval.end) ? isoInstant(interval.end) : null,
  };
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
  .max(MAX_LENGTH)
  .refine((value) => parseTimePoint(value) !== undefined, {
    error: (issue) => (typeof issue.input === 'string' ? timePointProblem(issue.input) : undefined) ?? FORMS,
  })
  .meta({
    id: 'TimePoint',
    description:
      'An instant with offset, a day, a month or a year, covering that whole period in UTC; or, in EDTF level 1 (ISO 8601-2), ' +
      'one of those dates (not an instant) followed by ~ (approximate), ? (uncertain) or % (both), which is kept and does not widen it, ' +
      'or an interval A/B from the start of A to the end of B, ../B (no later than B) or A/.. (no earlier than A), whose ends may carry their own precision and qualifier.',
    examples: ['2026-05-12T09:30:00+02:00', '2026-05-12', '2026-05', '2026', '2026-05~', '2026-05-12/2026-05-14', '../2026-05-15', '2026-04/..'],
  });
export type TimePoint = z.infer<typeof TimePoint>;

/** An ISO 8601 UTC instant with millisecond precision, as the server writes recordedAt. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
