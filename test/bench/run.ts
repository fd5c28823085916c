import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCoreBench } from './coreBench.js';
import { runImportBench } from './importBench.js';
import { runQueryBench } from './queryBench.js';
import { parseBenchArgs, type BenchOptions } from './options.js';
import { runProofBench } from './proofBench.js';
import { runRawBench } from './rawBench.js';
import { formatTable, grouped, info, machineLine, missing, type Row } from './table.js';

/**
 * `npm run bench [-- --events N …]`: the seeded workload through the core (and, when their
 * modules exist, HTTP and PostgreSQL), printed as one table of measurements against targets.
 */
async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const log = (line: string) => console.error(line);
  try {
    const options = parseBenchArgs(process.argv.slice(2), workDir);
    const { workload } = options;
    log(`workload: ${grouped(workload.events)} events, ${grouped(workload.negotiations)} negotiations (one of ${grouped(workload.bigStreamEvents)}), seed ${workload.seed}`);
    const core = await runCoreBench(options, log);
    log('raw ceilings…');
    const raw = await runRawBench(core.storePath, workDir, Math.min(workload.events, 100_000));
    const rows: Row[] = [
      ...core.rows,
      ...raw,
      ...(await runImportBench(options, log)),
      ...(await runProofBench(core.storePath, workload.seed, log)),
      ...(options.http ? (log('query bench…'), await runQueryBench(core.storePath, options, log)) : []),
      ...(options.http ? await optionalRows('./httpBench.js', 'runHttpBench', 'HTTP', options, log) : [info('HTTP bench', 'skipped', '--http 0')]),
      ...(options.postgres ? await optionalRows('./postgresBench.js', 'runPostgresBench', 'PostgreSQL', options, log) : [info('PostgreSQL bench', 'skipped', '--postgres 0')]),
    ];
    console.log(machineLine());
    console.log(formatTable(rows));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Rows from a bench module written separately; a row saying so when it is not there yet. */
async function optionalRows(module: string, entry: string, label: string, options: BenchOptions, log: (line: string) => void): Promise<Row[]> {
  const url = new URL(module, import.meta.url);
  if (!existsSync(url)) return [missing(`${label} bench`, `${module.replace('./', 'test/bench/').replace(/\.js$/, '.ts')} not written yet`)];
  log(`${label} bench…`);
  const loaded = (await import(url.href)) as Record<string, unknown>;
  const run = loaded[entry];
  if (typeof run !== 'function') return [missing(`${label} bench`, `${module} exports no ${entry}()`)];
  return (await run(options, log)) as Row[];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
