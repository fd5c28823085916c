import type { VerifyResult } from '../answers/verifyResult.js';
import { StreamVerifier, type ChainBreak } from '../audit/hashChain.js';
import type { EventStore } from '../store/eventStore.js';
import { Yielder } from './yieldToEventLoop.js';

/** The answer of `GET /audit/verify` and `parley verify` (CONTRACT §6). */
export type VerifyReport = VerifyResult;

export interface VerifyOptions {
  /** Events read per page of a stream. */
  readonly pageSize?: number;
  /** Called after each stream, e.g. for a progress bar. */
  readonly onStream?: (negotiationId: string, checkedSoFar: number) => void;
}

/**
 * Recomputes every stream's hash chain, stream by stream and page by page (never the whole
 * log at once). The streams are found from the stored events themselves, so one whose
 * revision 0 is gone is checked too; an unreadable row is reported and the check goes on.
 */
export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 1_000;
  const broken: ChainBreak[] = [];
  let checked = 0;
  const streams = await store.listStreams();
  // Other requests run in between: a read of SQLite never lets them in by itself.
  const yielder = new Yielder();
  for (const negotiationId of streams) {
    const verifier = new StreamVerifier(negotiationId);
    for (let from = 0; ; ) {
      const page = await store.readStreamRows(negotiationId, from, pageSize);
      for (const row of page) {
        verifier.checkRow(row);
        await yielder.step();
      }
      if (page.length < pageSize) break;
      // Paged by the stored revision the rows are ordered by, not by count (revisions may be
      // missing) nor by the events' own revision fields (which tampering could change).
      from = page[page.length - 1]!.revision + 1;
    }
    checked += verifier.checked;
    broken.push(...verifier.breaks);
    options.onStream?.(negotiationId, checked);
  }
  return { ok: broken.length === 0, checked, negotiations: streams.length, broken };
}
