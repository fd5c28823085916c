import type { UnreadableEventError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import type { StoredCheckpoint } from '../store/proofStore.js';
import { checkpointLine } from './checkpointLine.js';

export interface ExportOptions {
  /** Called for each stored row that cannot be read back; without it, such a row ends the export with its error. */
  readonly onUnreadable?: (error: UnreadableEventError) => void;
  /** Rows read per page of the global log. */
  readonly pageSize?: number;
}

/**
 * Every event in global order, one JSON line each (with its "\n"): exactly the stored
 * object, `position` and `seq` included, which `importEvents` takes back unchanged. Reads
 * the log page by page, never whole; each row is read on its own, so an unreadable one is
 * named. A whole export (from the start) also carries the store's signed checkpoints, each
 * as a checkpoint line right after the event that brought the log to its size, so an import
 * into an empty store can check and keep them (CONTRACT §7, §8).
 */
export async function* exportEvents(store: EventStore, after = 0, options: ExportOptions = {}): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 1_000;
  const checkpoints: StoredCheckpoint[] = after === 0 && store.proofs ? await store.proofs.checkpoints() : [];
  let next = 0;
  let written = 0;
  // A checkpoint is due once the events before it are written: a left-out event means no later one could be restored.
  const due = function* (): Generator<string> {
    while (next < checkpoints.length && checkpoints[next]!.size <= written) yield checkpointLine(checkpoints[next++]!);
  };
  yield* due();
  for (let position = after; ; ) {
    const page = await store.readAllRows(position, pageSize);
    for (const row of page) {
      if (row.event) {
        yield `${JSON.stringify(row.event)}\n`;
        // An import rebuilds the log in file order: past an event out of seq order (positions and seqs of concurrent appends may cross), no checkpoint would match.
        if (row.event.seq !== written) checkpoints.length = next;
        written++;
        yield* due();
      } else if (options.onUnreadable) {
        options.onUnreadable(row.unreadable);
        checkpoints.length = next;
      } else {
        throw row.unreadable;
      }
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
