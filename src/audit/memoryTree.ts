import { ProofRangeError } from '../errors.js';
import { leafHash, nodeHash } from './merkleHash.js';
import { TreeAppender } from './treeAppender.js';
import type { PerfectSubtreeReader } from './treeNodes.js';
import { consistencyProof, inclusionProof, treeRoot } from './treeProofs.js';

/** A Merkle log held in memory, every perfect subtree kept: for a small tree built on the spot (the streams tree, an offline check) and for tests. */
export class MemoryTree implements PerfectSubtreeReader {
  private readonly appender = new TreeAppender();
  /** levels[level][index]: the hash of that perfect subtree. */
  private readonly levels: Buffer[][] = [];
  /** Set on a copy made by `withLeaves`: its size, fixed (it takes no appends). */
  private fixedSize: number | undefined;

  static ofLeafHashes(hashes: Iterable<Uint8Array>): MemoryTree {
    const tree = new MemoryTree();
    for (const hash of hashes) tree.append(hash);
    return tree;
  }

  /** The tree whose leaves are these entries (leaf hash = SHA-256(0x00 ‖ entry)). */
  static ofEntries(entries: Iterable<Uint8Array>): MemoryTree {
    const tree = new MemoryTree();
    for (const entry of entries) tree.append(leafHash(entry));
    return tree;
  }

  get size(): number {
    return this.fixedSize ?? this.appender.size;
  }

  append(leafHash: Uint8Array): void {
    if (this.fixedSize !== undefined) throw new RangeError('a tree whose leaves were replaced takes no appends');
    for (const node of this.appender.append(leafHash)) (this.levels[node.level] ??= [])[node.index] = node.hash;
  }

  /**
   * A copy with these leaves (index → leaf hash) in place of the ones there: only the perfect
   * subtrees above them are hashed again, O(log n) each. The copy takes no appends.
   */
  withLeaves(replaced: ReadonlyMap<number, Uint8Array>): MemoryTree {
    const copy = new MemoryTree();
    copy.fixedSize = this.size;
    for (const level of this.levels) copy.levels.push(level.slice());
    let changed = new Set<number>();
    for (const [index, hash] of replaced) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new ProofRangeError(`a tree of ${this.size} leaves has no leaf ${index}`);
      copy.levels[0]![index] = Buffer.from(hash);
      changed.add(index);
    }
    for (let level = 0; changed.size > 0 && level + 1 < copy.levels.length; level++) {
      const parents = new Set<number>();
      const below = copy.levels[level]!;
      for (const index of changed) {
        const parent = Math.floor(index / 2);
        // A parent is kept only when its subtree is complete: both children are there.
        if (copy.levels[level + 1]![parent] === undefined) continue;
        copy.levels[level + 1]![parent] = nodeHash(below[2 * parent]!, below[2 * parent + 1]!);
        parents.add(parent);
      }
      changed = parents;
    }
    return copy;
  }

  perfectSubtreeHash(level: number, index: number): Buffer {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new ProofRangeError(`a tree of ${this.size} leaves has no complete subtree of 2^${level} leaves at ${index}`);
    return hash;
  }

  root(size = this.size): Buffer {
    this.requireSize(size);
    return treeRoot(this, size);
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    this.requireSize(size);
    return inclusionProof(this, index, size);
  }

  consistencyProof(from: number, to = this.size): Buffer[] {
    this.requireSize(to);
    return consistencyProof(this, from, to);
  }

  private requireSize(size: number): void {
    if (size > this.size) throw new ProofRangeError(`the tree has ${this.size} leaves, not ${size}`);
  }
}
