import { DAY_MS } from './timePoint.js';

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1_000 }, (_, i) => String(i).padStart(3, '0'));
/** Years 0000–9999: where toISOString writes four-digit years, which the arithmetic below reproduces. */
const FIRST = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z (Date.UTC maps years 0–99 onto 1900–1999)
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A writer of ISO 8601 UTC instants (ms precision, as toISOString writes them) for many epoch
 * ms at once: each day's date is written once, the time of day by table lookup. A timeline
 * writes two per event, and toISOString alone took a third of its time. Keep one writer per
 * answer; it remembers the days it has seen.
 */
export function isoInstantWriter(): (ms: number) => string {
  const days = new Map<number, string>();
  return (ms) => {
    if (!(ms >= FIRST && ms <= LAST) || !Number.isInteger(ms)) return new Date(ms).toISOString();
    const day = Math.floor(ms / DAY_MS);
    let date = days.get(day);
    if (date === undefined) days.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 11)));
    let rest = ms - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1_000);
    return `${date}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[rest - seconds * 1_000]}Z`;
  };
}

/** An interval as ISO instants, null for an open (infinite) end (CONTRACT §2.1 occurredAtInterval). */
export interface OccurredAtIso {
  readonly start: string | null;
  readonly end: string | null;
}

/** A writer of intervals as OccurredAtIso, sharing one isoInstantWriter. */
export function isoIntervalWriter(): (interval: { readonly start: number; readonly end: number }) => OccurredAtIso {
  const write = isoInstantWriter();
  return ({ start, end }) => ({ start: Number.isFinite(start) ? write(start) : null, end: Number.isFinite(end) ? write(end) : null });
}
