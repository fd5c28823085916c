import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { importEvents } from '../../src/app/importEvents.js';
import { fileLines } from '../../src/app/jsonLines.js';
import { createParley } from '../../src/app/parley.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import type { BenchOptions } from './options.js';
import { atLeast, atMost, grouped, info, perSecond, type Row } from './table.js';
import { Workload } from './workload.js';

const CHILD_FLAG = '--import-child';
const MAX_LINES = 100_000;

interface ChildResult {
  readonly imported: number;
  readonly ms: number;
  readonly peakRssMb: number;
}

/**
 * `parley import` of the workload's EventInput lines, grouped by stream and interleaved as
 * in an export in global order, each in a process of its own so its peak RSS is its own.
 * Interleaving must not cost much: its rate is held to at least half the grouped one.
 */
export async function runImportBench(options: BenchOptions, log: (line: string) => void): Promise<Row[]> {
  const lines = Math.min(options.workload.events, MAX_LINES);
  const workload = { ...options.workload, events: lines, bigStreamEvents: Math.min(options.workload.bigStreamEvents, Math.floor(lines / 10)) };
  const rows: Row[] = [];
  let groupedRate = 0;
  for (const order of ['grouped', 'interleaved'] as const) {
    const file = join(options.workDir, `import-${order}.jsonl`);
    log(`import bench: ${grouped(lines)} EventInput lines, ${order}…`);
    await writeLog(new Workload({ ...workload, runLength: order === 'grouped' ? lines : 1 }), file);
    const result = await runChild(file, join(options.workDir, `import-${order}.db`));
    const rate = perSecond(result.imported, result.ms);
    const name = `import, ${grouped(lines)} lines ${order === 'grouped' ? 'grouped by stream' : 'interleaved'}`;
    if (order === 'grouped') {
      groupedRate = rate;
      rows.push(info(name, `${grouped(rate)} events/s`, 'reference for the interleaved row'));
    } else {
      rows.push(atLeast(name, rate, Math.round(groupedRate / 2), 'events/s'));
    }
    rows.push(atMost(`peak RSS: ${name}`, result.peakRssMb, 300, 'MB'));
  }
  return rows;
}

async function writeLog(workload: Workload, file: string): Promise<void> {
  const out = createWriteStream(file);
  for (const { negotiationId, input } of workload.events()) {
    if (!out.write(`${JSON.stringify({ negotiationId, ...input })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function runChild(file: string, storePath: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), CHILD_FLAG, file, storePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`import bench child exited with ${code}`))));
  });
}

/** The child: one import into a fresh store, its result as JSON on stdout. */
async function child(file: string, storePath: string): Promise<void> {
  const store = new SqliteEventStore(storePath);
  try {
    const started = performance.now();
    const { imported } = await importEvents(createParley({ store }), await fileLines(file), { recordedBy: 'bench' });
    const ms = performance.now() - started;
    const result: ChildResult = { imported, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(JSON.stringify(result));
  } finally {
    await store.close();
  }
}

if (process.argv[2] === CHILD_FLAG) await child(process.argv[3]!, process.argv[4]!);
