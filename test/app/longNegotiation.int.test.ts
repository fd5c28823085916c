import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley, type Parley } from '../../src/app/parley.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { filledEventAt, fillNegotiation } from '../support/bigStore.js';
import { tempSqliteStore } from '../support/tempStore.js';

const EVENTS = 40_000;
const EARLIER = 10_000;
const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const ALL: Cut = { asOf: NOW, knownAt: NOW };
/** The negotiation when it had its first EARLIER events. */
const THEN: Cut = { asOf: filledEventAt(EARLIER - 1), knownAt: NOW };

/** CPU milliseconds the process spends on one timeline: less disturbed than wall time by other work on the machine. */
async function timelineCpuMs(parley: Parley, cut: Cut, entries: number): Promise<number> {
  const started = process.cpuUsage();
  const timeline = await parley.queries.timeline('long', cut);
  const spent = process.cpuUsage(started);
  expect(timeline).toHaveLength(entries);
  return (spent.user + spent.system) / 1_000;
}

describe(`a ${EVENTS.toLocaleString('en-US')}-event negotiation in a real SQLite store`, () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;

  beforeAll(async () => {
    temp = tempSqliteStore();
    await fillNegotiation(temp.store, 'long', EVENTS);
    parley = createParley({ store: temp.store, now: () => NOW });
  }, 120_000);

  afterAll(async () => {
    await temp.dispose();
  });

  it(`answers its timeline in time that grows linearly: at most 8× that of its first ${EARLIER.toLocaleString('en-US')} events`, async () => {
    await timelineCpuMs(parley, ALL, EVENTS); // warm-up: reads the stream, compiles the code paths, leaves snapshots
    await timelineCpuMs(parley, THEN, EARLIER);
    const all: number[] = [];
    const then: number[] = [];
    for (let run = 0; run < 9; run++) {
      then.push(await timelineCpuMs(parley, THEN, EARLIER));
      all.push(await timelineCpuMs(parley, ALL, EVENTS));
    }
    // The fastest of several runs: whatever else the machine does only adds time. Linear is 4×; copying the list per
    // event, 16×. 8× leaves room for what a 4× longer list costs beyond its length (caches, collections) on a busy machine.
    const runs = `${EVENTS}: ${all.map((ms) => ms.toFixed(1)).join(', ')} ms; ${EARLIER}: ${then.map((ms) => ms.toFixed(1)).join(', ')} ms`;
    expect(Math.min(...all), runs).toBeLessThanOrEqual(8 * Math.min(...then));
  });
});
