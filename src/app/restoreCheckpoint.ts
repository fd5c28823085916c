import { ImportInterruptedError } from '../errors.js';
import type { StoredCheckpoint } from '../store/proofStore.js';
import type { Parley } from './parley.js';

/**
 * Stores an imported checkpoint verbatim, once the events before it are written: the
 * checking pass foretold the log's size and root there, and another writer in between
 * would make them differ, so they are read again from the store first.
 */
export async function restoreCheckpoint(parley: Parley, checkpoint: StoredCheckpoint): Promise<void> {
  const { proofs, store } = parley;
  if (!proofs || !store.proofs) throw new ImportInterruptedError('the store stopped keeping a Merkle log while importing');
  const size = await proofs.log.grow();
  if (size !== checkpoint.size) {
    throw new ImportInterruptedError(`the log holds ${size} events where the checkpoint of size ${checkpoint.size} was to be restored (another writer appended meanwhile); its events are written, the checkpoint is not`);
  }
  const root = await proofs.log.root(size);
  if (root !== checkpoint.root) throw new ImportInterruptedError(`the log's root at size ${size} changed while importing; the checkpoint of that size is not restored`);
  await store.proofs.saveCheckpoint(checkpoint);
}
