import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../src/app/verifyStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';

const LOOP = fileURLToPath(new URL('../../dist/test/store/fixtures/appendLoop.js', import.meta.url));
/** Acknowledged events to wait for before the kill: enough for many transactions in every stream. */
const ACKNOWLEDGED_BEFORE_KILL = 600;
const temp = tempDir('crash');
const path = join(temp.dir, 'parley.db');

beforeAll(() => {
  if (!existsSync(LOOP)) throw new Error(`${LOOP} is missing: build first with "npx tsc -p ."`);
});
afterAll(temp.remove);

/** Runs the append loop and kills it with SIGKILL once it has acknowledged enough; returns the acknowledged ids. */
function appendUntilKilled(): Promise<{ acknowledged: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOOP, `sqlite:${path}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (!killed && output.split('\n').length > ACKNOWLEDGED_BEFORE_KILL) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (!killed) reject(new Error(`the append loop stopped by itself (exit ${code}): ${errors}`));
      // Only whole lines were promised: a line cut by the kill is not an acknowledgement.
      const lines = output.split('\n');
      resolve({ acknowledged: lines.slice(0, -1).filter(Boolean), signal });
    });
  });
}

describe('a process appending in a loop, killed with SIGKILL', () => {
  it('loses no acknowledged event; revisions stay gapless and every chain verifies', async () => {
    const { acknowledged, signal } = await appendUntilKilled();
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    const store = new SqliteEventStore(path);
    try {
      const found = await store.findEvents(acknowledged);
      expect(found.length).toBe(acknowledged.length);
      const negotiations = await store.listNegotiations();
      expect(negotiations.sort()).toEqual(['crash-alpha', 'crash-beta', 'crash-gamma']);
      for (const negotiationId of negotiations) {
        const events = await store.readStream(negotiationId);
        expect(events.map((event) => event.revision)).toEqual(events.map((_, index) => index));
      }
      const report = await verifyStore(store);
      expect(report.broken).toEqual([]);
      expect(report.checked).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
  });
});
