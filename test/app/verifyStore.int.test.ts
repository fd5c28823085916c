import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStore } from '../../src/app/verifyStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { recordedStream } from '../cli/fixtures/eventLog.js';

let temp: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  temp = tempDir('verify-service');
  path = join(temp.dir, 'parley.db');
});
afterEach(() => temp.remove());

async function storeWith(streams: Record<string, number>): Promise<void> {
  const store = new SqliteEventStore(path);
  for (const [id, length] of Object.entries(streams)) await store.append(id, -1, recordedStream(id, length));
  await store.close();
}

describe('given intact streams spanning several pages', () => {
  it('checks every event of every stream and finds no break', async () => {
    await storeWith({ alpha: 25, beta: 7 });
    const store = new SqliteEventStore(path);
    const seen: string[] = [];
    const report = await verifyStore(store, { pageSize: 10, onStream: (id) => seen.push(id) });
    await store.close();
    expect(report).toEqual({ ok: true, checked: 32, negotiations: 2, broken: [] });
    expect(seen).toEqual(['alpha', 'beta']);
  });
});

describe('given one event altered in the SQLite file', () => {
  it('reports that event once, by stream, revision and id', async () => {
    await storeWith({ alpha: 25 });
    const db = new Database(path);
    const row = db.prepare("SELECT id FROM events WHERE negotiation_id = 'alpha' AND revision = 13").get() as { id: string };
    db.prepare("UPDATE events SET body = json_set(body, '$.occurredAt', '2020') WHERE id = ?").run(row.id);
    db.close();
    const store = new SqliteEventStore(path);
    const report = await verifyStore(store, { pageSize: 10 });
    await store.close();
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ negotiationId: 'alpha', revision: 13, eventId: row.id, problem: 'hash-mismatch' }]);
  });
});
