import type { VerifyResult } from '../answers/verifyResult.js';
import { StreamVerifier, type ChainBreak } from '../audit/hashChain.js';
import { parseVerifierKey } from '../audit/noteKey.js';
import type { EventStore } from '../store/eventStore.js';
import { SigningUnavailableError } from '../errors.js';
import type { Parley } from './parley.js';
import { checkLog } from './logCheck.js';
import { Yielder } from './yieldToEventLoop.js';

/** The answer of `GET /audit/verify` and `parley verify` (CONTRACT §6, §8). */
export type VerifyReport = VerifyResult;

export interface VerifyOptions {
  /** Events read per page of a stream. */
  readonly pageSize?: number;
  /** Called after each stream, e.g. for a progress bar. */
  readonly onStream?: (negotiationId: string, checkedSoFar: number) => void;
  /** The 32-byte public key that signs the store's checkpoints; without it their signatures go unchecked. */
  readonly checkpointKey?: Uint8Array;
}

/**
 * Recomputes every stream's hash chain, stream by stream and page by page (never the whole
 * log at once). The streams are found from the stored events themselves, so one whose
 * revision 0 is gone is checked too; an unreadable row is reported and the check goes on.
 * On a store that keeps a Merkle log, the log is recomputed and every checkpoint checked
 * against it too: what the chains cannot show (a stream's newest events, or a whole stream,
 * deleted) a checkpoint signed before the deletion does.
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
  const log = store.proofs && (await checkLog(store.proofs, { publicKey: options.checkpointKey }));
  const ok = broken.length === 0 && (log?.problems.length ?? 0) === 0;
  return { ok, checked, negotiations: streams.length, broken, ...(log && { log }) };
}

/** As verifyStore, with the signatures checked by the key this server signs its checkpoints with (when it has one). */
export function verifyParley(parley: Parley, options: Omit<VerifyOptions, 'checkpointKey'> = {}): Promise<VerifyReport> {
  return verifyStore(parley.store, { ...options, checkpointKey: signerKeyOf(parley) });
}

function signerKeyOf(parley: Parley): Buffer | undefined {
  try {
    return parley.proofs && parseVerifierKey(parley.proofs.checkpoints.key().vkey).publicKey;
  } catch (error) {
    if (error instanceof SigningUnavailableError) return undefined;
    throw error;
  }
}
