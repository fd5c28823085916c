import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvents } from '../../src/app/exportEvents.js';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley } from '../../src/app/parley.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { jsonl, recordedStream } from '../cli/fixtures/eventLog.js';
import { opened } from '../support/inputs.js';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';

const JSON_LINES = { 'Content-Type': 'application/x-ndjson' };

describe('POST /admin/import of a recorded event dated before its stream\'s last', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 400 naming the line, and the store is unchanged', async () => {
    expect((await server.post('/negotiations/known-talks/events', { ...opened(), id: randomUUID() })).status).toBe(201);
    const [head] = (await server.parley.store.readStream('known-talks')) as RecordedEvent[];
    const content = {
      id: randomUUID(),
      type: 'MeetingHeld',
      negotiationId: 'known-talks',
      revision: 1,
      occurredAt: '2026-01-10',
      recordedAt: '2026-01-15T09:00:00.000Z',
      recordedBy: 'reader',
      data: { format: 'virtual' },
    } as const;
    const line = { ...content, hash: chainHash(head!.hash, content) };
    const stored = await fingerprint(server.store);

    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: JSON_LINES, body: jsonl([line]) });

    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([
      {
        path: 'line 1',
        message: `recordedAt 2026-01-15T09:00:00.000Z is before the stream's last event (${head!.recordedAt}): an import cannot add to what the store already knew then`,
      },
    ]);
    expect(await fingerprint(server.store)).toEqual(stored);
  });
});

describe('POST /admin/import of an export with signed checkpoints, into an empty store', () => {
  let server: TestServer;
  let dir: string;
  let file = '';
  let checkpoints: unknown[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'parley-export-'));
    const source = new SqliteEventStore(join(dir, 'source.db'));
    let now = Date.parse('2026-05-01T00:00:00.000Z');
    const parley = createParley({ store: source, now: () => now, signer: { key: generateNoteSigningKey('parley.test/log'), origin: 'parley.test/log' } });
    await importEvents(parley, textLines('a.jsonl', jsonl(recordedStream('signed-talks', 4, '2026-04-01T09:00:00.000Z', 'reader'))), { recordedBy: 'x' });
    await parley.proofs!.checkpoints.sign();
    now = Date.parse('2026-05-02T00:00:00.000Z');
    await importEvents(parley, textLines('b.jsonl', jsonl(recordedStream('later-talks', 2, '2026-05-01T09:00:00.000Z', 'reader'))), { recordedBy: 'x' });
    await parley.proofs!.checkpoints.sign();
    for await (const line of exportEvents(source)) file += line;
    checkpoints = await source.proofs!.checkpoints();
    await source.close();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every checkpoint as it was signed, and keeps each event\'s recordedBy', async () => {
    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: JSON_LINES, body: file });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imported: 6, skipped: 0, checkpoints: 2 });
    expect(await server.store.proofs!.checkpoints()).toEqual(checkpoints);
    const events = await server.store.readStream('signed-talks');
    expect(events.map((event) => event.recordedBy)).toEqual(['reader', 'reader', 'reader', 'reader']);
  });
});
