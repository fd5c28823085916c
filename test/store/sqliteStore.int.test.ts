import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { NO_STREAM } from '../../src/events/recordedEvent.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempSqliteStore } from '../support/tempStore.js';
import { following, meeting, negotiationId, newStream } from './eventChain.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
  const store = new SqliteEventStore(join(dir, 'parley.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the last position of the SQLite store', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  beforeEach(() => {
    temp = tempSqliteStore();
  });
  afterEach(() => temp.dispose());

  it('is 0 for an empty store', async () => {
    expect(await temp.store.lastPosition()).toBe(0);
  });

  it('is the last position after any number of appends', async () => {
    const id = negotiationId('end-of-log');
    let recorded = await temp.store.append(id, NO_STREAM, newStream(id));
    expect(await temp.store.lastPosition()).toBe(1);
    for (const size of [1, 2, 5, 60, 300]) {
      recorded = await temp.store.append(id, recorded.at(-1)!.revision, following(recorded, Array.from({ length: size }, (_, i) => meeting(i))));
      const all = await temp.store.readAll(0, 10_000);
      expect(await temp.store.lastPosition()).toBe(all.at(-1)!.position);
    }
  });

  it('is found across gaps in the positions, as some stores leave them', async () => {
    const id = negotiationId('gaps');
    await temp.store.append(id, NO_STREAM, newStream(id, 199));
    const db = new Database(temp.path);
    db.prepare('DELETE FROM events WHERE position BETWEEN 2 AND 150 OR position BETWEEN 160 AND 199').run();
    db.close();
    expect(await temp.store.lastPosition()).toBe(200);
  });
});

describe('the SQLite store failing under its callers', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  beforeEach(() => {
    temp = tempSqliteStore();
  });
  afterEach(() => temp.dispose());

  it('answers StoreUnavailableError, with the driver\'s words, once its table is gone', async () => {
    const db = new Database(temp.path);
    db.exec('DROP TABLE events');
    db.close();
    const failure = await temp.store.listStreams().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as Error).message).toMatch(/^SQLite store unavailable while listing streams: .*no such table/);
  });

  it('answers StoreUnavailableError for reads and appends once closed', async () => {
    await temp.store.close();
    const id = negotiationId('closed');
    await expect(temp.store.head(id)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(temp.store.lastPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(temp.store.append(id, NO_STREAM, newStream(id))).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
