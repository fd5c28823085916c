import { createHash } from 'node:crypto';

/** RFC 9162 §2.1 hashing with SHA-256, as the log of CONTRACT §8 uses it. */

export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

/** MTH of the empty list: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** SHA-256(0x00 ‖ data): the prefix keeps a leaf from ever hashing like a node. */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * The hash of a run of perfect subtrees, largest first, that together make a subtree of
 * the log (a size's binary decomposition): each is the left child of the fold of the rest.
 */
export function foldSubtrees(hashes: readonly Uint8Array[]): Buffer {
  const last = hashes.at(-1);
  if (last === undefined) return EMPTY_ROOT;
  let folded: Buffer = Buffer.from(last);
  for (let i = hashes.length - 2; i >= 0; i--) folded = nodeHash(hashes[i]!, folded);
  return folded;
}

/** The largest power of two below n (n ≥ 2), the split of RFC 9162 §2.1.1; arithmetic, not bit operators, so sizes above 2^31 stay exact. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) as RFC 9162 §2.1.1 defines it, from the entries themselves: the reference the stored trees are checked against. */
export function merkleTreeHash(entries: readonly Uint8Array[]): Buffer {
  if (entries.length === 0) return EMPTY_ROOT;
  if (entries.length === 1) return leafHash(entries[0]!);
  const k = splitPoint(entries.length);
  return nodeHash(merkleTreeHash(entries.slice(0, k)), merkleTreeHash(entries.slice(k)));
}
