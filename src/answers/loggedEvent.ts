import { RecordedEvent } from '../events/recordedEvent.js';
import { intervalOf } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { OccurredAtInterval, presentOccurredAtInterval } from './occurredAtInterval.js';

/**
 * An event of the raw log as the API returns it (CONTRACT §2.1): the stored form, exactly, plus
 * the interval its occurredAt covers. The interval is not stored and not hashed; export writes
 * the stored form alone.
 */
export const LoggedEvent = RecordedEvent.extend({ occurredAtInterval: OccurredAtInterval }).meta({ id: 'LoggedEvent' });
export type LoggedEvent = Answer<typeof LoggedEvent>;

export function presentLoggedEvent(event: RecordedEvent): LoggedEvent {
  return { ...event, occurredAtInterval: presentOccurredAtInterval(intervalOf(event.occurredAt)) };
}
