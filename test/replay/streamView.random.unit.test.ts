import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { StreamView } from '../../src/replay/streamView.js';
import { endOf, intervalOf } from '../../src/time/timePoint.js';
import { Prng } from '../support/prng.js';
import { RandomStream, randomTimePoint } from '../support/randomStream.js';
import { possibleAt, startedAt, stateAt } from '../support/replay.js';

const N = 'random';
const DAY = 86_400_000;

/** Cuts that hit the edges: ends of event intervals and the millisecond before them, plus random TimePoints. */
function randomCuts(prng: Prng, log: readonly RecordedEvent[], count: number): Cut[] {
  const first = Date.parse(log[0]!.recordedAt);
  const last = Date.parse(log.at(-1)!.recordedAt);
  const cuts: Cut[] = [];
  for (let i = 0; i < count; i++) {
    const roll = prng.next();
    const edge = endOf(prng.pick(log).occurredAt) - (prng.chance(0.5) ? 1 : 0);
    const asOf = roll < 0.4 ? edge : endOf(randomTimePoint(prng, Date.parse('2025-01-01') + prng.int(0, 1_300) * DAY));
    const knownAt = prng.chance(0.7) ? Number.POSITIVE_INFINITY : prng.chance(0.2) ? last : first + prng.next() * (last - first);
    cuts.push({ asOf, knownAt });
  }
  return cuts;
}

/** What a cut reads of a stream, as ids where the events are shared objects: the state, the events possibly happened by then, and every event started by then. */
const readingOf = (state: unknown, possible: readonly EffectiveEvent[], started: readonly EffectiveEvent[]) => ({
  state,
  possible: possible.map((e) => `${e.event.id}${e.retracted ? ' retracted' : ''}`),
  started: started.map((e) => e.event.id),
});

function expectSameAsReference(view: StreamView, cuts: readonly Cut[]): void {
  for (const cut of cuts) {
    const actual = readingOf(view.state(cut), view.possible(cut), view.started(cut));
    const expected = readingOf(stateAt(view.log, cut, N), possibleAt(view.log, cut), startedAt(view.log, cut));
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      // toEqual only on a mismatch: thousands of deep comparisons would dominate the run.
      expect({ cut, ...actual }).toEqual({ cut, ...expected });
    }
  }
}

// Each naive replay reads the whole stream; under a loaded machine the file needs more than the default timeout.
const SLOW = { timeout: 240_000 };

describe('StreamView.state over a random 2,000-event stream (late events, coarse precisions, EDTF dates, corrections, retractions)', SLOW, () => {
  const stream = new RandomStream({ negotiationId: N, seed: 0x5eed, events: 2_000 });
  stream.grow();

  it('is a stream that exercises what it claims to', () => {
    const log = stream.events;
    const types = new Set(log.map((e) => e.type));
    expect(log.length).toBeGreaterThanOrEqual(2_000);
    expect(types.has('EventCorrected') && types.has('EventRetracted') && types.has('AccessGranted') && types.has('OfferMade')).toBe(true);
    const precisions = new Set(log.map((e) => intervalOf(e.occurredAt).precision));
    expect([...precisions].sort()).toEqual(['day', 'instant', 'interval', 'month', 'year']);
    const intervals = log.map((e) => intervalOf(e.occurredAt));
    expect(intervals.some((i) => i.start === Number.NEGATIVE_INFINITY) && intervals.some((i) => i.end === Number.POSITIVE_INFINITY) && intervals.some((i) => i.qualifier !== undefined)).toBe(true);
    const late = log.filter((e, i) => i > 0 && intervalOf(e.occurredAt).start < intervalOf(log[i - 1]!.occurredAt).start);
    expect(late.length).toBeGreaterThan(100);
  });

  it('equals a naive fold at many random cuts, with the same events possibly happened and started by then', () => {
    const view = new StreamView(N);
    view.append(stream.events);
    const cuts = randomCuts(new Prng(1), stream.events, 300);
    expectSameAsReference(view, cuts);
    // The cuts meet events possibly happened by then, retracted ones among them, and past knowledge too.
    expect(cuts.filter((cut) => view.possible(cut).length > 0).length).toBeGreaterThan(100);
    expect(cuts.some((cut) => view.possible(cut).some((e) => e.retracted))).toBe(true);
    expect(cuts.filter((cut) => cut.knownAt < Number.POSITIVE_INFINITY && view.possible(cut).length > 0).length).toBeGreaterThan(20);
  });

  it('gives the same answer for a cut asked twice, after other cuts have filled the snapshots', () => {
    const view = new StreamView(N);
    view.append(stream.events);
    const cuts = randomCuts(new Prng(2), stream.events, 50).map((c) => ({ ...c, knownAt: Number.POSITIVE_INFINITY }));
    const read = (cut: Cut) => JSON.stringify(readingOf(view.state(cut), view.possible(cut), view.started(cut)));
    const first = cuts.map(read);
    const again = [...cuts].reverse().map(read).reverse();
    expect(again).toEqual(first);
  });
});

describe('a view already read, then appended to', SLOW, () => {
  const stream = new RandomStream({ negotiationId: N, seed: 0xbeef, events: 1_600 });
  stream.grow();
  const view = new StreamView(N);
  view.append(stream.events);
  const prng = new Prng(3);
  const latestStart = () => Math.max(...view.log.map((e) => intervalOf(e.occurredAt).start));

  it('starts out equal to the naive fold', () => {
    expectSameAsReference(view, randomCuts(prng, view.log, 200));
  });

  it('extends its cached reading for events after everything in valid time, and stays equal', () => {
    for (let round = 0; round < 6; round++) {
      const cached = view.effective(Number.POSITIVE_INFINITY);
      const added = stream.batch(prng.int(20, 90), 'after', latestStart() + DAY);
      expect(view.append(added)).toBe(true);
      // Same array: the in-order append took the cheap path this test means to check.
      expect(view.effective(Number.POSITIVE_INFINITY)).toBe(cached);
      expectSameAsReference(view, randomCuts(prng, view.log, 80));
    }
  });

  it('drops its cached reading for late events, and stays equal', () => {
    const cached = view.effective(Number.POSITIVE_INFINITY);
    expect(view.append(stream.batch(30, 'late'))).toBe(true);
    expect(view.effective(Number.POSITIVE_INFINITY)).not.toBe(cached);
    expectSameAsReference(view, randomCuts(prng, view.log, 150));
  });

  it('drops its cached reading for a correction, and stays equal', () => {
    view.state({ asOf: Number.POSITIVE_INFINITY, knownAt: Number.POSITIVE_INFINITY });
    const cached = view.effective(Number.POSITIVE_INFINITY);
    const correction = stream.recorder.record(N, [stream.correctionInput(), stream.correctionInput()], new Date(stream.now + DAY).toISOString());
    expect(view.append(correction)).toBe(true);
    expect(view.effective(Number.POSITIVE_INFINITY)).not.toBe(cached);
    expectSameAsReference(view, randomCuts(prng, view.log, 150));
  });

  it('stays equal through a mix of appends, reading between each', () => {
    for (let round = 0; round < 8; round++) {
      const added = round % 2 === 0 ? stream.batch(prng.int(1, 40), 'after', latestStart() + DAY) : stream.grow(prng.int(1, 30));
      expect(view.append(added)).toBe(true);
      expectSameAsReference(view, randomCuts(prng, view.log, 40));
    }
  });
});
