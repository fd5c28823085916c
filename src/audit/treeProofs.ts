import { consistencyPlan, inclusionPlan, rootPlan } from './proofPlans.js';
import type { PerfectSubtreeReader } from './treeNodes.js';

/** Roots and proofs of a tree whose nodes can be read one by one, synchronously (in memory, or a synchronous store). */

export function treeRoot(reader: PerfectSubtreeReader, size: number): Buffer {
  return rootPlan(size).readFrom(reader)[0]!;
}

export function inclusionProof(reader: PerfectSubtreeReader, index: number, size: number): Buffer[] {
  return inclusionPlan(index, size).readFrom(reader);
}

export function consistencyProof(reader: PerfectSubtreeReader, from: number, to: number): Buffer[] {
  return consistencyPlan(from, to).readFrom(reader);
}
