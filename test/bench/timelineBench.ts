import { join } from 'node:path';
import { createParley } from '../../src/app/parley.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import type { BenchOptions } from './options.js';
import { atMost, grouped, info, quantile, type Row } from './table.js';
import { Workload } from './workload.js';

/** The size of the negotiation whose timeline is timed: the timeline must stay linear in it. */
export const TIMELINE_EVENTS = 40_000;
const SAMPLES = 20;

/**
 * `queries.timeline` of one seeded 40,000-event negotiation (with the workload's late events,
 * corrections and retractions): the first answer, which builds the stream's reading and folds its state,
 * for information; then answers from the warm cache, against the target.
 */
export async function timelineRows(options: BenchOptions, log: (line: string) => void): Promise<Row[]> {
  const name = `timeline, ${grouped(TIMELINE_EVENTS)}-event negotiation`;
  const store = new SqliteEventStore(join(options.workDir, 'timeline.db'));
  try {
    let clock = 0;
    const parley = createParley({ store, now: () => clock });
    // Two negotiations is the fewest the workload makes; the second holds one event.
    const workload = new Workload({ seed: options.workload.seed, events: TIMELINE_EVENTS + 1, negotiations: 2, bigStreamEvents: TIMELINE_EVENTS });
    log(`appending a ${grouped(TIMELINE_EVENTS)}-event negotiation…`);
    for (const run of workload.runs()) {
      const last = run[run.length - 1]!;
      clock = last.recordedAtMs;
      await parley.append({ negotiationId: last.negotiationId, inputs: run.map((event) => event.input), recordedBy: 'bench' });
    }
    const now = Date.now();
    const cut = { asOf: now, knownAt: now };
    const id = workload.bigNegotiationId;
    log(`timing its timeline…`);
    const first = performance.now();
    await parley.queries.timeline(id, cut);
    const firstMs = performance.now() - first;
    const durations: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      await parley.queries.timeline(id, cut);
      durations.push(performance.now() - started);
    }
    return [
      atMost(`${name}, p50`, quantile(durations, 0.5), 100, 'ms', 1),
      info(`  same, slowest`, `${Math.max(...durations).toFixed(1)} ms`, `${SAMPLES} samples, warm cache`),
      info(`  same, first answer (builds its reading, folds its state)`, `${firstMs.toFixed(0)} ms`, 'information'),
    ];
  } finally {
    await store.close();
  }
}
