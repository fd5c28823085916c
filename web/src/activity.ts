/**
 * A negotiation's activity per month, as the activity chart shows it: definite events apart
 * from those possibly happened by then (CONTRACT §2.2); an open-ended date counts by the end it has.
 */
import { firstFinite } from '../../src/time/finiteBounds.js';
import { parseTimePoint } from '../../src/time/timePoint.js';
import { isoMonth } from './timeText.js';
import type { TimelineEntry } from './types.js';

export interface MonthCount {
  month: string;
  /** Events that had happened by the cut. */
  definite: number;
  /** Events that possibly had (their period started, not ended). */
  possible: number;
}

/** Counts by the month in which each event's period starts (an open start, `../2026-05-11`, by its end's), with empty months in between. */
export function eventsPerMonth(entries: readonly TimelineEntry[]): MonthCount[] {
  const counts = new Map<string, { definite: number; possible: number }>();
  for (const entry of entries) {
    if (entry.retracted || entry.type === 'EventCorrected' || entry.type === 'EventRetracted') continue;
    const interval = parseTimePoint(entry.occurredAt);
    if (!interval) continue;
    const month = isoMonth(firstFinite(interval));
    const count = counts.get(month) ?? { definite: 0, possible: 0 };
    if (entry.certainty === 'possible') count.possible++;
    else count.definite++;
    counts.set(month, count);
  }
  const months = [...counts.keys()].sort();
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const result: MonthCount[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) result.push({ month, ...(counts.get(month) ?? { definite: 0, possible: 0 }) });
  return result;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return isoMonth(Date.UTC(y!, m!, 1));
}
