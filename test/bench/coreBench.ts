import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createParley, type Parley } from '../../src/app/parley.js';
import { fullReplay } from '../../src/app/fullReplay.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { intervalOf } from '../../src/time/timePoint.js';
import type { BenchOptions } from './options.js';
import { Prng } from '../support/prng.js';
import { atLeast, atMost, grouped, info, missing, perSecond, quantile, type Row } from './table.js';
import { timelineRows } from './timelineBench.js';
import { Workload } from './workload.js';

export type Log = (line: string) => void;

/** The resident set size now, for the progress lines (the table reports the peak). */
function rssNow(): string {
  return `rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB, peak ${Math.round(peakRssMb())} MB`;
}

const RECORDED_BY = 'bench';

/**
 * The core is held to 300 MB of RSS, so its stream cache is smaller than a server's: a
 * cached event costs about 2 KB of heap, and V8 lets garbage grow to about four times the
 * live heap before it collects. 12,000 events (~25 MB live) keep the whole process near
 * 250 MB of RSS at a million events, and still hold a 10,000-event negotiation with the
 * streams around it.
 */
const CACHE_EVENTS = 12_000;

/**
 * The core's rows: appends, full replay, as-of replay and import, each on the seeded
 * workload. The peak RSS is read once after the core's targets (appends, full replay, cached
 * as-of) and once more after the uncached as-of reads and the import, which churn more memory.
 */
