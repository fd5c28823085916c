import { createParley } from '../../src/app/parley.js';
import { fullReplay } from '../../src/app/fullReplay.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { freshDatabase } from '../store/postgresTarget.js';
import { grouped, info, perSecond, type Row } from './table.js';
import { DEFAULT_WORKLOAD, Workload, type WorkloadOptions } from './workload.js';

export interface PostgresBenchOptions {
  /** Events in the workload; the rest of it is scaled to fit. */
  readonly events?: number;
  /** The whole workload, as `npm run bench` parsed it (its `events` unless `events` is given). */
  readonly workload?: WorkloadOptions;
  /** The server to create the bench's databases on; default PARLEY_BENCH_POSTGRES_URL, then PARLEY_TEST_POSTGRES_URL. */
  readonly adminUrl?: string;
  /** Single-event appends are timed on the workload's first this-many events (default 5,000): one commit each is slow to fill a large log with. */
  readonly singleEvents?: number;
  readonly log?: (line: string) => void;
}

const RECORDED_BY = 'bench';

/** The embedded store's targets (SQLite), shown beside the PostgreSQL figures for reference. */
const SQLITE_TARGETS = { single: 5_000, batch: 30_000, replay: 100_000 };

/**
 * The embedded store's append and full-replay figures, measured on PostgreSQL: the same
 * seeded workload through `createParley(...).append`, in batches of 100 (then replayed in
 * full) and one event per transaction (its first `singleEvents` events), each into a fresh
 * database that is dropped afterwards. The issue sets no targets for PostgreSQL: the rows
 * are information, with the SQLite targets as reference.
 */
export async function runPostgresBench(options: PostgresBenchOptions = {}): Promise<Row[]> {
  const adminUrl = options.adminUrl ?? process.env.PARLEY_BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
  if (!adminUrl) return [info('PostgreSQL bench', 'skipped', 'set PARLEY_BENCH_POSTGRES_URL (a server where databases may be created)')];
  const log = options.log ?? ((line: string) => console.error(line));
  const workload = new Workload(workloadOf(options));
  const events = grouped(workload.options.events);
  const singleEvents = Math.min(options.singleEvents ?? 5_000, workload.options.events);

  log(`PostgreSQL: appending ${events} events in batches of 100…`);
  const batched = await inFreshDatabase(adminUrl, async (store) => {
    const rate = await appendAll(store, workload, 'batch', Infinity, log);
    log('PostgreSQL: full replay of every projection…');
    const now = Date.now();
    const started = performance.now();
    const replay = await fullReplay(store, { asOf: now, knownAt: now });
    return { rate, replayRate: perSecond(replay.events, performance.now() - started) };
  });
  log(`PostgreSQL: appending the first ${grouped(singleEvents)} events one per transaction…`);
  const single = await inFreshDatabase(adminUrl, (store) => appendAll(store, workload, 'single', singleEvents, log));

  const reference = (target: number) => `info; SQLite target ≥ ${grouped(target)} events/s`;
  return [
    info(`PostgreSQL: append, single-event transactions (first ${grouped(singleEvents)} events)`, `${grouped(single)} events/s`, reference(SQLITE_TARGETS.single)),
    info(`PostgreSQL: append, batches of 100 (${events} events)`, `${grouped(batched.rate)} events/s`, reference(SQLITE_TARGETS.batch)),
    info('PostgreSQL: full replay, all projections', `${grouped(batched.replayRate)} events/s`, reference(SQLITE_TARGETS.replay)),
  ];
}

/** The bench's workload, or the default one scaled down to `events`. */
function workloadOf(options: PostgresBenchOptions): WorkloadOptions {
  const base = options.workload ?? DEFAULT_WORKLOAD;
  if (options.events === undefined || options.events === base.events) return base;
  const events = Math.max(options.events, 20);
  const negotiations = Math.max(2, Math.min(base.negotiations, Math.floor(events / 100)));
  const bigStreamEvents = Math.max(1, Math.min(base.bigStreamEvents, Math.floor(events / 10)));
  return { ...base, events, negotiations, bigStreamEvents };
}

async function inFreshDatabase<T>(adminUrl: string, work: (store: PostgresEventStore) => Promise<T>): Promise<T> {
  const database = await freshDatabase(adminUrl);
  try {
    const store = await PostgresEventStore.open(database.url);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

/** Events/s through `parley.append` (decide + hash chain + store) of the workload's first `limit` events; only the appends are timed. */
async function appendAll(
  store: PostgresEventStore,
  workload: Workload,
  mode: 'single' | 'batch',
  limit: number,
  log: (line: string) => void,
): Promise<number> {
  let clock = 0;
  const parley = createParley({ store, now: () => clock });
  const total = Math.min(limit, workload.options.events);
  let appended = 0;
  let busyMs = 0;
  let nextReport = total / 4;
  for (const run of workload.runs()) {
    if (appended >= total) break;
    const batches = mode === 'single' ? run.slice(0, total - appended).map((event) => [event]) : [run];
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
      log(`  ${grouped(appended)} events, ${grouped(perSecond(appended, busyMs))} events/s`);
      nextReport += total / 4;
    }
  }
  return perSecond(appended, busyMs);
}
