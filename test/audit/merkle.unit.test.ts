import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProofRangeError } from '../../src/errors.js';
import { EMPTY_ROOT, leafHash, merkleTreeHash, nodeHash } from '../../src/audit/merkleHash.js';
import { MemoryTree } from '../../src/audit/memoryTree.js';
import { consistencyPlan, inclusionPlan, rootPlan } from '../../src/audit/proofPlans.js';
import { verifyConsistency, verifyInclusion } from '../../src/audit/proofVerification.js';
import { frontierOf, TreeAppender } from '../../src/audit/treeAppender.js';
import type { PerfectSubtreeReader } from '../../src/audit/treeNodes.js';
import { consistencyProof, inclusionProof, treeRoot } from '../../src/audit/treeProofs.js';
import { Prng } from '../support/prng.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const hex = (text: string) => Buffer.from(text, 'hex');
const hexes = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/** The RFC 6962 test tree of transparency-dev/merkle; see its `source` field. */
const TREE = fixture('rfc6962-tree.json') as {
  leafInputs: string[];
  nodeHashes: string[][];
  rootHashes: string[];
  inclusionProofs: { leafIndex: number; size: number; proof: string[] }[];
  consistencyProofs: { from: number; to: number; proof: string[] }[];
};
const LEAVES = TREE.leafInputs.map(hex);

/** The verification probes of transparency-dev/merkle's testdata/; see its `source` field. Sizes and indexes are kept as written (one is 2^64 − 1). */
const PROBES = fixture('rfc6962-probes.json') as {
  inclusion: { file: string; leafIdx: string; treeSize: string; root: string; leafHash: string; proof: string[]; wantErr: boolean }[];
  consistency: { file: string; size1: string; size2: string; root1: string; root2: string; proof: string[]; wantErr: boolean }[];
};
const b64 = (text: string) => Buffer.from(text, 'base64');

/** Entries 0, 1, 2, … as 4-byte big-endian numbers: distinct leaves for trees of any size. */
function entries(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const entry = Buffer.alloc(4);
    entry.writeUInt32BE(i);
    return entry;
  });
}

/** A reader that counts its reads and answers any node with a hash made from its id: for sizes no test could build. */
class CountingReader implements PerfectSubtreeReader {
  reads = 0;
  perfectSubtreeHash(level: number, index: number): Buffer {
    this.reads++;
    return leafHash(Buffer.from(`${level}/${index}`));
  }
}

function flipByte(hash: Buffer, at: number): Buffer {
  const flipped = Buffer.from(hash);
  flipped[at % flipped.length]! ^= 0x01;
  return flipped;
}

describe('RFC 6962 hashing (vectors of transparency-dev/merkle rfc6962/rfc6962_test.go)', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleTreeHash([]).equals(EMPTY_ROOT)).toBe(true);
  });

  it('prefixes leaves with 0x00, so an empty leaf is not the empty tree', () => {
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
  });

  it('prefixes nodes with 0x01', () => {
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });
});

describe('the eight-leaf RFC 6962 test tree (transparency-dev/merkle testonly/constants.go)', () => {
  it('has the published root at every size from 0 to 8, built incrementally and by the RFC definition', () => {
    const tree = new MemoryTree();
    expect(tree.root().toString('hex')).toBe(TREE.rootHashes[0]);
    for (const [i, leaf] of LEAVES.entries()) {
      tree.append(leafHash(leaf));
      expect(tree.root().toString('hex')).toBe(TREE.rootHashes[i + 1]);
      expect(merkleTreeHash(LEAVES.slice(0, i + 1)).toString('hex')).toBe(TREE.rootHashes[i + 1]);
    }
    expect(TREE.rootHashes.map((_, size) => tree.root(size).toString('hex'))).toEqual(TREE.rootHashes);
  });

  it('stores every complete subtree with the published node hash', () => {
    const tree = MemoryTree.ofEntries(LEAVES);
    TREE.nodeHashes.forEach((level, l) => level.forEach((hash, index) => expect(tree.perfectSubtreeHash(l, index).toString('hex')).toBe(hash)));
  });

  it('resumes an appender at any size from the published nodes of its frontier', () => {
    for (let size = 0; size < LEAVES.length; size++) {
      const frontier = frontierOf(size).map(({ level, index }) => hex(TREE.nodeHashes[level]![index]!));
      const appender = new TreeAppender(size, frontier);
      expect(appender.root().toString('hex')).toBe(TREE.rootHashes[size]);
      for (const leaf of LEAVES.slice(size)) appender.append(leafHash(leaf));
      expect(appender.root().toString('hex')).toBe(TREE.rootHashes[8]);
    }
  });
});

