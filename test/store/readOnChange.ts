import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { readAllFrom, type EventStore } from '../../src/store/eventStore.js';

/**
 * What a subscriber of `store` hears, read the way the live feed reads: on every change
 * signal, the global log on from the last position read (`after` at first), one read at a
 * time. A read that fails (the store unreachable) leaves the rest to the next signal.
 */
export function readOnChange(store: EventStore, after = 0): { heard: RecordedEvent[]; unsubscribe: () => void } {
  const heard: RecordedEvent[] = [];
  let position = after;
  let reading = Promise.resolve();
  const readOn = async (): Promise<void> => {
    try {
      for await (const event of readAllFrom(store, position)) {
        heard.push(event);
        position = event.position;
      }
    } catch {
      // The next signal (a reconnection, another append) reads on from `position`.
    }
  };
  const unsubscribe = store.subscribe(() => {
    reading = reading.then(readOn);
  });
  return { heard, unsubscribe };
}
