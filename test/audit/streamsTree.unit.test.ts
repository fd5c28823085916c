import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../src/errors.js';
import { EMPTY_ROOT, merkleTreeHash } from '../../src/audit/merkleHash.js';
import type { StreamHead } from '../../src/audit/seal.js';
import { compareNegotiationIds, parseStreamHeadLine, streamHeadLine, StreamsTree, verifyStreamHead } from '../../src/audit/streamsTree.js';
import { Prng } from '../support/prng.js';

const hashOf = (n: number) => n.toString(16).padStart(64, '0');
const head = (negotiationId: string, revision: number): StreamHead => ({ negotiationId, revision, hash: hashOf(revision + 1) });

describe('a stream head line', () => {
  it('is the id, the last revision and the last hash, single spaces, no newline', () => {
    expect(streamHeadLine(head('eu-openai', 3))).toBe(`eu-openai 3 ${hashOf(4)}`);
  });

  it('reads back as the head it was written from', () => {
    expect(parseStreamHeadLine(streamHeadLine(head('eu-openai', 12)))).toEqual(head('eu-openai', 12));
  });

  it.each([
    ['two spaces', `eu-openai  3 ${hashOf(4)}`],
    ['a trailing newline', `eu-openai 3 ${hashOf(4)}\n`],
    ['a leading zero', `eu-openai 03 ${hashOf(4)}`],
    ['a negative revision', `eu-openai -1 ${hashOf(4)}`],
    ['an upper-case hash', `eu-openai 3 ${'A'.repeat(64)}`],
    ['a short hash', `eu-openai 3 ${'a'.repeat(63)}`],
    ['no id', ` 3 ${hashOf(4)}`],
  ])('is refused with %s', (_, line) => {
    expect(parseStreamHeadLine(line)).toBeUndefined();
  });
});

describe('ordering negotiation ids', () => {
  it('is by UTF-8 bytes: "-" before digits before letters', () => {
    expect(['ab', 'a0', 'a', 'a-b'].sort(compareNegotiationIds)).toEqual(['a', 'a-b', 'a0', 'ab']);
  });

  it('differs from UTF-16 order where UTF-8 bytes say otherwise', () => {
    const [halfwidth, emoji] = ['\uff61', '\u{1f600}'];
    expect(compareNegotiationIds(halfwidth, emoji)).toBeLessThan(0);
    expect(halfwidth < emoji).toBe(false);
  });
});

describe('the streams tree of a log', () => {
  const random = new Prng(8);
  const heads = Array.from({ length: 37 }, (_, i) => head(`n-${random.int(0, 1e9)}-${i}`, random.int(0, 50)));
  const tree = StreamsTree.of(random.shuffle([...heads]));
  const sortedLines = [...heads].sort((a, b) => Buffer.compare(Buffer.from(a.negotiationId), Buffer.from(b.negotiationId))).map(streamHeadLine);

  it('has as root the RFC hash of the head lines in id order, whatever order the heads came in', () => {
    expect(tree.root().equals(merkleTreeHash(sortedLines.map((line) => Buffer.from(line))))).toBe(true);
    expect(StreamsTree.of(heads).root().equals(tree.root())).toBe(true);
  });

  it('proves every stream head, at its place in id order', () => {
    for (const { negotiationId } of heads) {
      const proof = tree.proofOf(negotiationId)!;
      expect(sortedLines[proof.index]).toBe(proof.line);
      expect(verifyStreamHead(proof, tree.root().toString('hex'))).toEqual({ ok: true });
    }
  });

  it('does not prove a head with another revision or hash', () => {
    const proof = tree.proofOf(heads[0]!.negotiationId)!;
    const { negotiationId, revision } = parseStreamHeadLine(proof.line)!;
    expect(verifyStreamHead({ ...proof, line: streamHeadLine({ negotiationId, revision: revision + 1, hash: hashOf(revision + 1) }) }, tree.root()).ok).toBe(false);
    expect(verifyStreamHead({ ...proof, line: streamHeadLine({ negotiationId, revision, hash: hashOf(999) }) }, tree.root()).ok).toBe(false);
  });

  it('has no proof for a stream it does not hold', () => {
    expect(tree.proofOf('not-there')).toBeUndefined();
  });

  it('refuses two heads for one stream, and a head that is not one', () => {
    expect(() => StreamsTree.of([head('a', 1), head('b', 2), head('a', 3)])).toThrow(/stream a has two heads/);
    expect(() => StreamsTree.of([{ negotiationId: 'a b', revision: 0, hash: hashOf(1) }])).toThrow(ParleyError);
    expect(() => StreamsTree.of([{ negotiationId: 'a', revision: -1, hash: hashOf(1) }])).toThrow(ParleyError);
  });
});

describe('the streams tree of an empty log', () => {
  it('has the empty root and proves nothing', () => {
    const tree = StreamsTree.of([]);
    expect(tree.root().equals(EMPTY_ROOT)).toBe(true);
    expect(tree.proofOf('a')).toBeUndefined();
  });
});

describe('the streams tree of one stream', () => {
  it('proves its head with an empty path', () => {
    const tree = StreamsTree.of([head('eu-openai', 0)]);
    expect(tree.proofOf('eu-openai')).toMatchObject({ index: 0, size: 1, path: [] });
    expect(verifyStreamHead(tree.proofOf('eu-openai')!, tree.root()).ok).toBe(true);
  });
});

describe('a streams tree whose streams moved on since it was built', () => {
  it('has, with the new heads put in, the root and proofs of a tree built whole from them', () => {
    const random = new Prng(44, 3);
    for (const size of [1, 2, 3, 7, 8, 9, 100, 257]) {
      const heads = Array.from({ length: size }, (_, i) => head(`stream-${String(i).padStart(4, '0')}`, random.int(0, 50)));
      const tree = StreamsTree.of(heads);
      const moved = heads.filter(() => random.chance(0.3)).map((h) => head(h.negotiationId, h.revision + random.int(1, 9)));
      const updated = tree.withHeads(moved)!;
      const latest = new Map(heads.map((h) => [h.negotiationId, h]));
      for (const h of moved) latest.set(h.negotiationId, h);
      const whole = StreamsTree.of(latest.values());
      expect(updated.root().toString('hex')).toBe(whole.root().toString('hex'));
      for (const h of heads) expect(updated.proofOf(h.negotiationId)).toEqual(whole.proofOf(h.negotiationId));
      // The tree it came from is left as it was.
      expect(tree.root().toString('hex')).toBe(StreamsTree.of(heads).root().toString('hex'));
    }
  });

  it('is not updated in place for a stream it did not hold: undefined, so it is built again', () => {
    const tree = StreamsTree.of([head('alpha', 1), head('gamma', 2)]);
    expect(tree.withHeads([head('beta', 0)])).toBeUndefined();
  });
});
