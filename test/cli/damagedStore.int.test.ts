import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, requireBuiltCli, ROOT, runCli, storedRows, tempDir } from './cliHarness.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';
// `demo` loads the seed scenario, so the counts before any damage are the seed file's.
const seed = linesOf(readFileSync(join(ROOT, 'examples/eu-ai-model-access.jsonl'), 'utf8')).map((line) => JSON.parse(line) as { negotiationId: string });
const seedEvents = seed.length;
const seedNegotiations = new Set(seed.map((event) => event.negotiationId)).size;

const temp = tempDir('damaged');
const path = join(temp.dir, 'parley.db');
const store = `sqlite:${path}`;
/** The row of the OpenAI negotiation whose body is cut short, and the rows as they were. */
let damaged: { id: string; position: number; revision: number };
let before: ReturnType<typeof storedRows>;

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store])).code).toBe(0);
  before = storedRows(path);
  const row = before.find((r) => r.negotiation_id === OPENAI && r.revision === 2)!;
  damaged = { id: row.id, position: row.position, revision: row.revision };
  const db = new Database(path);
  db.prepare('UPDATE events SET body = substr(body, 1, 40) WHERE position = ?').run(damaged.position);
  db.close();
});
afterAll(temp.remove);

const naming = () => `negotiation ${OPENAI}, revision 2 (position ${damaged.position}, event ${damaged.id})`;

describe('verifying a store with a row whose body was cut short', () => {
  it('reports that row by stream, revision, position and id, checks everything else, exit 1', async () => {
    const run = await runCli(['verify', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)).toEqual([`negotiation ${OPENAI} revision 2 position ${damaged.position} event ${damaged.id}: unreadable`]);
    expect(linesOf(run.stderr)).toEqual([`parley: verify found 1 break in ${seedEvents} events of ${seedNegotiations} negotiations: the log was altered or damaged`]);
  });
});

describe('exporting a store with a row whose body was cut short', () => {
  it('fails with one line naming the row, exit 1, and leaves no file', async () => {
    const out = join(temp.dir, 'refused.jsonl');
    const run = await runCli(['export', '--store', store, '--out', out]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: the stored event of ${naming()} cannot be read: the store is damaged and needs repair`]);
    expect(existsSync(out)).toBe(false);
  });

  it('fails the same way on stdout', async () => {
    const run = await runCli(['export', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: the stored event of ${naming()} cannot be read: the store is damaged and needs repair`]);
  });

  it('with --skip-unreadable, leaves that row out, names it on stderr, and exports every other event', async () => {
    const out = join(temp.dir, 'rest.jsonl');
    const run = await runCli(['export', '--store', store, '--out', out, '--skip-unreadable']);
    expect(run.code).toBe(0);
    expect(linesOf(run.stderr)).toEqual([`parley: skipped: the stored event of ${naming()} cannot be read: the store is damaged and needs repair`]);
    expect(run.stdout).toBe(`exported ${seedEvents - 1} events to ${out} (1 unreadable left out)\n`);
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; negotiationId: string });
    expect(exported.map((event) => event.id)).toEqual(before.filter((row) => row.position !== damaged.position).map((row) => row.id));
    expect(exported.some((event) => event.negotiationId === ANTHROPIC)).toBe(true);
  });
});

describe('verifying a store whose revision-0 row of a stream was deleted', () => {
  it('checks that stream too and reports the missing revision 0, exit 1', async () => {
    const other = tempDir('no-revision-0');
    try {
      const otherPath = join(other.dir, 'parley.db');
      expect((await runCli(['demo', '--store', `sqlite:${otherPath}`])).code).toBe(0);
      const db = new Database(otherPath);
      const first = db.prepare('SELECT position FROM events WHERE negotiation_id = ? AND revision = 0').get(ANTHROPIC) as { position: number };
      db.prepare('DELETE FROM events WHERE negotiation_id = ? AND revision = 0').run(ANTHROPIC);
      const next = db.prepare('SELECT id FROM events WHERE negotiation_id = ? AND revision = 1').get(ANTHROPIC) as { id: string };
      db.close();
      const run = await runCli(['verify', '--store', `sqlite:${otherPath}`]);
      expect(run.code).toBe(1);
      expect(linesOf(run.stdout)).toEqual([
        `negotiation ${ANTHROPIC} revision 1 event ${next.id}: missing-revision-0`,
        `log: seq-gap: leaf ${first.position - 1} is missing from the log: an event was deleted`,
      ]);
      expect(linesOf(run.stderr)).toEqual([`parley: verify found 1 break in ${seedEvents - 1} events of ${seedNegotiations} negotiations and 1 problem in the Merkle log: the log was altered`]);
    } finally {
      other.remove();
    }
  });
});