describe('proofs in the eight-leaf test tree (transparency-dev/merkle cmd/proofgen/main.go)', () => {
  const tree = MemoryTree.ofEntries(LEAVES);

  it.each(TREE.inclusionProofs)('gives leaf $leafIndex of size $size the published inclusion proof, which verifies', ({ leafIndex, size, proof }) => {
    expect(hexes(tree.inclusionProof(leafIndex, size))).toEqual(proof);
    const claim = { index: leafIndex, size, leafHash: leafHash(LEAVES[leafIndex]!), path: proof, root: TREE.rootHashes[size]! };
    expect(verifyInclusion(claim)).toEqual({ ok: true });
  });

  it.each(TREE.consistencyProofs)('gives sizes $from → $to the published consistency proof, which verifies', ({ from, to, proof }) => {
    expect(hexes(tree.consistencyProof(from, to))).toEqual(proof);
    const claim = { from, to, fromRoot: TREE.rootHashes[from]!, toRoot: TREE.rootHashes[to]!, path: proof };
    expect(verifyConsistency(claim)).toEqual({ ok: true });
  });
});

describe('the verification probes of transparency-dev/merkle testdata/', () => {
  /** The reference accepts roots of any length when the sizes are equal (one accepted probe has 12-byte roots); here a hash is 32 bytes or it fails. */
  const allHashes = (hashes: string[]) => hashes.every((hash) => b64(hash).length === 32);

  it.each(PROBES.inclusion)('$file: inclusion answers as the reference', (probe) => {
    const verdict = verifyInclusion({ index: Number(probe.leafIdx), size: Number(probe.treeSize), leafHash: b64(probe.leafHash), path: probe.proof.map(b64), root: b64(probe.root) });
    if (allHashes([probe.leafHash, probe.root, ...probe.proof])) expect(verdict.ok).toBe(!probe.wantErr);
    else expect(verdict.ok).toBe(false);
  });

  it.each(PROBES.consistency)('$file: consistency answers as the reference', (probe) => {
    const verdict = verifyConsistency({ from: Number(probe.size1), to: Number(probe.size2), fromRoot: b64(probe.root1), toRoot: b64(probe.root2), path: probe.proof.map(b64) });
    if (allHashes([probe.root1, probe.root2, ...probe.proof])) expect(verdict.ok).toBe(!probe.wantErr);
    else expect(verdict.ok).toBe(false);
  });

  it('include accepted probes, so agreement is not only refusal', () => {
    const accepted = [...PROBES.inclusion, ...PROBES.consistency].filter((probe) => !probe.wantErr);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
  });
});

