import { foldSubtrees, HASH_SIZE, nodeHash } from './merkleHash.js';
import { rootPlan } from './proofPlans.js';
import type { SubtreeId, TreeNode } from './treeNodes.js';

/**
 * Grows a Merkle log one leaf hash at a time, keeping only its frontier: the perfect
 * subtrees of the size's binary decomposition, largest first. Each append yields the
 * nodes it completes (the leaf and every parent it closes), so a store can write them in
 * the transaction that commits the event.
 */
export class TreeAppender {
  private readonly frontier: TreeNode[];
  private leaves: number;

  /** Resumes a log of `size` leaves from its frontier's hashes, in the order of `frontierOf(size)`. */
  constructor(size = 0, frontierHashes: readonly Uint8Array[] = []) {
    const ids = frontierOf(size);
    if (frontierHashes.length !== ids.length) throw new RangeError(`a tree of ${size} leaves has a frontier of ${ids.length} nodes, not ${frontierHashes.length}`);
    this.frontier = ids.map((id, i) => ({ ...id, hash: checkedHash(frontierHashes[i]!) }));
    this.leaves = size;
  }

  get size(): number {
    return this.leaves;
  }

  /** The new perfect subtrees, bottom up: the leaf, then each parent it completes. */
  append(leafHash: Uint8Array): TreeNode[] {
    let node: TreeNode = { level: 0, index: this.leaves, hash: checkedHash(leafHash) };
    const completed = [node];
    while (this.frontier.at(-1)?.level === node.level) {
      const left = this.frontier.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.frontier.push(node);
    this.leaves++;
    return completed;
  }

  root(): Buffer {
    return foldSubtrees(this.frontier.map((node) => node.hash));
  }
}

/** The perfect subtrees an appender keeps for a tree of `size` leaves: the ones its root folds. */
export function frontierOf(size: number): readonly SubtreeId[] {
  return rootPlan(size).reads;
}

function checkedHash(hash: Uint8Array): Buffer {
  if (hash.length !== HASH_SIZE) throw new RangeError(`a node hash is ${HASH_SIZE} bytes, not ${hash.length}`);
  return Buffer.from(hash);
}
