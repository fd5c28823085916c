/** A negotiation's activity per month, as the activity chart shows it; events without a date the calendar can place count by the end they have. */
import { firstFinite } from '../../src/time/finiteBounds.js';
import { parseTimePoint } from '../../src/time/timePoint.js';
import { isoMonth } from './timeText.js';
import type { TimelineEntry } from './types.js';

export interface MonthCount {
  month: string;
  count: number;
}

/** Counts by the month in which each event's period starts (an open start, `../2026-05-11`, by its end's), with empty months in between. */
export function eventsPerMonth(entries: TimelineEntry[]): MonthCount[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.retracted || entry.type === 'EventCorrected' || entry.type === 'EventRetracted') continue;
    const interval = parseTimePoint(entry.occurredAt);
    if (!interval) continue;
    const month = isoMonth(firstFinite(interval));
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  const months = [...counts.keys()].sort();
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const result: MonthCount[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) result.push({ month, count: counts.get(month) ?? 0 });
  return result;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return isoMonth(Date.UTC(y!, m!, 1));
}
