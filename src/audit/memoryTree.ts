import { ProofRangeError } from '../errors.js';
import { leafHash } from './merkleHash.js';
import { TreeAppender } from './treeAppender.js';
import type { PerfectSubtreeReader } from './treeNodes.js';
import { consistencyProof, inclusionProof, treeRoot } from './treeProofs.js';

/** A Merkle log held in memory, every perfect subtree kept: for a small tree built on the spot (the streams tree, an offline check) and for tests. */
export class MemoryTree implements PerfectSubtreeReader {
  private readonly appender = new TreeAppender();
  /** levels[level][index]: the hash of that perfect subtree. */
  private readonly levels: Buffer[][] = [];

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
    return this.appender.size;
  }

  append(leafHash: Uint8Array): void {
    for (const node of this.appender.append(leafHash)) (this.levels[node.level] ??= [])[node.index] = node.hash;
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
