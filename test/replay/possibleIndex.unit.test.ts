import { describe, expect, it } from 'vitest';
import { possibleAt } from '../../projections/countsAt.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { PossibleIndex } from '../../src/replay/possibleIndex.js';
import { SnapshotFold } from '../../src/replay/snapshotFold.js';
import { handBuiltReading, type Interval } from '../support/handBuilt.js';
import { Prng } from '../support/prng.js';
import { foldedAt, possiblyAt } from '../support/replay.js';

const DAY = 86_400_000;
const MAY_1 = Date.UTC(2026, 4, 1);
const INFINITE = Number.POSITIVE_INFINITY;

const ids = (events: readonly EffectiveEvent[]) => events.map((e) => e.event.id);

/** Random intervals around May 2026: instants, days, months, years, arbitrary spans, and open starts and ends. */
function randomIntervals(prng: Prng, count: number): Interval[] {
  return Array.from({ length: count }, () => {
    const start = MAY_1 + prng.int(-400, 400) * DAY + prng.int(0, DAY - 1);
    const roll = prng.next();
    if (roll < 0.2) return { start, end: start };
    if (roll < 0.4) return { start, end: start + DAY - 1 };
    if (roll < 0.5) return { start, end: start + 30 * DAY - 1 };
    if (roll < 0.55) return { start, end: start + 365 * DAY - 1 };
    if (roll < 0.75) return { start, end: start + prng.int(1, 90 * DAY) };
    if (roll < 0.85) return { start, end: INFINITE };
    if (roll < 0.95) return { start: -INFINITE, end: start };
    return { start: -INFINITE, end: INFINITE };
  });
}

/** The asOf where answers change: every start and end, the millisecond either side, and a few far ones. */
function edgesOf(events: readonly EffectiveEvent[], prng: Prng): number[] {
  const edges = [-INFINITE, INFINITE, Date.UTC(1, 0), Date.UTC(9999, 0)];
  for (const { occurred } of prng.sample(events, 150)) {
    for (const at of [occurred.start, occurred.end]) if (Number.isFinite(at)) edges.push(at - 1, at, at + 1);
  }
  return edges;
}

describe('the index of events possibly happened by an asOf, over intervals of every width and open ends', () => {
  const prng = new Prng(0x905);
  const events = handBuiltReading(randomIntervals(prng, 1_200));

  it('finds exactly the events whose interval has started, not ended (start ≤ asOf < end), in valid-time order', () => {
    const index = new PossibleIndex(events);
    for (const asOf of edgesOf(events, prng)) {
      const found = ids(index.possibleAt(asOf));
      const expected = ids(possiblyAt(events, asOf));
      if (JSON.stringify(found) !== JSON.stringify(expected)) expect({ asOf, found }).toEqual({ asOf, found: expected });
    }
  });

  it('answers as the walk over every started event does', () => {
    const index = new PossibleIndex(events);
    for (const asOf of edgesOf(events, prng).slice(0, 200)) expect(ids(index.possibleAt(asOf))).toEqual(ids(possibleAt(events, asOf)));
  });

  it('takes in events added at the end of the valid-time order', () => {
    const growing = events.slice(0, 600);
    const index = new PossibleIndex(growing);
    for (const asOf of edgesOf(growing, prng).slice(0, 50)) index.possibleAt(asOf);
    growing.push(...events.slice(600).filter((e) => e.occurred.start >= growing.at(-1)!.occurred.start));
    expect(growing.length).toBeGreaterThan(650);
    for (const asOf of edgesOf(growing, prng)) expect(ids(index.possibleAt(asOf))).toEqual(ids(possiblyAt(growing, asOf)));
  });
});

describe('an open-ended event (no end) and one with no start', () => {
  const opening = { start: MAY_1, end: MAY_1 + DAY - 1 };
  const noEnd = { start: MAY_1 + 10 * DAY, end: INFINITE }; // "2026-05-11/.."
  const noStart = { start: -INFINITE, end: MAY_1 + 15 * DAY - 1 }; // "../2026-05-15"
  const both = { start: -INFINITE, end: INFINITE }; // "../.."
  const events = handBuiltReading([opening, noEnd, noStart, both]);
  const [noStartId, openingId, noEndId] = [events[0]!.event.id, events.find((e) => e.occurred.start === MAY_1)!.event.id, events.at(-1)!.event.id];
  const index = new PossibleIndex(events);
  const fold = new SnapshotFold('n', events);

  it('with no end is possible at every asOf from its start on, and never counts', () => {
    for (const asOf of [noEnd.start, noEnd.start + DAY, Date.UTC(2100, 0), Date.UTC(9999, 11, 31)]) {
      expect(ids(index.possibleAt(asOf))).toContain(noEndId);
      expect(fold.stateAt(asOf)).toEqual(foldedAt(events, asOf, 'n'));
    }
    expect(ids(index.possibleAt(noEnd.start - 1))).not.toContain(noEndId);
    expect(fold.stateAt(Date.UTC(9999, 11, 31)).meetings.min).toBe(1); // the one with no start, once it ended; never the endless ones
  });

  it('with no start is possible at every asOf before its end, and counts from its end', () => {
    for (const asOf of [Date.UTC(1, 0), MAY_1 - 365 * DAY, noStart.end - 1]) expect(ids(index.possibleAt(asOf))).toContain(noStartId);
    expect(ids(index.possibleAt(noStart.end))).not.toContain(noStartId);
    expect(fold.stateAt(noStart.end - 1).meetings.min).toBe(0);
    expect(fold.stateAt(noStart.end).meetings.min).toBe(1);
  });

  it('with neither is possible at every asOf', () => {
    const bothId = events[1]!.event.id;
    expect(events[1]!.occurred).toMatchObject(both);
    for (const asOf of [-INFINITE, Date.UTC(1, 0), MAY_1, Date.UTC(9999, 0)]) expect(ids(index.possibleAt(asOf))).toContain(bothId);
  });

  it('lists them in valid-time order: open starts first (by position), then by start', () => {
    expect(ids(index.possibleAt(MAY_1 + 12 * DAY))).toEqual([noStartId, events[1]!.event.id, noEndId]);
    expect(ids(index.possibleAt(MAY_1 + 12 * DAY))).not.toContain(openingId);
  });
});
