import { readAllFrom, type EventStore } from '../store/eventStore.js';

/**
 * Every event in global order, one JSON line each (with its "\n"): exactly the stored
 * object, `position` included, which `importEvents` takes back unchanged. Reads the log
 * page by page, never whole.
 */
export async function* exportEvents(store: EventStore, after = 0): AsyncGenerator<string> {
  for await (const event of readAllFrom(store, after)) yield `${JSON.stringify(event)}\n`;
}

/** How many events the store holds: the sum of its streams' lengths (revisions are gapless). */
export async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  for (const negotiationId of await store.listNegotiations()) {
    const head = await store.head(negotiationId);
    if (head) count += head.revision + 1;
  }
  return count;
}
