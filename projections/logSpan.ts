import type { RecordedEvent } from '../src/events/recordedEvent.js';
import { firstFinite, lastFinite } from '../src/time/finiteBounds.js';
import { intervalOf } from '../src/time/timePoint.js';

/** One end of a span: the date as written, and the epoch ms it is compared by. */
export interface SpanEnd {
  readonly text: string;
  readonly ms: number;
}

/**
 * The dates a log covers and its highest global position, read from the raw events
 * (corrections and retracted events included): every date a time control may need to reach.
 */
export interface LogSpan {
  /** The occurredAt whose interval starts earliest; an open start counts from its end (see finiteBounds). */
  readonly occurredFrom: SpanEnd | null;
  /** The occurredAt whose interval ends latest; an open end counts from its start. */
  readonly occurredTo: SpanEnd | null;
  readonly recordedFrom: SpanEnd | null;
  readonly recordedTo: SpanEnd | null;
  /** 0 for an empty log. */
  readonly lastPosition: number;
}

export const emptyLogSpan: LogSpan = { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null, lastPosition: 0 };

/**
 * Pure: the span with one more event of the log. It is folded over every event a full replay
 * reads, so it builds a new span only when the event moves one of its ends.
 */
export function evolveLogSpan(span: LogSpan, event: RecordedEvent): LogSpan {
  // A span is a range to place on a line: every open start (../2026-05-11) would tie at −∞ and hide the dates the log does reach.
  const occurred = intervalOf(event.occurredAt);
  const occurredStart = firstFinite(occurred);
  const occurredEnd = lastFinite(occurred);
  const recorded = Date.parse(event.recordedAt);
  const { occurredFrom, occurredTo, recordedFrom, recordedTo } = span;
  const movesOccurredFrom = occurredFrom === null || occurredStart < occurredFrom.ms;
  const movesOccurredTo = occurredTo === null || occurredEnd > occurredTo.ms;
  const movesRecordedFrom = recordedFrom === null || recorded < recordedFrom.ms;
  const movesRecordedTo = recordedTo === null || recorded > recordedTo.ms;
  if (!movesOccurredFrom && !movesOccurredTo && !movesRecordedFrom && !movesRecordedTo && event.position <= span.lastPosition) return span;
  return {
    occurredFrom: movesOccurredFrom ? { text: event.occurredAt, ms: occurredStart } : occurredFrom,
    occurredTo: movesOccurredTo ? { text: event.occurredAt, ms: occurredEnd } : occurredTo,
    recordedFrom: movesRecordedFrom ? { text: event.recordedAt, ms: recorded } : recordedFrom,
    recordedTo: movesRecordedTo ? { text: event.recordedAt, ms: recorded } : recordedTo,
    lastPosition: Math.max(span.lastPosition, event.position),
  };
}

/** Pure: the span of two logs together; on a tie the first span's end is kept. */
export function mergeLogSpans(a: LogSpan, b: LogSpan): LogSpan {
  return {
    occurredFrom: earlier(a.occurredFrom, b.occurredFrom),
    occurredTo: later(a.occurredTo, b.occurredTo),
    recordedFrom: earlier(a.recordedFrom, b.recordedFrom),
    recordedTo: later(a.recordedTo, b.recordedTo),
    lastPosition: Math.max(a.lastPosition, b.lastPosition),
  };
}

function earlier(a: SpanEnd | null, b: SpanEnd | null): SpanEnd | null {
  if (a === null || b === null) return a ?? b;
  return b.ms < a.ms ? b : a;
}

function later(a: SpanEnd | null, b: SpanEnd | null): SpanEnd | null {
  if (a === null || b === null) return a ?? b;
  return b.ms > a.ms ? b : a;
}
