import { foldSubtrees, HASH_SIZE } from './merkleHash.js';

/**
 * A perfect subtree of the log: 2^level leaves starting at leaf index·2^level. These are
 * the only nodes a store keeps; every other hash of the tree (a root, a node on its right
 * edge) is a fold of a few of them.
 */
export interface SubtreeId {
  readonly level: number;
  readonly index: number;
}

/** A perfect subtree with its hash, as a store keeps it. */
export interface TreeNode extends SubtreeId {
  readonly hash: Buffer;
}

/** How proofs read a tree's stored nodes: only perfect subtrees complete in the tree are asked for. */
export interface PerfectSubtreeReader {
  perfectSubtreeHash(level: number, index: number): Uint8Array;
}

/**
 * The recipe of a root or a proof: the hashes it is made of, each a run of perfect
 * subtrees (a subtree of the tree, cut along its size's binary decomposition). A store
 * reads `reads` in one go, synchronously or not, and `assemble` makes the answer.
 */
export class NodePlan {
  readonly reads: readonly SubtreeId[];

  constructor(readonly runs: readonly (readonly SubtreeId[])[]) {
    this.reads = runs.flat();
  }

  /** The answer's hashes, one per run, from the hashes of `reads` in their order. */
  assemble(hashes: readonly Uint8Array[]): Buffer[] {
    if (hashes.length !== this.reads.length) throw new RangeError(`the plan reads ${this.reads.length} nodes, ${hashes.length} were given`);
    const wrong = hashes.findIndex((hash) => hash.length !== HASH_SIZE);
    if (wrong >= 0) throw new RangeError(`node ${wrong} of the plan is ${hashes[wrong]!.length} bytes, not ${HASH_SIZE}`);
    let next = 0;
    return this.runs.map((run) => foldSubtrees(hashes.slice(next, (next += run.length))));
  }

  /** The answer, reading each node from `reader`. */
  readFrom(reader: PerfectSubtreeReader): Buffer[] {
    return this.assemble(this.reads.map(({ level, index }) => reader.perfectSubtreeHash(level, index)));
  }
}
