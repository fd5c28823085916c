import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { generateNoteSigningKey, noteSigningKeyPem } from '../../src/audit/noteKey.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { linesOf, requireBuiltCli, ROOT, runCli, tempDir } from './cliHarness.js';
import { recordedStream } from './fixtures/eventLog.js';

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
    expect(run.stdout).toMatch(new RegExp(`^ok: ${seedEvents} events in ${seedNegotiations} negotiations; Merkle log of ${seedEvents} events, root [0-9a-f]{64}, no checkpoint yet\n$`));
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

describe('verifying a store whose newest event was deleted after a checkpoint', () => {
  it("checks the checkpoint with the server's key file, names the deletion, exit 1", async () => {
    const other = tempDir('verify-checkpoint');
    try {
      const otherPath = join(other.dir, 'parley.db');
      const sqlite = new SqliteEventStore(otherPath);
      await sqlite.append('alpha', -1, recordedStream('alpha', 4));
      // The key where serve keeps it for this store: the data folder, beside the SQLite file.
      const key = generateNoteSigningKey('parley/test');
      writeFileSync(join(other.dir, 'signing-key.pem'), noteSigningKeyPem(key), { mode: 0o600 });
      const checkpoint = await createParley({ store: sqlite, signer: { key, origin: 'parley/test' } }).proofs!.checkpoints.sign();
      await sqlite.close();

      const intact = await runCli(['verify', '--store', `sqlite:${otherPath}`]);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/; Merkle log of 4 events, root [0-9a-f]{64}, 1 checkpoint consistent with it \(signatures checked\)\n$/);

      const db = new Database(otherPath);
      db.prepare("DELETE FROM events WHERE negotiation_id = 'alpha' AND revision = 3").run();
      db.close();
      const run = await runCli(['verify', '--store', `sqlite:${otherPath}`]);
      expect(run.code).toBe(1);
      expect(linesOf(run.stdout)).toEqual([`log: checkpoint-beyond-log: the checkpoint signed ${checkpoint.time} covers 4 events, but the log holds 3: its newest events were deleted`]);
      expect(linesOf(run.stderr)).toEqual(['parley: verify found 0 breaks in 3 events of 1 negotiation and 1 problem in the Merkle log: the log was altered']);
    } finally {
      other.remove();
    }
  });
});