describe('proofs in random trees of 1 to 300 leaves', () => {
  const random = new Prng(9162);
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 300, ...Array.from({ length: 12 }, () => random.int(1, 300))];

  // A root belongs to one size: a claim of another size is checked against that size's root.
  const roots = new Map<number, Buffer>();
  const rootOf = (size: number) => roots.get(size) ?? roots.set(size, merkleTreeHash(entries(size))).get(size)!;

  it.each(sizes)('of %i leaves: every inclusion proof verifies against the RFC root, and no altered claim does', (size) => {
    const data = entries(size);
    const tree = MemoryTree.ofEntries(data);
    const root = rootOf(size);
    expect(tree.root().equals(root)).toBe(true);
    for (let index = 0; index < size; index++) {
      const path = tree.inclusionProof(index, size);
      const claim = { index, size, leafHash: leafHash(data[index]!), path, root };
      expect(verifyInclusion(claim)).toEqual({ ok: true });
      expect(verifyInclusion({ ...claim, root: root.toString('hex'), path: hexes(path) })).toEqual({ ok: true });
      for (const [at, hash] of path.entries()) {
        const altered = path.map((h, i) => (i === at ? flipByte(h, random.int(0, 31)) : h));
        expect(verifyInclusion({ ...claim, path: altered }).ok).toBe(false);
        expect(hash).toHaveLength(32);
      }
      expect(verifyInclusion({ ...claim, leafHash: flipByte(claim.leafHash, random.int(0, 31)) }).ok).toBe(false);
      expect(verifyInclusion({ ...claim, root: flipByte(root, random.int(0, 31)) }).ok).toBe(false);
      if (index + 1 < size) expect(verifyInclusion({ ...claim, index: index + 1 }).ok).toBe(false);
      if (index > 0) expect(verifyInclusion({ ...claim, index: index - 1 }).ok).toBe(false);
      expect(verifyInclusion({ ...claim, size: size + 1, root: rootOf(size + 1) }).ok).toBe(false);
      if (index < size - 1) expect(verifyInclusion({ ...claim, size: size - 1, root: rootOf(size - 1) }).ok).toBe(false);
      expect(verifyInclusion({ ...claim, path: [...path, root] }).ok).toBe(false);
      if (path.length > 0) expect(verifyInclusion({ ...claim, path: path.slice(1) }).ok).toBe(false);
    }
  });

  it.each(sizes)('of %i leaves: every consistency proof from a smaller size verifies, and no altered claim does', (size) => {
    const data = entries(size);
    const tree = MemoryTree.ofEntries(data);
    const toRoot = rootOf(size);
    for (let from = 1; from <= size; from++) {
      const fromRoot = rootOf(from);
      const path = tree.consistencyProof(from, size);
      const claim = { from, to: size, fromRoot, toRoot, path };
      expect(verifyConsistency(claim)).toEqual({ ok: true });
      for (const at of path.keys()) {
        const altered = path.map((h, i) => (i === at ? flipByte(h, random.int(0, 31)) : h));
        expect(verifyConsistency({ ...claim, path: altered }).ok).toBe(false);
      }
      expect(verifyConsistency({ ...claim, fromRoot: flipByte(fromRoot, random.int(0, 31)) }).ok).toBe(false);
      expect(verifyConsistency({ ...claim, toRoot: flipByte(toRoot, random.int(0, 31)) }).ok).toBe(false);
      if (from < size) expect(verifyConsistency({ ...claim, from: from + 1, fromRoot: rootOf(from + 1) }).ok).toBe(false);
      if (from > 1) expect(verifyConsistency({ ...claim, from: from - 1, fromRoot: rootOf(from - 1) }).ok).toBe(false);
      expect(verifyConsistency({ ...claim, to: size + 1, toRoot: rootOf(size + 1) }).ok).toBe(false);
      expect(verifyConsistency({ ...claim, path: [...path, toRoot] }).ok).toBe(false);
      if (path.length > 0) expect(verifyConsistency({ ...claim, path: path.slice(0, -1) }).ok).toBe(false);
    }
  });
});

describe('reading a stored tree', () => {
  const bound = (size: number) => 2 * Math.ceil(Math.log2(size + 1)) + 1;

  /** Every plan of a tree of `size` leaves: its root, each leaf's inclusion, each older size's consistency. */
  const plansOf = (size: number) => [rootPlan(size), ...Array.from({ length: size }, (_, i) => inclusionPlan(i, size)), ...Array.from({ length: size }, (_, i) => consistencyPlan(i + 1, size))];

  it('reads O(log n) perfect subtrees for any root or proof of up to 300 leaves', () => {
    const overBound = [];
    for (let size = 1; size <= 300; size++) for (const plan of plansOf(size)) if (plan.reads.length > bound(size)) overBound.push({ size, reads: plan.reads });
    expect(overBound).toEqual([]);
  });

  it('reads O(log n) nodes, and nothing else, in a tree far past 2^32 leaves', () => {
    const size = 2 ** 45 + 12_345_677;
    const reader = new CountingReader();
    expect(inclusionProof(reader, size - 2, size)).toHaveLength(inclusionPlan(size - 2, size).runs.length);
    expect(reader.reads).toBeLessThanOrEqual(bound(size));
    reader.reads = 0;
    consistencyProof(reader, 2 ** 33 + 5, size);
    expect(reader.reads).toBeLessThanOrEqual(bound(size));
    reader.reads = 0;
    treeRoot(reader, size);
    expect(reader.reads).toBe(frontierOf(size).length);
  });

  it('asks only for subtrees that are complete in the tree', () => {
    const beyond = [];
    for (let size = 1; size <= 300; size++) for (const { level, index } of plansOf(size).flatMap((plan) => plan.reads)) if ((index + 1) * 2 ** level > size) beyond.push({ size, level, index });
    expect(beyond).toEqual([]);
  });
});

