import { z } from 'zod';
import { EventId } from '../events/primitives.js';
import { RecordedEvent } from '../events/recordedEvent.js';
import { StoredSource } from '../events/source.js';
import { Confidence, StoredSources } from '../events/provenance.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';
import { Certainty } from './certainty.js';
import { OccurredAtInterval } from './occurredAtInterval.js';

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
