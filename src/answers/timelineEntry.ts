import { z } from 'zod';
import { EventId } from '../events/primitives.js';
import { RecordedEvent } from '../events/recordedEvent.js';
import { Source } from '../events/source.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';

/** CONTRACT §4 TimelineEntry: an event as currently corrected, with its marks. */
export const TimelineEntry = RecordedEvent.extend({
  retracted: z.boolean(),
  corrections: z.array(EventId),
  retraction: z.object({ eventId: EventId, reason: z.string(), recordedAt: Instant }).optional(),
  original: z.object({ occurredAt: TimePoint, data: z.record(z.string(), z.unknown()), source: Source.optional() }).optional(),
}).meta({ id: 'TimelineEntry' });
export type TimelineEntry = Answer<typeof TimelineEntry>;
