import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';

/** A real SQLite store in a fresh temp dir; `dispose` closes it and removes the dir. */
export function tempSqliteStore(): { store: SqliteEventStore; path: string; dispose: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const path = join(dir, 'parley.db');
  const store = new SqliteEventStore(path);
  return {
    store,
    path,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
