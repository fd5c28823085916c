import type { NotePublicKey } from '../audit/noteKey.js';
import { verifyCheckpoint } from '../audit/signedCheckpoint.js';
import { StoreBehindError } from '../errors.js';
import type { Proofs } from './parley.js';

/**
 * Refuses a store that is behind the newest checkpoint kept outside it (CONTRACT §8): one
 * with fewer events than the checkpoint signed, or whose first events are not the ones it
 * signed. A store restored from an older copy, or rewritten, would otherwise be served as if
 * nothing had been lost. `where` names the kept file in the message.
 */
export async function refuseStoreBehind(proofs: Proofs, keptNote: string, key: NotePublicKey, where: string): Promise<void> {
  const verdict = verifyCheckpoint(keptNote, key);
  if (!verdict.ok) {
    throw new StoreBehindError(`the checkpoint kept in ${where} does not verify with this server's key (${verdict.message}); if the key was replaced on purpose, move ${where} away and start again`);
  }
  const { size, root, time } = verdict.checkpoint;
  const held = await proofs.log.grow();
  if (held < size) {
    throw new StoreBehindError(
      `the store holds ${held} events, fewer than the ${size} of its newest checkpoint (signed ${time}, kept in ${where}): it was restored from an older copy or events were deleted; restore a copy with all ${size}, or move ${where} away to accept the loss`,
    );
  }
  if (size > 0 && (await proofs.log.root(size)) !== root) {
    throw new StoreBehindError(
      `the store's first ${size} events are not the ones its newest checkpoint signed (signed ${time}, kept in ${where}; the store holds ${held}): its log was rewritten; restore a copy that holds them, or move ${where} away to accept the store as it is`,
    );
  }
}
