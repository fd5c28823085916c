import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { RecordedEvent, TypedEvent } from '../../src/events/recordedEvent.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { StreamView } from '../../src/replay/streamView.js';
import { endOf, intervalOf } from '../../src/time/timePoint.js';
import { Prng } from '../support/prng.js';
import { RandomStream, randomTimePoint } from '../support/randomStream.js';

const N = 'random';
const DAY = 86_400_000;

/** Corrections and retractions by target, in revision order: built once per log length, so each cut stays linear. */
const indexes = new WeakMap<readonly RecordedEvent[], { length: number; corrections: Map<string, TypedEvent[]>; retractions: Map<string, TypedEvent> }>();
function indexOf(log: readonly RecordedEvent[]) {
  const cached = indexes.get(log);
  if (cached && cached.length === log.length) return cached;
  const corrections = new Map<string, TypedEvent[]>();
  const retractions = new Map<string, TypedEvent>();
  for (const event of log as TypedEvent[]) {
    if (event.type === 'EventCorrected') corrections.set(event.data.targetEventId, [...(corrections.get(event.data.targetEventId) ?? []), event]);
    if (event.type === 'EventRetracted') retractions.set(event.data.targetEventId, event);
  }
  const index = { length: log.length, corrections, retractions };
  indexes.set(log, index);
  return index;
}

/** intervalOf, memoized: the reference parses the same few thousand TimePoints for every cut. */
const intervals = new Map<string, ReturnType<typeof intervalOf>>();
function interval(text: string) {
  let found = intervals.get(text);
  if (!found) intervals.set(text, (found = intervalOf(text)));
  return found;
}

/**
 * The reference reading, written apart from the engine and as plainly as possible: for each
 * event known at knownAt, apply every known correction of it in revision order and mark it
 * retracted when a known retraction targets it; keep those whose interval ends by asOf; sort
 * by (occurredAt start, position); fold. No snapshots, no caches of readings.
 */
function referenceState(log: readonly RecordedEvent[], cut: Cut): NegotiationState {
  const isKnown = (e: RecordedEvent) => Date.parse(e.recordedAt) <= cut.knownAt;
  const index = indexOf(log);
  const readings: EffectiveEvent[] = [];
  for (const original of log as TypedEvent[]) {
    if (!isKnown(original) || original.type === 'EventCorrected' || original.type === 'EventRetracted') continue;
    const corrections = (index.corrections.get(original.id) ?? []).filter(isKnown);
    const retraction = [index.retractions.get(original.id)].find((r) => r !== undefined && isKnown(r));
    let event = { ...original } as TypedEvent;
    for (const correction of corrections) {
      if (correction.type !== 'EventCorrected') continue;
      const data: Record<string, unknown> = { ...event.data };
      for (const [key, value] of Object.entries(correction.data.data ?? {})) {
        if (value === null) delete data[key];
        else data[key] = value;
      }
      event = { ...event, occurredAt: correction.data.occurredAt ?? event.occurredAt, data } as TypedEvent;
    }
    readings.push({
      event,
      original,
      occurred: interval(event.occurredAt),
      retracted: retraction !== undefined,
      corrections: corrections.map((c) => c.id),
      lastRevision: Math.max(original.revision, ...corrections.map((c) => c.revision), retraction?.revision ?? -1),
    });
  }
  return readings
    .filter((r) => r.occurred.end <= cut.asOf)
    .sort((a, b) => a.occurred.start - b.occurred.start || a.event.position - b.event.position)
    .reduce(evolveNegotiationState, initialNegotiationState(N));
}

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

function expectSameAsReference(view: StreamView, cuts: readonly Cut[]): void {
  for (const cut of cuts) {
    const actual = view.state(cut);
    const expected = referenceState(view.log, cut);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      // toEqual only on a mismatch: thousands of deep comparisons would dominate the run.
      expect({ cut, state: actual }).toEqual({ cut, state: expected });
    }
  }
}

// Each reference fold replays the whole stream; under a loaded machine the file needs more than the default timeout.
const SLOW = { timeout: 240_000 };

describe('StreamView.state over a random 2,000-event stream (late events, coarse precisions, corrections, retractions)', SLOW, () => {
  const stream = new RandomStream({ negotiationId: N, seed: 0x5eed, events: 2_000 });
  stream.grow();

  it('is a stream that exercises what it claims to', () => {
    const log = stream.events;
    const types = new Set(log.map((e) => e.type));
    expect(log.length).toBeGreaterThanOrEqual(2_000);
    expect(types.has('EventCorrected') && types.has('EventRetracted') && types.has('AccessGranted') && types.has('OfferMade')).toBe(true);
    const precisions = new Set(log.map((e) => intervalOf(e.occurredAt).precision));
    expect([...precisions].sort()).toEqual(['day', 'instant', 'month', 'year']);
    const late = log.filter((e, i) => i > 0 && intervalOf(e.occurredAt).start < intervalOf(log[i - 1]!.occurredAt).start);
    expect(late.length).toBeGreaterThan(100);
  });

  it('equals a naive fold at many random cuts', () => {
    const view = new StreamView(N);
    view.append(stream.events);
    expectSameAsReference(view, randomCuts(new Prng(1), stream.events, 300));
  });

  it('gives the same answer for a cut asked twice, after other cuts have filled the snapshots', () => {
    const view = new StreamView(N);
    view.append(stream.events);
    const cuts = randomCuts(new Prng(2), stream.events, 50).map((c) => ({ ...c, knownAt: Number.POSITIVE_INFINITY }));
    const first = cuts.map((cut) => JSON.stringify(view.state(cut)));
    const again = [...cuts].reverse().map((cut) => JSON.stringify(view.state(cut))).reverse();
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
