import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { canonicalJson } from '../../src/events/canonicalJson.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { Workload } from '../bench/workload.js';
import { missingCli } from './parleyProcess.js';
import { freshPostgresOrSkip, releasePostgresTarget } from './postgresDatabase.js';
import { runParley, runShell, shellQuote, type CommandRun } from './runCommand.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(releasePostgresTarget);

/** A few hundred generated events in four negotiations, with late events, corrections and retractions. */
const GENERATED = { seed: 4_242, events: 400, negotiations: 4, bigStreamEvents: 160, runLength: 20 };

/** Records the generated workload through the append service, runs alternating between two recorders. */
async function recordGenerated(storePath: string): Promise<void> {
  const store = new SqliteEventStore(storePath);
  let clock = 0;
  const parley = createParley({ store, now: () => clock });
  try {
    let run = 0;
    for (const events of new Workload(GENERATED).runs()) {
      clock = events.at(-1)!.recordedAtMs;
      const recordedBy = run++ % 2 === 0 ? 'alice' : 'bruno';
      await parley.append({ negotiationId: events[0]!.negotiationId, inputs: events.map((event) => event.input), recordedBy });
    }
  } finally {
    await store.close();
  }
}

function succeeded(run: CommandRun): CommandRun {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return run;
}

/** An export's events, each as canonical JSON without `position` (which the target store assigns). */
function withoutPositions(exported: string): string[] {
  return exported
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { position, ...event } = JSON.parse(line) as RecordedEvent;
      expect(position).toBeGreaterThan(0);
      return canonicalJson(event);
    });
}

async function verified(store: string): Promise<void> {
  const run = succeeded(await runParley(['verify', '--store', store]));
  expect(run.stdout).toMatch(/^ok: \d+ events/);
}

describe('moving a log SQLite → PostgreSQL → SQLite with export and import', () => {
  it('keeps every event with its id, recordedAt, recordedBy and hash, and every target verifies', async (context) => {
    const missing = missingCli();
    if (missing) throw new Error(missing);
    const database = await freshPostgresOrSkip(context);
    cleanups.push(database.drop);
    const dir = mkdtempSync(join(tmpdir(), 'parley-move-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const origin = `sqlite:${join(dir, 'origin.db')}`;
    const destination = `sqlite:${join(dir, 'destination.db')}`;
    const exportFile = join(dir, 'from-postgres.jsonl');

    // Given a SQLite store with generated negotiations (corrections included) and the seed scenario
    await recordGenerated(join(dir, 'origin.db'));
    succeeded(await runParley(['demo', '--store', origin]));
    const original = withoutPositions(succeeded(await runParley(['export', '--store', origin])).stdout);
    const types = original.map((line) => (JSON.parse(line) as RecordedEvent).type);
    expect(types).toContain('EventCorrected');
    expect(types).toContain('EventRetracted');
    expect(new Set(original.map((line) => (JSON.parse(line) as RecordedEvent).recordedBy))).toEqual(new Set(['alice', 'bruno', 'demo']));

    // When it is piped into PostgreSQL: parley export | parley import
    const piped = succeeded(await runShell(`parley export --store ${shellQuote(origin)} | parley import --store ${shellQuote(database.url)}`));
    expect(piped.stdout).toContain(`imported ${original.length}, skipped 0`);

    // and exported from PostgreSQL to a file (--out), and that file imported into a new SQLite store
    succeeded(await runParley(['export', '--store', database.url, '--out', exportFile]));
    succeeded(await runParley(['import', exportFile, '--store', destination]));

    // Then both exports hold the original events line by line, unchanged but for their positions
    expect(withoutPositions(readFileSync(exportFile, 'utf8'))).toEqual(original);
    expect(withoutPositions(succeeded(await runParley(['export', '--store', destination])).stdout)).toEqual(original);

    // and every target verifies
    await verified(database.url);
    await verified(destination);

    // and piping the same log again adds nothing
    const again = succeeded(await runShell(`parley export --store ${shellQuote(origin)} | parley import --store ${shellQuote(database.url)}`));
    expect(again.stdout).toContain(`imported 0, skipped ${original.length}`);
  });
});
