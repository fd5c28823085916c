import { ProofRangeError } from '../errors.js';
import { splitPoint } from './merkleHash.js';
import { NodePlan, type SubtreeId } from './treeNodes.js';

/**
 * The nodes of roots, inclusion proofs (RFC 9162 §2.1.3.1) and consistency proofs
 * (§2.1.4.1), as plans of O(log n) perfect subtrees. The recursions are the RFC's, over
 * leaf ranges instead of lists, so no hash is computed until the nodes are read.
 */

/** The perfect subtrees of the leaves [start, start + length), largest first; start is a multiple of the largest. */
function subtreesOfRange(start: number, length: number): SubtreeId[] {
  const subtrees: SubtreeId[] = [];
  let size = 1;
  while (size * 2 <= length) size *= 2;
  for (let position = start, left = length; left > 0; size /= 2) {
    if (size > left) continue;
    subtrees.push({ level: Math.log2(size), index: position / size });
    position += size;
    left -= size;
  }
  return subtrees;
}

/** MTH of the first `size` leaves: one run, the size's binary decomposition. Also the frontier an appender resumes from. */
export function rootPlan(size: number): NodePlan {
  requireSize('tree size', size, 0);
  return new NodePlan([subtreesOfRange(0, size)]);
}

/** PATH(index, D[size]): the siblings from the leaf up. */
export function inclusionPlan(index: number, size: number): NodePlan {
  requireSize('tree size', size, 1);
  requireSize('leaf index', index, 0);
  if (index >= size) throw new ProofRangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const runs: SubtreeId[][] = [];
  pathRuns(index, 0, size, runs);
  return new NodePlan(runs);
}

/** PROOF(from, D[to]), 0 < from ≤ to: empty when the sizes are equal. */
export function consistencyPlan(from: number, to: number): NodePlan {
  requireSize('older size', from, 1);
  requireSize('newer size', to, 1);
  if (from > to) throw new ProofRangeError(`a tree of ${from} leaves cannot be consistent with a smaller one of ${to}`);
  const runs: SubtreeId[][] = [];
  if (from < to) subproofRuns(from, 0, to, true, runs);
  return new NodePlan(runs);
}

function pathRuns(index: number, start: number, size: number, runs: SubtreeId[][]): void {
  if (size === 1) return;
  const k = splitPoint(size);
  if (index < k) {
    pathRuns(index, start, k, runs);
    runs.push(subtreesOfRange(start + k, size - k));
  } else {
    pathRuns(index - k, start + k, size - k, runs);
    runs.push(subtreesOfRange(start, k));
  }
}

/** SUBPROOF(m, D[start:start+n], wholeOldTree): the old tree's own root is left out when the verifier holds it. */
function subproofRuns(m: number, start: number, n: number, wholeOldTree: boolean, runs: SubtreeId[][]): void {
  if (m === n) {
    if (!wholeOldTree) runs.push(subtreesOfRange(start, n));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproofRuns(m, start, k, wholeOldTree, runs);
    runs.push(subtreesOfRange(start + k, n - k));
  } else {
    subproofRuns(m - k, start + k, n - k, false, runs);
    runs.push(subtreesOfRange(start, k));
  }
}

function requireSize(what: string, value: number, least: number): void {
  if (!Number.isSafeInteger(value) || value < least) throw new ProofRangeError(`${what} must be a whole number ≥ ${least}, not ${value}`);
}
