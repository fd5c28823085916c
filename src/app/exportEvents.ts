import type { UnreadableEventError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';

export interface ExportOptions {
  /** Called for each stored row that cannot be read back; without it, such a row ends the export with its error. */
  readonly onUnreadable?: (error: UnreadableEventError) => void;
  /** Rows read per page of the global log. */
  readonly pageSize?: number;
}

/**
 * Every event in global order, one JSON line each (with its "\n"): exactly the stored
 * object, `position` included, which `importEvents` takes back unchanged. Reads the log
 * page by page, never whole; each row is read on its own, so an unreadable one is named.
 */
export async function* exportEvents(store: EventStore, after = 0, options: ExportOptions = {}): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 1_000;
  for (let position = after; ; ) {
    const page = await store.readAllRows(position, pageSize);
    for (const row of page) {
      if (row.event) yield `${JSON.stringify(row.event)}\n`;
      else if (options.onUnreadable) options.onUnreadable(row.unreadable);
      else throw row.unreadable;
    }
    if (page.length < pageSize) return;
    position = page[page.length - 1]!.position;
  }
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