export async function runCoreBench(options: BenchOptions, log: Log): Promise<{ rows: Row[]; storePath: string }> {
  const workload = new Workload(options.workload);
  const storePath = join(options.workDir, 'single.db');
  const events = grouped(options.workload.events);

  log(`appending ${events} events one per transaction…`);
  const single = atLeast('append, single-event transactions', await appendAll(storePath, workload, 'single', log), 5_000, 'events/s');

  log(`appending the same events in batches of 100… (${rssNow()})`);
  const batched = atLeast('append, batches of 100', await appendAll(join(options.workDir, 'batch.db'), workload, 'batch', log), 30_000, 'events/s');

  log(`full replay of every projection… (${rssNow()})`);
  const replay = await fullReplayRow(storePath);

  log(`as-of replay of ${workload.bigNegotiationId}… (${rssNow()})`);
  const asOf = await asOfRows(storePath, workload.bigNegotiationId, options, 'cached');
  const coreRss = atMost(`peak RSS: appends, full replay, cached as-of (${events} events)`, peakRssMb(), 300, 'MB');

  log(`as-of replay at random knownAt… (${rssNow()})`);
  const uncached = await asOfRows(storePath, workload.bigNegotiationId, options, 'uncached');
  const imported = await importRow(storePath, options, log);
  const allRss = atMost(`peak RSS: all of it, with uncached as-of and import`, peakRssMb(), 300, 'MB');
  const timeline = await timelineRows(options, log);
  return { rows: [single, batched, imported, replay, ...asOf, ...uncached, ...timeline, coreRss, allRss], storePath };
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Events/s through `parley.append` (decide + hash chain + store) into a fresh file; only the appends are timed. */
async function appendAll(path: string, workload: Workload, mode: 'single' | 'batch', log: Log): Promise<number> {
  const store = new SqliteEventStore(path);
  let clock = 0;
  const parley = createParley({ store, now: () => clock, cacheEvents: CACHE_EVENTS });
  const total = workload.options.events;
  let appended = 0;
  let busyMs = 0;
  let nextReport = total / 4;
  try {
    for (const run of workload.runs()) {
      const batches = mode === 'single' ? run.map((event) => [event]) : [run];
      for (const batch of batches) {
        const last = batch[batch.length - 1]!;
        clock = last.recordedAtMs;
        const inputs = batch.map((event) => event.input);
        const started = performance.now();
        await parley.append({ negotiationId: last.negotiationId, inputs, recordedBy: RECORDED_BY });
        busyMs += performance.now() - started;
        appended += batch.length;
      }
      if (appended >= nextReport) {
        log(`  ${grouped(appended)} events, ${grouped(perSecond(appended, busyMs))} events/s, ${rssNow()}`);
        nextReport += total / 4;
      }
    }
  } finally {
    await store.close();
  }
  return perSecond(appended, busyMs);
}

/** Times `parley import` of an export of the store into a fresh file, when the import service exists. */
async function importRow(storePath: string, options: BenchOptions, log: Log): Promise<Row> {
  const name = 'import (parley import of an export)';
  const modules = ['importEvents', 'jsonLines', 'exportEvents'].map((file) => new URL(`../../src/app/${file}.js`, import.meta.url));
  const absent = modules.find((url) => !existsSync(url));
  if (absent) return missing(name, `${absent.pathname.split('/').pop()} not written yet; target ≥ 30,000 events/s`);
  const [{ importEvents }, { fileLines }, { exportEvents }] = (await Promise.all(modules.map((url) => import(url.href)))) as [
    { importEvents: ImportEvents },
    { fileLines: (path: string) => Promise<unknown> },
    { exportEvents: (store: SqliteEventStore) => AsyncIterable<string> },
  ];
  log(`exporting the log and importing it into a fresh store… (${rssNow()})`);
  const exportPath = join(options.workDir, 'export.jsonl');
  await exportLog(storePath, exportPath, exportEvents);
  const store = new SqliteEventStore(join(options.workDir, 'import.db'));
  try {
    const parley = createParley({ store, cacheEvents: CACHE_EVENTS });
    const started = performance.now();
    const { imported } = await importEvents(parley, await fileLines(exportPath), { recordedBy: RECORDED_BY });
    return atLeast(name, perSecond(imported, performance.now() - started), 30_000, 'events/s');
  } finally {
    await store.close();
  }
}

/** The import service's entry point, loaded only when it exists. */
type ImportEvents = (parley: Parley, source: unknown, options: { recordedBy: string }) => Promise<{ imported: number }>;

/** `parley export` into a file, streamed. */
async function exportLog(storePath: string, exportPath: string, exportEvents: (store: SqliteEventStore) => AsyncIterable<string>): Promise<void> {
  const store = new SqliteEventStore(storePath);
  const out = createWriteStream(exportPath);
  try {
    for await (const line of exportEvents(store)) {
      if (!out.write(line)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'finish');
    await store.close();
  }
}

async function fullReplayRow(storePath: string): Promise<Row> {
  const store = new SqliteEventStore(storePath);
  try {
    const now = Date.now();
    const started = performance.now();
    const replay = await fullReplay(store, { asOf: now, knownAt: now });
    return atLeast('full replay, all projections', perSecond(replay.events, performance.now() - started), 100_000, 'events/s');
  } finally {
    await store.close();
  }
}

/**
 * `queries.state` of the long negotiation at random asOf dates within its span: with the
 * default knownAt, from a warm cache (the target); or at random knownAt within its recording,
 * which reads the stream afresh every time (for information).
 */
async function asOfRows(storePath: string, negotiationId: string, options: BenchOptions, mode: 'cached' | 'uncached'): Promise<Row[]> {
  const store = new SqliteEventStore(storePath);
  try {
    const parley = createParley({ store, cacheEvents: CACHE_EVENTS });
    const log = await store.readStream(negotiationId);
    const starts = log.filter((e) => e.type !== 'EventCorrected' && e.type !== 'EventRetracted').map((e) => intervalOf(e.occurredAt).start);
    const recorded = log.map((e) => Date.parse(e.recordedAt));
    const span = { from: intervalOf(log[0]!.occurredAt).end, to: Math.max(...starts) };
    const known = { from: Math.min(...recorded), to: Math.max(...recorded) };
    const random = new Prng(options.workload.seed, mode === 'cached' ? 1_000_000 : 1_000_001);
    const now = Date.now();
    await parley.queries.state(negotiationId, { asOf: now, knownAt: now }); // warms the cache
    const events = grouped(log.length);
    if (mode === 'cached') {
      const warm = await sample(options.samples, () => parley.queries.state(negotiationId, { asOf: random.between(span.from, span.to), knownAt: now }));
      return [
        info(`as-of replay, ${events}-event negotiation, p50`, `${quantile(warm, 0.5).toFixed(2)} ms`, `${grouped(warm.length)} samples, warm cache`),
        atMost(`as-of replay, ${events}-event negotiation, p99`, quantile(warm, 0.99), 10, 'ms', 2),
      ];
    }
    const cold = await sample(Math.min(options.samples, 200), () =>
      parley.queries.state(negotiationId, { asOf: random.between(span.from, span.to), knownAt: random.between(known.from, known.to) }),
    );
    return [
      info('  same, random knownAt (uncached), p50', `${quantile(cold, 0.5).toFixed(2)} ms`, `information, ${grouped(cold.length)} samples`),
      info('  same, random knownAt (uncached), p99', `${quantile(cold, 0.99).toFixed(2)} ms`, 'information'),
    ];
  } finally {
    await store.close();
  }
}

async function sample(count: number, run: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return durations;
}
