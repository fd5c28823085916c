import { hashBytes, type HashInput } from './hashInput.js';
import { nodeHash } from './merkleHash.js';
import { failure, type Failure, type Verdict } from './verdict.js';

/** Checks of inclusion (RFC 9162 §2.1.3.2) and consistency (§2.1.4.2) proofs, step by step as the RFC writes them. */

export interface InclusionClaim {
  readonly index: number;
  readonly size: number;
  readonly leafHash: HashInput;
  readonly path: readonly HashInput[];
  readonly root: HashInput;
}

export type InclusionProblem = 'out-of-range' | 'malformed-hash' | 'wrong-path-length' | 'root-mismatch';

export function verifyInclusion(claim: InclusionClaim): Verdict<InclusionProblem> {
  const { index, size } = claim;
  if (!isCount(size) || !isCount(index) || index >= size) return failure('out-of-range', `leaf ${index} is not in a tree of ${size} leaves`);
  const hashes = parseHashes({ leaf: claim.leafHash, root: claim.root }, claim.path);
  if ('problem' in hashes) return hashes;
  let fn = index;
  let sn = size - 1;
  let r = hashes.leaf;
  for (const p of hashes.path) {
    if (sn === 0) return wrongLength(claim.path.length, 'inclusion');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return wrongLength(claim.path.length, 'inclusion');
  if (!r.equals(hashes.root)) return failure('root-mismatch', `the path leads to root ${r.toString('hex')}, not ${hashes.root.toString('hex')}`);
  return { ok: true };
}

export interface ConsistencyClaim {
  readonly from: number;
  readonly to: number;
  readonly fromRoot: HashInput;
  readonly toRoot: HashInput;
  readonly path: readonly HashInput[];
}

export type ConsistencyProblem = 'out-of-range' | 'malformed-hash' | 'wrong-path-length' | 'old-root-mismatch' | 'new-root-mismatch';

/** 0 < from ≤ to: a proof from the empty tree proves nothing, so it is refused (as RFC 9162 has it). */
export function verifyConsistency(claim: ConsistencyClaim): Verdict<ConsistencyProblem> {
  const { from, to } = claim;
  if (!isCount(from) || !isCount(to) || from === 0 || from > to) return failure('out-of-range', `no consistency proof goes from a tree of ${from} leaves to one of ${to}`);
  const hashes = parseHashes({ first: claim.fromRoot, second: claim.toRoot }, claim.path);
  if ('problem' in hashes) return hashes;
  const { first, second } = hashes;
  if (from === to) {
    if (hashes.path.length > 0) return wrongLength(claim.path.length, 'consistency');
    return first.equals(second) ? { ok: true } : failure('new-root-mismatch', `trees of the same size ${from} have different roots`);
  }
  // A power-of-two old tree is itself a node of the new one: the RFC puts its root first instead of sending it.
  const path = isPowerOfTwo(from) ? [first, ...hashes.path] : hashes.path;
  if (path.length === 0) return wrongLength(0, 'consistency');
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return wrongLength(claim.path.length, 'consistency');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return wrongLength(claim.path.length, 'consistency');
  if (!fr.equals(first)) return failure('old-root-mismatch', `the path rebuilds old root ${fr.toString('hex')}, not ${first.toString('hex')}`);
  if (!sr.equals(second)) return failure('new-root-mismatch', `the path rebuilds new root ${sr.toString('hex')}, not ${second.toString('hex')}`);
  return { ok: true };
}

/** The named hashes and the path as bytes, or the first that is not a hash. */
function parseHashes<Name extends string>(
  named: Record<Name, HashInput>,
  path: readonly HashInput[],
): (Record<Name, Buffer> & { path: Buffer[] }) | Failure<'malformed-hash'> {
  const parsed: Record<string, Buffer> = {};
  for (const [name, input] of Object.entries<HashInput>(named)) {
    const bytes = hashBytes(input);
    if (!bytes) return failure('malformed-hash', `${name} is not a SHA-256 hash`);
    parsed[name] = bytes;
  }
  const pathBytes: Buffer[] = [];
  for (const [i, input] of path.entries()) {
    const bytes = hashBytes(input);
    if (!bytes) return failure('malformed-hash', `path[${i}] is not a SHA-256 hash`);
    pathBytes.push(bytes);
  }
  return { ...(parsed as Record<Name, Buffer>), path: pathBytes };
}

function wrongLength(length: number, kind: string): Failure<'wrong-path-length'> {
  return failure('wrong-path-length', `a path of ${length} hashes is not the ${kind} proof for these sizes`);
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

// Arithmetic rather than bit operators, which would cut sizes to 32 bits.
function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}

function isPowerOfTwo(value: number): boolean {
  let v = value;
  while (v > 1 && !isOdd(v)) v = half(v);
  return v === 1;
}