describe('appending leaves', () => {
  it('yields the leaf, then each parent it completes, bottom up', () => {
    const appender = new TreeAppender();
    const nodes = LEAVES.slice(0, 4).map((leaf) => appender.append(leafHash(leaf)).map(({ level, index }) => [level, index]));
    expect(nodes).toEqual([[[0, 0]], [[0, 1], [1, 0]], [[0, 2]], [[0, 3], [1, 1], [2, 0]]]);
  });

  it('yields every perfect subtree once, with the hash the tree has for it', () => {
    const data = entries(77);
    const appender = new TreeAppender();
    const yielded = data.flatMap((entry) => appender.append(leafHash(entry)));
    const tree = MemoryTree.ofEntries(data);
    expect(yielded).toHaveLength(2 * 77 - frontierOf(77).length);
    for (const { level, index, hash } of yielded) expect(hash.equals(tree.perfectSubtreeHash(level, index))).toBe(true);
  });

  it('refuses a frontier that does not fit the size, and a hash that is not 32 bytes', () => {
    expect(() => new TreeAppender(3, [EMPTY_ROOT])).toThrow(RangeError);
    expect(() => new TreeAppender().append(Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('asking for a proof the tree cannot give', () => {
  const tree = MemoryTree.ofEntries(entries(5));

  it('is a range error: a leaf past the size, an empty tree, a size past the tree, sizes the wrong way round', () => {
    expect(() => tree.inclusionProof(5, 5)).toThrow(ProofRangeError);
    expect(() => tree.inclusionProof(0, 0)).toThrow(ProofRangeError);
    expect(() => tree.inclusionProof(0, 6)).toThrow(ProofRangeError);
    expect(() => tree.inclusionProof(-1, 5)).toThrow(ProofRangeError);
    expect(() => tree.inclusionProof(0.5, 5)).toThrow(ProofRangeError);
    expect(() => tree.consistencyProof(0, 5)).toThrow(ProofRangeError);
    expect(() => tree.consistencyProof(4, 3)).toThrow(ProofRangeError);
    expect(() => tree.root(6)).toThrow(ProofRangeError);
    expect(() => tree.perfectSubtreeHash(1, 2)).toThrow(ProofRangeError);
  });

  it('gives the sizes an empty consistency proof when they are equal', () => {
    expect(tree.consistencyProof(5, 5)).toEqual([]);
    expect(verifyConsistency({ from: 5, to: 5, fromRoot: tree.root(), toRoot: tree.root(), path: [] })).toEqual({ ok: true });
  });
});

describe('a claim that is not written as hashes', () => {
  const tree = MemoryTree.ofEntries(entries(6));
  const claim = { index: 2, size: 6, leafHash: leafHash(entries(6)[2]!).toString('hex'), path: hexes(tree.inclusionProof(2)), root: tree.root().toString('hex') };

  it('verifies in upper-case hex as in lower-case', () => {
    expect(verifyInclusion({ ...claim, root: claim.root.toUpperCase() })).toEqual({ ok: true });
  });

  it('names the malformed hash', () => {
    expect(verifyInclusion({ ...claim, root: claim.root.slice(1) })).toMatchObject({ ok: false, problem: 'malformed-hash', message: 'root is not a SHA-256 hash' });
    expect(verifyInclusion({ ...claim, path: [claim.path[0]!, 'zz'] })).toMatchObject({ ok: false, problem: 'malformed-hash', message: 'path[1] is not a SHA-256 hash' });
  });

  it('names what failed for each kind of wrong claim', () => {
    expect(verifyInclusion({ ...claim, index: 6 })).toMatchObject({ ok: false, problem: 'out-of-range' });
    expect(verifyInclusion({ ...claim, path: claim.path.slice(1) })).toMatchObject({ ok: false, problem: 'wrong-path-length' });
    expect(verifyInclusion({ ...claim, root: EMPTY_ROOT })).toMatchObject({ ok: false, problem: 'root-mismatch' });
    const consistency = { from: 3, to: 6, fromRoot: tree.root(3), toRoot: tree.root(6), path: tree.consistencyProof(3, 6) };
    expect(verifyConsistency({ ...consistency, fromRoot: EMPTY_ROOT })).toMatchObject({ ok: false, problem: 'old-root-mismatch' });
    expect(verifyConsistency({ ...consistency, toRoot: EMPTY_ROOT })).toMatchObject({ ok: false, problem: 'new-root-mismatch' });
    expect(verifyConsistency({ ...consistency, from: 0 })).toMatchObject({ ok: false, problem: 'out-of-range' });
  });
});
