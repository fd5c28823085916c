/**
 * TimePoints (CONTRACT §2, §2.1) shown to people, at the precision they were written in, in
 * UTC, in the words of src/time/timeWords.ts (which the CLI uses too). Reading them is the
 * server's own module, src/time/timePoint.ts. Values come from the server already
 * validated; anything unreadable is shown as written.
 */
import { DAY_MS, parseTimePoint } from '../../src/time/timePoint.js';
import { describeInstant, describeTimePoint } from '../../src/time/timeWords.js';

/** A TimePoint in words: "May 2026", "12 May 2026, 07:30 UTC", "≈ May 2026", "no later than 11 May 2026"; "—" for none. */
export function formatTimePoint(text: string | null | undefined): string {
  return text ? describeTimePoint(text) : '—';
}

/** A recording instant (recordedAt), always shown with its time. */
export function formatInstant(text: string | null | undefined): string {
  if (!text) return '—';
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? describeInstant(ms) : text;
}

/** The value of a `<time datetime>` for a TimePoint: HTML takes the v1 forms, not EDTF's qualifiers or intervals (then none). */
export function machineDate(text: string): string | undefined {
  const interval = parseTimePoint(text);
  return interval && interval.precision !== 'interval' && !interval.qualifier ? text : undefined;
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
