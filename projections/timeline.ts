import type { RecordedEvent } from '../src/events/recordedEvent.js';
import type { EffectiveEvent } from './effectiveEvent.js';

/** CONTRACT §4 TimelineEntry: the event as currently corrected, with its marks. */
export type TimelineEntry = RecordedEvent & {
  readonly retracted: boolean;
  readonly corrections: readonly string[];
  /** Present when retracted: which event retracted it, why and when. */
  readonly retraction?: { readonly eventId: string; readonly reason: string; readonly recordedAt: string };
  /** Present when corrected: the values as first recorded. */
  readonly original?: Pick<RecordedEvent, 'occurredAt' | 'data' | 'source' | 'sources' | 'confidence' | 'note'>;
};

export type Timeline = readonly TimelineEntry[];

/** Pure: one entry per effective event, in the valid-time order the events come in. */
export function timelineOf(applied: readonly EffectiveEvent[]): Timeline {
  return applied.map(timelineEntry);
}

/**
 * The entry for one effective event. Every entry is built with the same fields in the same
 * order (absent ones undefined, which JSON leaves out): one object shape is many times faster
 * to build than a spread of the event with optional marks, and a timeline builds one per event.
 */
export function timelineEntry(effective: EffectiveEvent): TimelineEntry {
  const { event, original } = effective;
  return {
    id: event.id,
    type: event.type,
    negotiationId: event.negotiationId,
    revision: event.revision,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    source: event.source,
    sources: event.sources,
    confidence: event.confidence,
    note: event.note,
    schemaVersion: event.schemaVersion,
    data: event.data,
    hash: event.hash,
    position: event.position,
    retracted: effective.retracted,
    corrections: effective.corrections,
    retraction: effective.retraction,
    original: effective.corrections.length > 0 ? originalOf(original) : undefined,
  };
}

/** The event as first recorded (its stored form): what a correction changed it from. */
function originalOf(original: RecordedEvent): TimelineEntry['original'] {
  return { occurredAt: original.occurredAt, data: original.data, source: original.source, sources: original.sources, confidence: original.confidence, note: original.note };
}
