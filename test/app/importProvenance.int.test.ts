import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportEvents } from '../../src/app/exportEvents.js';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import { signCheckpoint } from '../../src/audit/signedCheckpoint.js';
import { ImportRejectedError } from '../../src/errors.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { jsonl, recordedStream } from '../cli/fixtures/eventLog.js';

let temp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
let parley: Parley;
let now: number;
const signer = { key: generateNoteSigningKey('parley.test/log'), origin: 'parley.test/log' };

beforeEach(() => {
  now = Date.parse('2026-06-01T12:00:00.000Z');
  temp = tempDir('import-provenance');
  store = new SqliteEventStore(join(temp.dir, 'parley.db'));
  parley = createParley({ store, now: () => now, signer });
});
afterEach(async () => {
  await store.close();
  temp.remove();
});

const importText = (text: string) => importEvents(parley, textLines('test.jsonl', text), { recordedBy: 'importer' });
const rejection = async (promise: Promise<unknown>): Promise<ImportRejectedError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
};
const exported = async (from: SqliteEventStore) => {
  let text = '';
  for await (const line of exportEvents(from)) text += line;
  return text;
};

describe('a recorded line learnt before its stream\'s last stored event', () => {
  it('is refused though its hash continues the stream, naming the line and both instants, and nothing is written', async () => {
    const early = recordedStream('chain', 4, '2026-03-02T09:00:00.000Z');
    const { hash: _hash, ...tail } = { ...early[3]!, recordedAt: '2026-01-15T10:00:00.000Z' };
    const rewritten = { ...tail, hash: chainHash(early[2]!.hash, tail) };
    await importText(jsonl(early.slice(0, 3)));

    const error = await rejection(importText(jsonl([rewritten])));

    expect(error.errors).toEqual([
      {
        path: 'line 1',
        message: "recordedAt 2026-01-15T10:00:00.000Z is before the stream's last event (2026-03-02T09:00:00.000Z): an import cannot add to what the store already knew then",
      },
    ]);
    expect((await store.head('chain'))?.revision).toBe(2);
  });
});

describe('a file whose stream goes back in recordedAt', () => {
  it('refuses the line that goes back, naming it', async () => {
    const stream = recordedStream('backwards', 3, '2026-03-02T09:00:00.000Z');
    const { hash: _hash, ...last } = { ...stream[2]!, recordedAt: '2026-03-01T09:00:00.000Z' };
    const lines = [stream[0], stream[1], { ...last, hash: chainHash(stream[1]!.hash, last) }];

    const error = await rejection(importText(jsonl(lines)));

    expect(error.errors).toEqual([{ path: 'line 3', message: expect.stringContaining("is before the stream's last event (2026-03-02T09:00:00.000Z)") }]);
    expect(await store.lastPosition()).toBe(0);
  });
});

describe('a recorded line learnt before the store\'s newest checkpoint', () => {
  it('is refused naming the checkpoint\'s time, while lines already stored are still skipped', async () => {
    const kept = recordedStream('kept', 2, '2026-05-01T09:00:00.000Z');
    await importText(jsonl(kept));
    now = Date.parse('2026-05-20T00:00:00.000Z');
    const checkpoint = await parley.proofs!.checkpoints.sign();
    const newStream = recordedStream('newcomer', 1, '2026-05-10T09:00:00.000Z');

    const error = await rejection(importText(jsonl([...kept, ...newStream])));

    expect(error.errors).toEqual([
      {
        path: 'line 3',
        message: `recordedAt 2026-05-10T09:00:00.000Z is before the store's newest checkpoint (${checkpoint.time}): an import cannot add to what the store already knew then`,
      },
    ]);
    expect(await importText(jsonl(kept))).toMatchObject({ imported: 0, skipped: 2 });
    expect(await importText(jsonl(recordedStream('later', 1, '2026-05-21T09:00:00.000Z')))).toMatchObject({ imported: 1 });
  });
});

describe('an export of a store with signed checkpoints, imported into an empty store', () => {
  it('reproduces every seq and every checkpoint byte for byte, each at the root the imported log has at its size', async () => {
    await importText(jsonl(recordedStream('first', 5, '2026-05-01T09:00:00.000Z')));
    now = Date.parse('2026-05-02T00:00:00.000Z');
    await parley.proofs!.checkpoints.sign();
    await importText(jsonl(recordedStream('second', 4, '2026-05-03T09:00:00.000Z')));
    now = Date.parse('2026-05-04T00:00:00.000Z');
    await parley.proofs!.checkpoints.sign();
    now = Date.parse('2026-05-04T00:01:00.000Z');
    await parley.proofs!.checkpoints.sign(); // a second one of the same size
    await importText(jsonl(recordedStream('third', 2, '2026-05-05T09:00:00.000Z')));
    const file = await exported(store);
    expect(file.split('\n').filter((line) => line.startsWith('{"checkpoint":'))).toHaveLength(3);

    const targetStore = new SqliteEventStore(join(temp.dir, 'target.db'));
    try {
      const target = createParley({ store: targetStore, now: () => Date.parse('2026-07-01T00:00:00.000Z') });
      const result = await importEvents(target, textLines('export.jsonl', file), { recordedBy: 'mover' });
      expect(result).toMatchObject({ imported: 11, skipped: 0, checkpoints: 3, checkpointsPassedOver: 0 });

      const seqs = async (from: SqliteEventStore) => (await from.readAll(0, 100)).map((event) => [event.id, event.seq]);
      expect(await seqs(targetStore)).toEqual(await seqs(store));
      expect(await exported(targetStore)).toBe(file);
      const checkpoints = await targetStore.proofs!.checkpoints();
      expect(checkpoints).toEqual(await store.proofs!.checkpoints());
      for (const checkpoint of checkpoints) expect(await target.proofs!.log.root(checkpoint.size)).toBe(checkpoint.root);

      // Again: every event and every checkpoint is already there.
      expect(await importEvents(target, textLines('export.jsonl', file), { recordedBy: 'mover' })).toMatchObject({ imported: 0, skipped: 11, checkpoints: 0 });
      expect(await targetStore.proofs!.checkpoints()).toHaveLength(3);
    } finally {
      await targetStore.close();
    }
  });
});

