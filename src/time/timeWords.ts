import { UTCDate } from '@date-fns/utc';
import { format } from 'date-fns';
import { parseTimePoint, type TimeInterval } from './timePoint.js';

/**
 * TimePoints (CONTRACT §2, §2.1) in the words people say them, in UTC: "May 2026",
 * "12 May 2026", "12 May 2026, 07:30 UTC"; "≈ May 2026" (approximate), "May 2026?"
 * (uncertain), "≈ May 2026?" (both); "between 12 and 14 May 2026", "no later than
 * 15 May 2026", "no earlier than April 2026". The dashboard and the CLI both show dates
 * through this module. A text that is not a TimePoint is returned as written.
 */
export function describeTimePoint(text: string): string {
  const interval = parseTimePoint(text);
  if (!interval) return text;
  return interval.precision === 'interval' ? describeInterval(interval) : describePoint(interval);
}

/** A recording instant (epoch ms), always with its time: "12 May 2026, 07:30 UTC". */
export function describeInstant(ms: number): string {
  return format(new UTCDate(ms), PATTERNS.instant);
}

type PointPrecision = Exclude<TimeInterval['precision'], 'interval'>;

// date-fns patterns; the UTCDate makes every field read in UTC, whatever the machine's zone.
const PATTERNS: Readonly<Record<PointPrecision, string>> = {
  year: 'yyyy',
  month: 'MMMM yyyy',
  day: 'd MMMM yyyy',
  instant: "d MMMM yyyy, HH:mm 'UTC'",
};

/** The first end of "between … and …" when the year is said once, after the second: "7 April", "April"; "12" when the month is said once too. */
const WITHOUT_YEAR: Readonly<Partial<Record<PointPrecision, string>>> = { month: 'MMMM', day: 'd MMMM' };

/** A single date at its precision, with its qualifier. */
function describePoint(point: TimeInterval): string {
  const words = format(new UTCDate(point.start), PATTERNS[point.precision as PointPrecision]);
  switch (point.qualifier) {
    case 'approximate':
      return `≈ ${words}`;
    case 'uncertain':
      return `${words}?`;
    case 'approximate-uncertain':
      return `≈ ${words}?`;
    default:
      return words;
  }
}

function describeInterval(interval: TimeInterval): string {
  const { lower, upper } = interval;
  if (!lower && !upper) return '—'; // ../.. is refused by the parser; kept total all the same
  if (!lower) return `no later than ${describePoint(upper!)}`;
  if (!upper) return `no earlier than ${describePoint(lower)}`;
  const second = describePoint(upper);
  const first = describePoint(lower);
  if (first === second) return first; // 2026-05-12/2026-05-12 covers what 2026-05-12 covers
  return `between ${shortFirst(lower, upper) ?? first} and ${second}`;
}

/**
 * The first end without what the second says after it, as people write a range: "12" in
 * "between 12 and 14 May 2026", "7 April" in "between 7 April and 11 May 2026". Only for
 * plain days and months of one year, before a day or a month; undefined otherwise.
 */
function shortFirst(lower: TimeInterval, upper: TimeInterval): string | undefined {
  if (lower.qualifier || upper.qualifier) return undefined;
  if (upper.precision !== 'day' && upper.precision !== 'month') return undefined;
  const pattern = WITHOUT_YEAR[lower.precision as PointPrecision];
  const from = new UTCDate(lower.start);
  const to = new UTCDate(upper.start);
  if (pattern === undefined || from.getFullYear() !== to.getFullYear()) return undefined;
  if (lower.precision === 'day' && upper.precision === 'day' && from.getMonth() === to.getMonth()) return format(from, 'd');
  return format(from, pattern);
}
