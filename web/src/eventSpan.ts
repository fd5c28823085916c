/**
 * The span of the slider: from the first day any event's occurredAt covers to the last,
 * read by paging through the global log (`GET /events?after&limit`).
 */
import type { ApiClient } from './api.js';
import { DAY_MS, intervalOf } from './timePoint.js';
import type { Span } from './panels/timeControl.js';

export interface LogSpan {
  span: Span | undefined;
  /** The highest global position read: later live events are news. */
  lastPosition: number;
}

export async function loadSpan(api: ApiClient): Promise<LogSpan> {
  let first = Infinity;
  let last = -Infinity;
  let after = 0;
  for (;;) {
    const page = await api.events(after, PAGE);
    const before = after;
    for (const event of page.items) {
      const interval = intervalOf(event.occurredAt);
      if (interval) {
        first = Math.min(first, interval.start);
        last = Math.max(last, interval.end);
      }
      after = Math.max(after, event.position);
    }
    // `next` only says whether more follows; paging resumes after the highest position read.
    const more = (page.next !== null && page.next !== undefined) || page.items.length >= PAGE;
    if (!more || after === before) break;
  }
  const span = Number.isFinite(first) ? { first: floorDay(first), last: floorDay(last) } : undefined;
  return { span, lastPosition: after };
}

const PAGE = 1000;

function floorDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
