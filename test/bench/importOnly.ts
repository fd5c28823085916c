import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImportBench } from './importBench.js';
import { parseBenchArgs } from './options.js';
import { formatTable, grouped, machineLine } from './table.js';

/**
 * `node dist/test/bench/importOnly.js [--events N] [--repeat N] …`: the import rows of
 * `npm run bench` alone (Parley, Emmett and the raw ceiling side by side, and the import at
 * the workload's size), without the rest of the bench.
 */
async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'parley-import-bench-'));
  const log = (line: string) => console.error(line);
  try {
    const options = parseBenchArgs(process.argv.slice(2), workDir);
    log(`workload: ${grouped(options.workload.events)} events, ${grouped(options.workload.negotiations)} negotiations, seed ${options.workload.seed}, ${options.repeat} run(s) each`);
    const rows = await runImportBench(options, log);
    console.log(machineLine());
    console.log(formatTable(rows));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
