import { z } from 'zod';
import type { TimelineEntry as ProjectedEntry } from '../../projections/timeline.js';
import { EventId } from '../events/primitives.js';
import { RecordedEvent } from '../events/recordedEvent.js';
import { StoredSource } from '../events/source.js';
import { Confidence, StoredSources } from '../events/provenance.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';
import { Certainty } from './certainty.js';
import { OccurredAtInterval, presentOccurredAtInterval } from './occurredAtInterval.js';

/** CONTRACT §4 TimelineEntry: an event as currently corrected, with its marks. */
export const TimelineEntry = RecordedEvent.extend({
  retracted: z.boolean(),
  corrections: z.array(EventId),
  retraction: z.object({ eventId: EventId, reason: z.string(), recordedAt: Instant }).optional(),
  original: z
    .object({
      occurredAt: TimePoint,
      data: z.record(z.string(), z.unknown()),
      source: StoredSource.optional(),
      sources: StoredSources.optional(),
      confidence: Confidence.optional(),
      note: z.string().optional(),
    })
    .optional()
    .meta({ description: 'the event as first recorded, when corrections changed it' }),
  certainty: Certainty,
  occurredAtInterval: OccurredAtInterval,
}).meta({ id: 'TimelineEntry' });
export type TimelineEntry = Answer<typeof TimelineEntry>;

/** A projected entry as the API answers it: its interval as ISO instants. Built field by field, as the projection builds it, so every entry has one shape. */
export function presentTimelineEntry(entry: ProjectedEntry): TimelineEntry {
  return {
    id: entry.id,
    type: entry.type,
    negotiationId: entry.negotiationId,
    revision: entry.revision,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    recordedBy: entry.recordedBy,
    source: entry.source,
    sources: entry.sources,
    confidence: entry.confidence,
    note: entry.note,
    schemaVersion: entry.schemaVersion,
    data: entry.data,
    hash: entry.hash,
    position: entry.position,
    retracted: entry.retracted,
    corrections: entry.corrections,
    retraction: entry.retraction,
    original: entry.original,
    certainty: entry.certainty,
    occurredAtInterval: presentOccurredAtInterval(entry.occurred),
  };
}