describe('an export whose checkpoint line was doctored', () => {
  const doctor = async (change: (checkpoint: Record<string, unknown>) => void) => {
    await importText(jsonl(recordedStream('doctored', 3, '2026-05-01T09:00:00.000Z')));
    now = Date.parse('2026-05-02T00:00:00.000Z');
    await parley.proofs!.checkpoints.sign();
    const lines = (await exported(store)).trimEnd().split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"checkpoint":'));
    const parsed = JSON.parse(lines[at]!) as { checkpoint: Record<string, unknown> };
    change(parsed.checkpoint);
    lines[at] = JSON.stringify(parsed);
    return { text: `${lines.join('\n')}\n`, line: at + 1 };
  };
  const importIntoEmpty = async (text: string) => {
    const targetStore = new SqliteEventStore(join(temp.dir, 'target.db'));
    try {
      const target = createParley({ store: targetStore });
      const error = await importEvents(target, textLines('export.jsonl', text), { recordedBy: 'mover' }).then(() => undefined, (e: unknown) => e);
      return { error: error as ImportRejectedError, events: await targetStore.lastPosition(), checkpoints: await targetStore.proofs!.checkpoints() };
    } finally {
      await targetStore.close();
    }
  };

  it('is refused when its root is not the imported log\'s, naming the line, with nothing written', async () => {
    const { text, line } = await doctor((checkpoint) => {
      checkpoint.root = 'ab'.repeat(32);
    });
    const { error, events, checkpoints } = await importIntoEmpty(text);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.errors).toEqual([{ path: `line ${line}`, message: expect.stringMatching(/^checkpoint\.root is "abab.*but its note says/) }]);
    expect(events).toBe(0);
    expect(checkpoints).toEqual([]);
  });

  it('is refused when its note says the same but was signed over another root, naming the line, with nothing written', async () => {
    const { text, line } = await doctor((checkpoint) => {
      const root = 'cd'.repeat(32);
      const { size, time, streamsRoot } = checkpoint as { size: number; time: string; streamsRoot: string };
      checkpoint.root = root;
      checkpoint.note = signCheckpoint({ origin: signer.origin, size, root, time, streamsRoot }, signer.key);
    });
    const { error, events, checkpoints } = await importIntoEmpty(text);
    expect(error.errors).toEqual([{ path: `line ${line}`, message: expect.stringMatching(/^checkpoint root cdcd[0-9a-f]* is not the root of the 3 events before it/) }]);
    expect(events).toBe(0);
    expect(checkpoints).toEqual([]);
  });

  it('is refused where the log does not have its size, in an empty store', async () => {
    const { text, line } = await doctor(() => undefined);
    const lines = text.trimEnd().split('\n');
    const [checkpointLine] = lines.splice(line - 1, 1);
    lines.splice(1, 0, checkpointLine!);
    const { error, events } = await importIntoEmpty(`${lines.join('\n')}\n`);
    expect(error.errors).toEqual([{ path: 'line 2', message: expect.stringContaining('checkpoint of size 3, but the log holds 1 event at this line') }]);
    expect(events).toBe(0);
  });
});

describe('an export with signed checkpoints, merged into a store holding other events', () => {
  it('imports its events and passes over its checkpoints, which describe another log', async () => {
    await importText(jsonl(recordedStream('here', 2, '2026-05-01T09:00:00.000Z')));
    const otherStore = new SqliteEventStore(join(temp.dir, 'other.db'));
    try {
      const other = createParley({ store: otherStore, now: () => Date.parse('2026-05-03T00:00:00.000Z'), signer });
      await importEvents(other, textLines('a.jsonl', jsonl(recordedStream('there', 3, '2026-05-02T09:00:00.000Z'))), { recordedBy: 'x' });
      await other.proofs!.checkpoints.sign();
      const result = await importText(await exported(otherStore));
      expect(result).toMatchObject({ imported: 3, checkpoints: 0, checkpointsPassedOver: 1 });
      expect(await store.proofs!.checkpoints()).toEqual([]);
    } finally {
      await otherStore.close();
    }
  });
});

describe('a checkpoint line that is not one', () => {
  it('is refused, naming the line and what is wrong', async () => {
    const error = await rejection(importText(`${JSON.stringify({ checkpoint: { size: 1, root: 'ab'.repeat(32) }, seq: 0 })}\n`));
    expect(error.errors).toEqual([{ path: 'line 1', message: expect.stringMatching(/streamsRoot|note|seq/) }]);
    const noNote = await rejection(importText(`${JSON.stringify({ checkpoint: { size: 0, root: 'ab'.repeat(32), streamsRoot: 'ab'.repeat(32), time: '2026-05-01T00:00:00.000Z', note: 'not a note' } })}\n`));
    expect(noNote.errors).toEqual([{ path: 'line 1', message: expect.stringMatching(/^checkpoint\.note is not a signed checkpoint/) }]);
  });
});
