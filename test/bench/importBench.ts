import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './options.js';
import { rawInsertRate } from './rawBench.js';
import { atLeast, atMost, grouped, info, perSecond, type Row } from './table.js';
import { timedChild, type ChildRun } from './timedChild.js';
import { Workload, type WorkloadOptions } from './workload.js';

/** The size of the side-by-side comparison with Emmett and the raw ceiling. */
const COMPARED_EVENTS = 100_000;
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const EMMETT = fileURLToPath(new URL('./emmettImport.js', import.meta.url));

/**
 * `parley import` of the workload's EventInput lines, each import a process of its own,
 * timed from start to exit, with its own peak RSS:
 * - side by side at 100,000 events grouped by stream: Parley, Emmett's SQLite event store
 *   (the same lines, appendToStream in runs of up to 100 events per stream) and the raw
 *   ceiling (better-sqlite3 inserting the rows Parley stored, into Parley's table);
 * - the workload's size (`--events`), grouped and interleaved as in an export in global
 *   order; interleaving must not cost much: its rate is held to at least half the grouped one.
 * Each figure is the median of `--repeat` runs.
 */
export async function runImportBench(options: BenchOptions, log: (line: string) => void): Promise<Row[]> {
  const { workDir, repeat } = options;
  const compared = Math.min(options.workload.events, COMPARED_EVENTS);
  const file = join(workDir, 'import-compared.jsonl');
  log(`import bench: ${grouped(compared)} EventInput lines grouped by stream…`);
  await writeLog(workloadOf(options.workload, compared, 'grouped'), file);
  const parley = await median(repeat, () => parleyImport(file, workDir, 'compared'), log, 'parley import');
  const emmett = await median(repeat, () => emmettImport(file, workDir), log, 'Emmett appendToStream').catch((error: unknown) => {
    log(`Emmett comparison skipped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (npm i --no-save @event-driven-io/emmett-sqlite to run it)`);
    return { ms: Number.NaN, peakRssMb: Number.NaN };
  });
  const raw = median(repeat, () => rawInsertRate(join(workDir, 'import-compared.db'), workDir), log, 'raw insert');
  const parleyRate = perSecond(compared, parley.ms);
  const emmettRate = perSecond(compared, emmett.ms);
  const n = grouped(compared);
  const rows: Row[] = [
    info(`import, ${n} lines grouped: parley import`, `${grouped(parleyRate)} events/s`, `whole process, ${(parley.ms / 1000).toFixed(1)} s`),
    // Without Emmett installed there is no ratio to hold to its target: the rows say so rather than pass.
    ...(Number.isNaN(emmett.ms)
      ? [info(`import, ${n} lines grouped: Parley / Emmett`, 'not measured', 'Emmett not installed: npm i --no-save @event-driven-io/emmett-sqlite@0.38.5')]
      : [
          info(`import, ${n} lines grouped: Emmett SQLite`, `${grouped(emmettRate)} events/s`, `whole process, ${(emmett.ms / 1000).toFixed(1)} s; appendToStream, ≤100 events each`),
          atLeast(`import, ${n} lines grouped: Parley / Emmett`, parleyRate / emmettRate, 1.5, '×', 2),
        ]),
    info(`import, ${n} lines grouped: raw ceiling`, `${grouped(await raw)} events/s`, "better-sqlite3 alone, Parley's rows and table, 1,000 rows/transaction"),
    atMost(`peak RSS: parley import, ${n} lines`, parley.peakRssMb, 300, 'MB'),
  ];
  rmSync(file, { force: true });

  const events = options.workload.events;
  const sizes = events > compared ? (['grouped', 'interleaved'] as const) : (['interleaved'] as const);
  let groupedRate = parleyRate;
  for (const order of sizes) {
    const big = join(workDir, `import-${order}.jsonl`);
    log(`import bench: ${grouped(events)} EventInput lines, ${order}…`);
    await writeLog(workloadOf(options.workload, events, order), big);
    const run = await median(repeat, () => parleyImport(big, workDir, order), log, `parley import, ${order}`);
    const rate = perSecond(events, run.ms);
    const name = `import, ${grouped(events)} lines ${order === 'grouped' ? 'grouped by stream' : 'interleaved'}`;
    if (order === 'grouped') {
      groupedRate = rate;
      rows.push(info(name, `${grouped(rate)} events/s`, `whole process, ${(run.ms / 1000).toFixed(1)} s`));
    } else {
      rows.push(atLeast(name, rate, Math.round(groupedRate / 2), 'events/s'));
    }
    rows.push(atMost(`peak RSS: parley import, ${name.replace('import, ', '')}`, run.peakRssMb, 300, 'MB'));
    rmSync(big, { force: true });
  }
  return rows;
}

/** The workload at `events`, its big stream a tenth at most; `interleaved`: one event per run, as an export in global order has them. */
function workloadOf(options: WorkloadOptions, events: number, order: 'grouped' | 'interleaved'): Workload {
  return new Workload({ ...options, events, bigStreamEvents: Math.min(options.bigStreamEvents, Math.floor(events / 10)), runLength: order === 'grouped' ? events : 1 });
}

/** EventInput lines with their negotiationId, as `parley import` takes them. */
async function writeLog(workload: Workload, file: string): Promise<void> {
  const out = createWriteStream(file);
  for (const { negotiationId, input } of workload.events()) {
    if (!out.write(`${JSON.stringify({ negotiationId, ...input })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `node dist/src/cli/main.js import FILE --store sqlite:…` into a fresh store. */
async function parleyImport(file: string, workDir: string, name: string): Promise<ChildRun> {
  const db = join(workDir, `import-${name}.db`);
  removeStore(db);
  const run = await timedChild([CLI, 'import', file, '--store', `sqlite:${db}`, '--recorded-by', 'bench'], workDir);
  if (!/^imported \d+/.test(run.stdout)) throw new Error(`parley import said: ${run.stdout}`);
  return run;
}

async function emmettImport(file: string, workDir: string): Promise<ChildRun> {
  const db = join(workDir, 'emmett.db');
  removeStore(db);
  const run = await timedChild([EMMETT, file, db], workDir);
  removeStore(db);
  return run;
}

function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** Runs `measure` `times` times; the run of the median time (rates: the median rate). */
async function median<T extends ChildRun | number>(times: number, measure: () => Promise<T> | T, log: (line: string) => void, what: string): Promise<T> {
  const runs: T[] = [];
  for (let i = 0; i < times; i++) {
    const run = await measure();
    log(`  ${what}: ${typeof run === 'number' ? `${grouped(run)} events/s` : `${(run.ms / 1000).toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`}`);
    runs.push(run);
  }
  const key = (run: T) => (typeof run === 'number' ? -run : run.ms);
  return runs.sort((a, b) => key(a) - key(b))[Math.floor((runs.length - 1) / 2)]!;
}
