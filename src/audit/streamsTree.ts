import { ParleyError } from '../errors.js';
import type { HashInput } from './hashInput.js';
import { leafHash } from './merkleHash.js';
import { MemoryTree } from './memoryTree.js';
import { verifyInclusion, type InclusionProblem } from './proofVerification.js';
import type { StreamHead } from './seal.js';
import type { Verdict } from './verdict.js';

/**
 * The streams tree of a checkpoint (CONTRACT §8): one leaf per stream in the log at that
 * size, the line `<negotiationId> <lastRevision> <lastHash>`, in bytewise order of the
 * negotiation id. A stream's line and its proof show the stream's last event, so no event
 * after it can be missing from a pack that ends there.
 */

const HEAD_LINE = /^(\S+) (0|[1-9][0-9]*) ([0-9a-f]{64})$/;

export function streamHeadLine(head: StreamHead): string {
  return `${head.negotiationId} ${head.revision} ${head.hash}`;
}

/** A head line read strictly, or undefined when it is not one. */
export function parseStreamHeadLine(line: string): StreamHead | undefined {
  const match = HEAD_LINE.exec(line);
  if (!match || !Number.isSafeInteger(Number(match[2]))) return undefined;
  return { negotiationId: match[1]!, revision: Number(match[2]), hash: match[3]! };
}

/**
 * Bytewise over UTF-8, as the contract orders the leaves: not by locale, not by UTF-16 unit.
 * Code units below 0x80 are one byte each, in byte order, so the common prefix and an ASCII
 * difference are compared as they are; only text past a wider character is encoded.
 */
export function compareNegotiationIds(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0x80 && y < 0x80) return x - y;
    // From the start of the character (a surrogate pair's first half is shared): the bytes after the common prefix.
    const from = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
    return Buffer.compare(Buffer.from(a.slice(from), 'utf8'), Buffer.from(b.slice(from), 'utf8'));
  }
  return a.length - b.length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** A stream's head line with where it stands in the streams tree and the path to its root. */
export interface StreamHeadProof {
  readonly line: string;
  readonly index: number;
  readonly size: number;
  readonly path: readonly Buffer[];
}

export class StreamsTree {
  private readonly tree: MemoryTree;

  private constructor(
    readonly heads: readonly StreamHead[],
    tree?: MemoryTree,
  ) {
    this.tree = tree ?? MemoryTree.ofEntries(heads.map((head) => Buffer.from(streamHeadLine(head), 'utf8')));
  }

  /** The tree of these heads, in any order; each stream once. */
  static of(heads: Iterable<StreamHead>): StreamsTree {
    const sorted = [...heads].sort((a, b) => compareNegotiationIds(a.negotiationId, b.negotiationId));
    for (const [i, head] of sorted.entries()) {
      if (!parseStreamHeadLine(streamHeadLine(head))) throw new ParleyError(`stream head ${JSON.stringify(streamHeadLine(head))} is not a negotiation id, a revision and a hex hash`);
      if (i > 0 && sorted[i - 1]!.negotiationId === head.negotiationId) throw new ParleyError(`stream ${head.negotiationId} has two heads`);
    }
    return new StreamsTree(sorted);
  }

  /**
   * The tree with these heads in place of their streams' own, each stream already in it: its
   * leaves keep their places, so only their paths are hashed again. Undefined when one is of
   * a stream not in the tree (a new leaf moves the ones after it: build the tree again).
   */
  withHeads(changed: Iterable<StreamHead>): StreamsTree | undefined {
    const heads = this.heads.slice();
    const replaced = new Map<number, Buffer>();
    for (const head of changed) {
      const index = this.indexOf(head.negotiationId);
      if (index < 0) return undefined;
      const line = streamHeadLine(head);
      if (!parseStreamHeadLine(line)) throw new ParleyError(`stream head ${JSON.stringify(line)} is not a negotiation id, a revision and a hex hash`);
      heads[index] = head;
      replaced.set(index, leafHash(Buffer.from(line, 'utf8')));
    }
    return new StreamsTree(heads, this.tree.withLeaves(replaced));
  }

  get size(): number {
    return this.heads.length;
  }

  root(): Buffer {
    return this.tree.root();
  }

  /** The proof of a stream's head, or undefined when the stream is not in the tree. */
  proofOf(negotiationId: string): StreamHeadProof | undefined {
    const index = this.indexOf(negotiationId);
    if (index < 0) return undefined;
    return { line: streamHeadLine(this.heads[index]!), index, size: this.size, path: this.tree.inclusionProof(index) };
  }

  private indexOf(negotiationId: string): number {
    let [low, high] = [0, this.heads.length - 1];
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const order = compareNegotiationIds(this.heads[middle]!.negotiationId, negotiationId);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}

/** Whether the head line is in the streams tree of this root, at its index. */
export function verifyStreamHead(proof: { readonly line: string; readonly index: number; readonly size: number; readonly path: readonly HashInput[] }, streamsRoot: HashInput): Verdict<InclusionProblem> {
  return verifyInclusion({ index: proof.index, size: proof.size, leafHash: leafHash(Buffer.from(proof.line, 'utf8')), path: proof.path, root: streamsRoot });
}
