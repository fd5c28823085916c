import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, requireBuiltCli, ROOT, runCli, storedRows, storeFingerprint, tempDir } from './cliHarness.js';

const temp = tempDir('demo');
const seedLines = linesOf(readFileSync(join(ROOT, 'examples/eu-ai-model-access.jsonl'), 'utf8'));

beforeAll(requireBuiltCli);
afterAll(temp.remove);

describe('loading the demo into an empty store, from another working directory', () => {
  const path = join(temp.dir, 'demo.db');

  it('records every event of the seed scenario, by "demo", and prints a one-line summary', async () => {
    const run = await runCli(['demo', '--store', `sqlite:${path}`], { cwd: temp.dir });
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([`demo: imported ${seedLines.length}, skipped 0 (already present), recorded by "demo" in sqlite:${path}`]);
    const rows = storedRows(path).map((row) => JSON.parse(row.body) as { id: string; recordedBy: string });
    expect(rows.map((e) => e.id)).toEqual(seedLines.map((line) => (JSON.parse(line) as { id: string }).id));
    for (const event of rows) expect(event.recordedBy).toBe('demo');
  });

  it('adds nothing when run again', async () => {
    const before = storeFingerprint(path);
    const run = await runCli(['demo', '--store', `sqlite:${path}`], { cwd: temp.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^demo: imported 0, skipped ${seedLines.length} \\(already present\\)`));
    expect(storeFingerprint(path)).toEqual(before);
  });
});

describe('choosing the store by PARLEY_STORE and by --store', () => {
  it('uses PARLEY_STORE when there is no flag, and the flag when there is both', async () => {
    const fromEnv = join(temp.dir, 'env.db');
    const fromFlag = join(temp.dir, 'flag.db');
    expect((await runCli(['demo'], { env: { PARLEY_STORE: `sqlite:${fromEnv}` } })).code).toBe(0);
    expect(storedRows(fromEnv)).toHaveLength(seedLines.length);
    expect((await runCli(['demo', '--store', `sqlite:${fromFlag}`], { env: { PARLEY_STORE: 'sqlite:/nonexistent/never.db' } })).code).toBe(0);
    expect(storedRows(fromFlag)).toHaveLength(seedLines.length);
  });
});
