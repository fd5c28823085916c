import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { accessGranted, opened } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

const DAY = 86_400_000;
const GRANTS = 60;

/** The read rows of each family a SQLite store holds, superseded ones included. */
function rowCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT family, count(*) AS n FROM read_rows GROUP BY family').all() as { family: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.family, row.n]));
  } finally {
    db.close();
  }
}

describe('a negotiation whose grants are appended one at a time, each dated after the last', () => {
  let temp: ReturnType<typeof tempSqliteStore> | undefined;
  afterEach(async () => {
    await temp?.dispose();
  });

  it('adds a row or two per grant to the read tables: the earlier grants, unchanged, are not written again', async () => {
    // Given a negotiation opened on 1 January
    temp = tempSqliteStore();
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const parley = createParley({ store: temp.store, now: () => (clock += 1_000) });
    await parley.append({ negotiationId: 'n', inputs: [opened({ occurredAt: '2026-01-01' })], recordedBy: 'test' });
    // When 60 grants are appended, one a day, each in its own append
    for (let i = 0; i < GRANTS; i++) {
      const day = new Date(Date.parse('2026-01-02') + i * DAY).toISOString().slice(0, 10);
      await parley.append({ negotiationId: 'n', inputs: [accessGranted(`g-${i}`, { occurredAt: day })], recordedBy: 'test' });
    }
    // Then every grant is in the register, and the grant rows grow with the grants, not with their square
    expect(await parley.queries.access({}, { asOf: Date.parse('2026-12-01'), knownAt: clock })).toHaveLength(GRANTS);
    const counts = rowCounts(temp.path);
    expect(counts.grant).toBeLessThanOrEqual(2 * GRANTS);
    expect(counts.summary).toBeLessThanOrEqual(3 * (GRANTS + 1));

    // And when a grant dated before all of them is recorded late, it comes first in the register and only its own grant rows are added
    await parley.append({ negotiationId: 'n', inputs: [accessGranted('g-late', { occurredAt: '2026-01-01T12:00:00Z' })], recordedBy: 'test' });
    const register = await parley.queries.access({}, { asOf: Date.parse('2026-12-01'), knownAt: clock });
    expect(register.map((grant) => grant.grantId).slice(0, 2)).toEqual(['g-late', 'g-0']);
    expect(rowCounts(temp.path).grant).toBe(counts.grant! + 1);
  });
});
