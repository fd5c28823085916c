import type { PendingEvent } from '../events/recordedEvent.js';

/** Ids that occur more than once in one batch: such a batch is refused whole, like any reused id. */
export function repeatedIds(events: readonly PendingEvent[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) repeated.add(event.id);
    seen.add(event.id);
  }
  return [...repeated];
}
