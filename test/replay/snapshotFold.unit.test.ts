import { describe, expect, it } from 'vitest';
import { effectiveView } from '../../src/replay/effectiveView.js';
import { PossibleIndex } from '../../src/replay/possibleIndex.js';
import { SnapshotFold } from '../../src/replay/snapshotFold.js';
import { Prng } from '../support/prng.js';
import { RandomStream } from '../support/randomStream.js';
import { foldedAt, possiblyAt, stateAt } from '../support/replay.js';

const N = 'fold';
const DAY = 86_400_000;

describe('a snapshot fold over a stream with days, months and years', { timeout: 240_000 }, () => {
  const stream = new RandomStream({ negotiationId: N, seed: 0xf01d, events: 1_500 });
  stream.grow();
  const recordedMs = (e: { recordedAt: string }) => Date.parse(e.recordedAt);
  const events = effectiveView(stream.events, Number.POSITIVE_INFINITY, recordedMs);
  // Open ends are infinite: the cuts range over the finite ends the stream has.
  const first = Math.min(...events.flatMap((e) => [e.occurred.start, e.occurred.end]).filter(Number.isFinite));
  const last = Math.max(...events.flatMap((e) => [e.occurred.start, e.occurred.end]).filter(Number.isFinite));

  /** Random instants, and the last and first millisecond of every month the stream covers (where coarse events start and end). */
  function cuts(prng: Prng, count: number): number[] {
    const asOf = Array.from({ length: count }, () => first + Math.floor(prng.next() * (last - first + 30 * DAY)));
    for (let month = new Date(first); month.getTime() < last; month.setUTCMonth(month.getUTCMonth() + 1)) {
      asOf.push(month.getTime() - 1, month.getTime());
    }
    return asOf;
  }

  it('answers every asOf as a plain fold does, whatever order the asOf come in', () => {
    const fold = new SnapshotFold(N, events);
    const prng = new Prng(7);
    const asOfs = cuts(prng, 250);
    const shuffled = asOfs.map((asOf) => ({ asOf, key: prng.next() })).sort((a, b) => a.key - b.key).map((c) => c.asOf);
    for (const asOf of [...asOfs, ...shuffled]) {
      expect(fold.stateAt(asOf)).toEqual(stateAt(stream.events, { asOf, knownAt: Number.POSITIVE_INFINITY }, N));
    }
  });

  it('keeps answering right as events are added after the last one', () => {
    const growing = effectiveView(stream.events.slice(0, 600), Number.POSITIVE_INFINITY, recordedMs);
    const fold = new SnapshotFold(N, growing);
    const possible = new PossibleIndex(growing);
    const prng = new Prng(8);
    for (const asOf of cuts(prng, 40)) {
      fold.stateAt(asOf); // leaves snapshots behind
      possible.possibleAt(asOf); // indexes the events so far
    }
    const later = events.filter((e) => e.occurred.start > growing[growing.length - 1]!.occurred.start);
    growing.push(...later);
    fold.extended();
    expect(later.length).toBeGreaterThan(100);
    for (const asOf of cuts(prng, 120)) {
      expect(fold.stateAt(asOf)).toEqual(foldedAt(growing, asOf, N));
      expect(possible.possibleAt(asOf)).toEqual(possiblyAt(growing, asOf));
    }
  });

  it('has beside it an index of the events possibly happened by each asOf (month and year events inside their period)', () => {
    const possible = new PossibleIndex(events);
    let found = 0;
    for (const asOf of cuts(new Prng(9), 250)) {
      const expected = possiblyAt(events, asOf);
      expect(possible.possibleAt(asOf)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(500);
  });
});
