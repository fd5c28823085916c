import { z } from 'zod';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { EventId } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { eventSummary } from './eventSummary.js';
import { OccurredAtInterval, presentOccurredAtInterval } from './occurredAtInterval.js';

/** CONTRACT §2.2: an event that possibly happened by asOf (its interval has started, not ended); it does not count in the state. */
export const PendingEvent = z
  .object({
    eventId: EventId,
    type: z.string(),
    occurredAt: TimePoint.meta({ description: 'as written (corrected, when a correction changed it)' }),
    occurredAtInterval: OccurredAtInterval,
    summary: z.string().meta({ description: 'the event in one short line of plain language' }),
  })
  .meta({ id: 'PendingEvent' });
export type PendingEvent = Answer<typeof PendingEvent>;

export function presentPendingEvent({ event, occurred }: EffectiveEvent): PendingEvent {
  return { eventId: event.id, type: event.type, occurredAt: event.occurredAt, occurredAtInterval: presentOccurredAtInterval(occurred), summary: eventSummary(event) };
}
