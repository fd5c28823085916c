import { DamagedLogError, ProofRangeError } from '../errors.js';
import { leafHash } from '../audit/merkleHash.js';
import { consistencyPlan, inclusionPlan, rootPlan } from '../audit/proofPlans.js';
import { TreeAppender, frontierOf } from '../audit/treeAppender.js';
import type { NodePlan } from '../audit/treeNodes.js';
import type { ProofStore, TreeNode } from '../store/proofStore.js';

/** Leaves read (and nodes written) at a time while the tree grows. */
const LEAVES_PER_STEP = 2_000;

export interface InclusionAnswer {
  readonly seq: number;
  readonly size: number;
  /** The leaf's hash (RFC 9162 §2.1.1 of the event's chain hash), hex. */
  readonly leaf: string;
  readonly path: string[];
}

export interface ConsistencyAnswer {
  readonly from: number;
  readonly to: number;
  readonly path: string[];
}

/**
 * The store's Merkle log (CONTRACT §8): the tree's nodes are built from the leaves the
 * store has committed, after the appends, and every root or proof reads O(log n) of them.
 * Growing is idempotent (a node is a hash of what is below it), so two processes may both
 * grow one tree; in one process the growth is one at a time.
 */
export class MerkleLog {
  private growing: Promise<number> | undefined;

  constructor(private readonly proofs: ProofStore) {}

  /** Builds the nodes up to the committed size; answers the size the nodes cover. */
  grow(): Promise<number> {
    this.growing ??= this.growOnce().finally(() => {
      this.growing = undefined;
    });
    return this.growing;
  }

  /** The root of the first `size` leaves, hex. */
  async root(size: number): Promise<string> {
    const covered = await this.coveredFor('tree size', size);
    if (size > covered) throw beyond('tree size', size, covered);
    return hex((await this.read(rootPlan(size)))[0]!);
  }

  async inclusion(seq: number, size: number): Promise<InclusionAnswer> {
    const covered = await this.coveredFor('tree size', size);
    if (size > covered) throw beyond('tree size', size, covered);
    const plan = inclusionPlan(seq, size);
    const [path, [leaf]] = await Promise.all([this.read(plan), this.proofs.nodes([{ level: 0, index: seq }])]);
    if (leaf === undefined) throw new DamagedLogError(`leaf ${seq} of the Merkle log is not stored`);
    return { seq, size, leaf, path: path.map(hex) };
  }

  async consistency(from: number, to: number): Promise<ConsistencyAnswer> {
    const covered = await this.coveredFor('newer size', to);
    if (to > covered) throw beyond('newer size', to, covered);
    return { from, to, path: (await this.read(consistencyPlan(from, to))).map(hex) };
  }

  private async coveredFor(what: string, size: number): Promise<number> {
    if (!Number.isSafeInteger(size) || size < 0) throw new ProofRangeError(`${what} must be a whole number ≥ 0, not ${size}`);
    return this.grow();
  }

  private async read(plan: NodePlan): Promise<Buffer[]> {
    const hashes = await this.proofs.nodes(plan.reads);
    const missing = hashes.findIndex((hash) => hash === undefined);
    if (missing >= 0) {
      const { level, index } = plan.reads[missing]!;
      throw new DamagedLogError(`node ${level}/${index} of the Merkle log is not stored`);
    }
    return plan.assemble(hashes.map((hash) => Buffer.from(hash!, 'hex')));
  }

  private async growOnce(): Promise<number> {
    const size = await this.proofs.logSize();
    let covered = await this.proofs.treeSize();
    if (covered >= size) return covered;
    const frontier = await this.proofs.nodes(frontierOf(covered));
    if (frontier.some((hash) => hash === undefined)) throw new DamagedLogError(`the Merkle log's nodes for its first ${covered} leaves are not all stored`);
    const appender = new TreeAppender(covered, frontier.map((hash) => Buffer.from(hash!, 'hex')));
    while (covered < size) {
      const leaves = await this.proofs.leaves(covered, Math.min(LEAVES_PER_STEP, size - covered));
      const nodes: TreeNode[] = [];
      for (const leaf of leaves) {
        // Dense by construction: a leaf missing here was taken out of the store.
        if (leaf.seq !== covered) throw new DamagedLogError(`leaf ${covered} of the Merkle log is missing (the next stored is ${leaf.seq})`);
        for (const node of appender.append(leafHash(Buffer.from(leaf.hash, 'utf8')))) nodes.push({ level: node.level, index: node.index, hash: hex(node.hash) });
        covered++;
      }
      if (leaves.length === 0) throw new DamagedLogError(`leaf ${covered} of the Merkle log is missing (the log says it holds ${size})`);
      await this.proofs.writeNodes(nodes, covered);
    }
    return covered;
  }
}

function beyond(what: string, size: number, covered: number): ProofRangeError {
  return new ProofRangeError(`${what} ${size} is beyond the log, which holds ${covered} events`);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
