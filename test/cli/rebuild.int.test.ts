import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, requireBuiltCli, runCli, tempDir } from './cliHarness.js';

const temp = tempDir('rebuild');
const path = join(temp.dir, 'parley.db');
const store = `sqlite:${path}`;

/** The read model's rows and marks, to compare two rebuilds. */
function readModelOf(): { rows: unknown[]; marks: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT family, negotiation_id, item_key, valid_from, valid_to, body FROM read_rows WHERE rec_to = 9e15 ORDER BY family, negotiation_id, item_key, valid_from').all();
    const marks = db.prepare('SELECT negotiation_id, revision, head FROM read_streams ORDER BY negotiation_id').all();
    return { rows, marks };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store])).code).toBe(0);
});
afterAll(temp.remove);

describe('rebuilding the read model of a store', () => {
  it('projects every negotiation again and says how many, exit 0; twice gives the same rows', async () => {
    const before = readModelOf();
    expect(before.rows.length).toBeGreaterThan(0);
    const run = await runCli(['rebuild', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('rebuilt: 3 negotiations projected\n');
    expect(readModelOf()).toEqual(before);
    expect((await runCli(['rebuild', '--store', store])).code).toBe(0);
    expect(readModelOf()).toEqual(before);
  });

  it('resumes a rebuild cut short: only the streams not yet covered are projected', async () => {
    const before = readModelOf();
    const db = new Database(path);
    db.prepare("DELETE FROM read_rows WHERE negotiation_id = 'eu-openai-gpt-5-5-cyber'").run();
    db.prepare("DELETE FROM read_cut WHERE id NOT IN (SELECT id FROM read_rows)").run();
    db.prepare("UPDATE read_streams SET revision = -1 WHERE negotiation_id = 'eu-openai-gpt-5-5-cyber'").run();
    db.close();
    const run = await runCli(['rebuild', '--resume', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('resumed: 1 negotiation projected\n');
    expect(readModelOf()).toEqual(before);
  });
});

describe('rebuilding what cannot be rebuilt', () => {
  it('refuses a store that does not exist with one line, exit non-zero', async () => {
    const run = await runCli(['rebuild', '--store', `sqlite:${join(temp.dir, 'missing.db')}`]);
    expect(run.code).not.toBe(0);
    expect(linesOf(run.stderr)).toHaveLength(1);
  });

  it('refuses an unknown option', async () => {
    const run = await runCli(['rebuild', '--fast', '--store', store]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown option '--fast'/);
  });
});
