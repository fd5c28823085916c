/**
 * The span of the slider: from the first day any event's occurredAt covers to the last, as
 * the dashboard answer (`GET /dashboard`) states it for the whole log, whatever its cut.
 */
import { parseTimePoint } from '../../src/time/timePoint.js';
import type { Span } from './panels/timeControl.js';
import { floorDay } from './timeText.js';
import type { DashboardTotals } from './types.js';

export interface LogSpan {
  span: Span | undefined;
  /** The highest global position the answer read: later live events are news. */
  lastPosition: number;
}

export function logSpanOf(totals: DashboardTotals): LogSpan {
  const first = totals.span.occurredFrom ? parseTimePoint(totals.span.occurredFrom) : undefined;
  const last = totals.span.occurredTo ? parseTimePoint(totals.span.occurredTo) : undefined;
  const span = first && last ? { first: floorDay(first.start), last: floorDay(last.end) } : undefined;
  return { span, lastPosition: totals.lastPosition };
}
