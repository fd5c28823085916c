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
    expect(report).toMatchObject({ ok: true, checked: 32, negotiations: 2, broken: [] });
    expect(report.log).toMatchObject({ size: 32, checkpoints: 0, problems: [] });
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

/** Changes the SQLite file behind the store's back, as damage or tampering would. */
function alter(sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  db.prepare(sql).run(...params);
  db.close();
}

function rowOf(negotiationId: string, revision: number): { id: string; position: number } {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT id, position FROM events WHERE negotiation_id = ? AND revision = ?').get(negotiationId, revision) as never;
  } finally {
    db.close();
  }
}

describe('given a stream whose revision-0 row was deleted and a later row forged', () => {
  it('checks that stream too: reports the missing revision 0 and the forged row', async () => {
    await storeWith({ alpha: 3, beta: 25 });
    const first = rowOf('beta', 1);
    const forged = rowOf('beta', 17);
    alter("DELETE FROM events WHERE negotiation_id = 'beta' AND revision = 0");
    alter("UPDATE events SET body = json_set(body, '$.data.summary', 'forged') WHERE id = ?", forged.id);
    const store = new SqliteEventStore(path);
    const report = await verifyStore(store, { pageSize: 10 });
    await store.close();
    expect(report).toMatchObject({ ok: false, checked: 27, negotiations: 2 });
    expect(report.broken).toEqual([
      { negotiationId: 'beta', revision: 1, eventId: first.id, problem: 'missing-revision-0' },
      { negotiationId: 'beta', revision: 17, eventId: forged.id, problem: 'hash-mismatch' },
    ]);
  });
});

describe('given rows deleted in the middle of a stream spanning several pages', () => {
  it('reports the gap once and checks every remaining event exactly once', async () => {
    await storeWith({ alpha: 25 });
    const after = rowOf('alpha', 12);
    alter("DELETE FROM events WHERE negotiation_id = 'alpha' AND revision BETWEEN 9 AND 11");
    const store = new SqliteEventStore(path);
    const report = await verifyStore(store, { pageSize: 10 });
    await store.close();
    expect(report.checked).toBe(22);
    expect(report.broken).toEqual([{ negotiationId: 'alpha', revision: 12, eventId: after.id, problem: 'revision-gap' }]);
  });
});

describe('given a row whose body was cut short', () => {
  it('reports it by stream, revision, position and id, and goes on checking that stream and the others', async () => {
    await storeWith({ alpha: 25, beta: 7 });
    const damaged = rowOf('alpha', 4);
    const forged = rowOf('alpha', 20);
    alter('UPDATE events SET body = substr(body, 1, 40) WHERE id = ?', damaged.id);
    alter("UPDATE events SET body = json_set(body, '$.occurredAt', '2020') WHERE id = ?", forged.id);
    const store = new SqliteEventStore(path);
    const seen: string[] = [];
    const report = await verifyStore(store, { pageSize: 10, onStream: (id) => seen.push(id) });
    await store.close();
    expect(seen).toEqual(['alpha', 'beta']);
    expect(report).toMatchObject({ ok: false, checked: 32, negotiations: 2 });
    expect(report.broken).toEqual([
      { negotiationId: 'alpha', revision: 4, eventId: damaged.id, position: damaged.position, problem: 'unreadable' },
      { negotiationId: 'alpha', revision: 20, eventId: forged.id, problem: 'hash-mismatch' },
    ]);
  });
});
