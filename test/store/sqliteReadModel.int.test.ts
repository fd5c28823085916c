import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { describeReadModelContract } from './readModelContract.js';

// The same cases as the PostgreSQL read model's, on a fresh SQLite file each.
describeReadModelContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-read-model-'));
  const store = new SqliteEventStore(join(dir, 'parley.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
