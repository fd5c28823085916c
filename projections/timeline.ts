import type { RecordedEvent } from '../src/events/recordedEvent.js';
import { isoIntervalWriter, type OccurredAtIso } from '../src/time/isoInstants.js';
import { certaintyAt, type Certainty } from './countsAt.js';
import type { EffectiveEvent } from './effectiveEvent.js';

/** CONTRACT §4 TimelineEntry: the event as currently corrected, with its marks. */
export type TimelineEntry = RecordedEvent & {
  readonly retracted: boolean;
  readonly corrections: readonly string[];
  /** Present when retracted: which event retracted it, why and when. */
  readonly retraction?: { readonly eventId: string; readonly reason: string; readonly recordedAt: string };
  /** Present when corrected: the values as first recorded. */
  readonly original?: Pick<RecordedEvent, 'occurredAt' | 'data' | 'source' | 'sources' | 'confidence' | 'note'>;
  readonly certainty: Certainty;
  /** The UTC interval the corrected occurredAt covers, as ISO instants; null for an open end (CONTRACT §2.1). */
  readonly occurredAtInterval: OccurredAtIso;
};

export type Timeline = readonly TimelineEntry[];

/**
 * Pure: one entry per effective event that started by asOf, in the valid-time order the events
 * come in: `definite` when it counts at asOf, `possible` when its interval has not ended yet.
 */
export function timelineOf(started: readonly EffectiveEvent[], asOf: number, occurredAtIntervalOf: (effective: EffectiveEvent) => OccurredAtIso = byInterval(isoIntervalWriter())): Timeline {
  return started.map((effective) => timelineEntry(effective, certaintyAt(effective, asOf), occurredAtIntervalOf(effective)));
}

/**
 * `occurredAtIntervalOf` writes each event's interval as ISO instants. A caller that keeps its
 * readings (a stream view) passes one that remembers them: writing two instants per event was
 * most of a long timeline's time.
 */
function byInterval(write: (interval: EffectiveEvent['occurred']) => OccurredAtIso): (effective: EffectiveEvent) => OccurredAtIso {
  return (effective) => write(effective.occurred);
}

/**
 * The entry for one effective event. Every entry is built with the same fields in the same
 * order (absent ones undefined, which JSON leaves out): one object shape is many times faster
 * to build than a spread of the event with optional marks, and a timeline builds one per event.
 */
export function timelineEntry(effective: EffectiveEvent, certainty: Certainty, occurredAtInterval: OccurredAtIso): TimelineEntry {
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
    schemaVersion: original.schemaVersion, // as stored, which its hash covers; the entry itself is read in the newest shape
    data: event.data,
    hash: event.hash,
    position: event.position,
    retracted: effective.retracted,
    corrections: effective.corrections,
    retraction: effective.retraction,
    original: effective.corrections.length > 0 ? originalOf(original) : undefined,
    certainty,
    occurredAtInterval,
  };
}

/** The event as first recorded (its stored form): what a correction changed it from. */
function originalOf(original: RecordedEvent): TimelineEntry['original'] {
  return { occurredAt: original.occurredAt, data: original.data, source: original.source, sources: original.sources, confidence: original.confidence, note: original.note };
}
