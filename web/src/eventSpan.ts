/**
 * The span of the slider: from the first day any event's occurredAt covers to the last, as
 * the dashboard answer (`GET /dashboard`) states it for the whole log, whatever its cut. An
 * open end is no day: `../2026-05-11` counts from 11 May 2026 (see src/time/finiteBounds.ts).
 */
import { firstFinite, lastFinite } from '../../src/time/finiteBounds.js';
import { parseTimePoint } from '../../src/time/timePoint.js';
import { floorDay } from './timeText.js';
import type { DashboardTotals } from './types.js';

export interface Span {
  /** First and last day (UTC midnight, epoch ms) covered by any event's occurredAt. */
  first: number;
  last: number;
}

/** The days from one instant to another, in either order (a lone open-ended event's bounds may come reversed). */
export function spanOf(a: number, b: number): Span {
  return { first: floorDay(Math.min(a, b)), last: floorDay(Math.max(a, b)) };
}

export interface LogSpan {
  span: Span | undefined;
  /** The highest global position the answer read: later live events are news. */
  lastPosition: number;
}

export function logSpanOf(totals: DashboardTotals): LogSpan {
  const first = totals.span.occurredFrom ? parseTimePoint(totals.span.occurredFrom) : undefined;
  const last = totals.span.occurredTo ? parseTimePoint(totals.span.occurredTo) : undefined;
  const span = first && last ? spanOf(firstFinite(first), lastFinite(last)) : undefined;
  return { span, lastPosition: totals.lastPosition };
}
