import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, requireBuiltCli, ROOT, runCli, tempDir } from './cliHarness.js';

const temp = tempDir('verify');
const path = join(temp.dir, 'parley.db');
const store = `sqlite:${path}`;
// `demo` loads the seed scenario, so the counts verify reports are the seed file's.
const seed = linesOf(readFileSync(join(ROOT, 'examples/eu-ai-model-access.jsonl'), 'utf8')).map((line) => JSON.parse(line) as { negotiationId: string });
const seedEvents = seed.length;
const seedNegotiations = new Set(seed.map((event) => event.negotiationId)).size;

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store])).code).toBe(0);
});
afterAll(temp.remove);

describe('verifying an untouched store', () => {
  it('prints ok with the event and negotiation counts, exit 0', async () => {
    const run = await runCli(['verify', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`ok: ${seedEvents} events in ${seedNegotiations} negotiations\n`);
    expect(run.stderr).toBe('');
  });
});

describe('verifying after a row was altered directly in the SQLite file', () => {
  it('names the stream, revision and event id of the break, exit 1', async () => {
    const db = new Database(path);
    const target = db.prepare("SELECT id FROM events WHERE negotiation_id = 'eu-openai-gpt-5-5-cyber' AND revision = 1").get() as { id: string };
    db.prepare("UPDATE events SET body = json_set(body, '$.data.terms.model', 'GPT-4') WHERE id = ?").run(target.id);
    db.close();
    const run = await runCli(['verify', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)).toEqual([`negotiation eu-openai-gpt-5-5-cyber revision 1 event ${target.id}: hash-mismatch`]);
    expect(linesOf(run.stderr)).toEqual([`parley: verify found 1 break in ${seedEvents} events of ${seedNegotiations} negotiations: the log was altered`]);
  });
});
