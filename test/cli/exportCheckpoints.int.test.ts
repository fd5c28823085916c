import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley } from '../../src/app/parley.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import type { StoredCheckpoint } from '../../src/store/proofStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { jsonl, recordedStream } from './fixtures/eventLog.js';
import { requireBuiltCli, runCli, tempDir } from './cliHarness.js';

const temp = tempDir('export-checkpoints');
const sourcePath = join(temp.dir, 'source.db');
let signed: StoredCheckpoint[] = [];
const stream = recordedStream('signed-talks', 5, '2026-03-02T09:00:00.000Z');

beforeAll(async () => {
  requireBuiltCli();
  const store = new SqliteEventStore(sourcePath);
  let now = Date.parse('2026-03-01T00:00:00.000Z');
  const parley = createParley({ store, now: () => now, signer: { key: generateNoteSigningKey('parley.test/log'), origin: 'parley.test/log' } });
  await parley.proofs!.checkpoints.sign(); // of the empty log
  await importEvents(parley, textLines('a.jsonl', jsonl(stream)), { recordedBy: 'x' });
  now = Date.parse('2026-03-03T00:00:00.000Z');
  await parley.proofs!.checkpoints.sign();
  await importEvents(parley, textLines('b.jsonl', jsonl(recordedStream('later-talks', 2, '2026-03-04T09:00:00.000Z'))), { recordedBy: 'x' });
  now = Date.parse('2026-03-05T00:00:00.000Z');
  await parley.proofs!.checkpoints.sign();
  signed = await store.proofs!.checkpoints();
  await store.close();
});
afterAll(temp.remove);

const checkpointsOf = async (path: string) => {
  const store = new SqliteEventStore(path);
  try {
    return await store.proofs!.checkpoints();
  } finally {
    await store.close();
  }
};

describe('parley export of a store with signed checkpoints, imported into an empty store', () => {
  it('restores every checkpoint byte for byte, and exporting again gives the same bytes', async () => {
    const file = join(temp.dir, 'export.jsonl');
    const targetPath = join(temp.dir, 'target.db');
    expect((await runCli(['export', '--store', `sqlite:${sourcePath}`, '--out', file])).stdout).toBe(`exported 7 events to ${file}\n`);

    const imported = await runCli(['import', file, '--store', `sqlite:${targetPath}`]);

    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('imported 7, skipped 0 (already present) into 2 negotiations, restored 3 checkpoints\n');
    expect(await checkpointsOf(targetPath)).toEqual(signed);
    expect((await runCli(['export', '--store', `sqlite:${targetPath}`])).stdout).toBe(readFileSync(file, 'utf8'));
  });
});

describe('parley import of a recorded event dated before its stream\'s last', () => {
  it('exits 1 naming the line, and leaves no store behind', async () => {
    // The stream's fourth event, chained as recorded before its third.
    const { hash: _hash, ...content } = { ...stream[3]!, recordedAt: '2026-01-15T09:00:00.000Z' };
    const early = { ...content, hash: chainHash(stream[2]!.hash, content) };
    const file = join(temp.dir, 'early.jsonl');
    const targetPath = join(temp.dir, 'early.db');
    writeFileSync(file, jsonl([...stream.slice(0, 3), early]));

    const run = await runCli(['import', file, '--store', `sqlite:${targetPath}`]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "line 4: recordedAt 2026-01-15T09:00:00.000Z is before the stream's last event (2026-03-02T09:00:00.000Z): an import cannot add to what the store already knew then",
    );
    expect(existsSync(targetPath)).toBe(false);
  });
});
