import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import type { EventInput } from '../../src/events/eventInput.js';
import { accessGranted, offerMade, opened } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

const DAY = 86_400_000;
const ITEMS = 60;
/** A cut after everything, as known now. */
const NOW = Date.parse('2026-12-01');

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

describe('a negotiation whose grants or offers are appended one at a time, each dated after the last', () => {
  let temp: ReturnType<typeof tempSqliteStore> | undefined;
  afterEach(async () => {
    await temp?.dispose();
  });

  /** A negotiation opened on 1 January, then 60 items, one a day from 2 January, each in its own append. */
  async function negotiationWith(item: (i: number, day: string) => EventInput) {
    temp = tempSqliteStore();
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const parley = createParley({ store: temp.store, now: () => (clock += 1_000) });
    await parley.append({ negotiationId: 'n', inputs: [opened({ occurredAt: '2026-01-01' })], recordedBy: 'test' });
    for (let i = 0; i < ITEMS; i++) {
      const day = new Date(Date.parse('2026-01-02') + i * DAY).toISOString().slice(0, 10);
      await parley.append({ negotiationId: 'n', inputs: [item(i, day)], recordedBy: 'test' });
    }
    return { parley, path: temp.path, cut: () => ({ asOf: NOW, knownAt: clock }) };
  }

  it('adds a row or two per grant to the read tables: the earlier grants, unchanged, are not written again', async () => {
    // Given a negotiation with 60 grants, appended one a day
    const { parley, path, cut } = await negotiationWith((i, day) => accessGranted(`g-${i}`, { occurredAt: day }));
    // Then every grant is in the register, and the grant rows grow with the grants, not with their square
    expect(await parley.queries.access({}, cut())).toHaveLength(ITEMS);
    const counts = rowCounts(path);
    expect(counts.grant).toBeLessThanOrEqual(2 * ITEMS);
    expect(counts.summary).toBeLessThanOrEqual(3 * (ITEMS + 1));
    // And when a grant dated before all of them is recorded late, it comes first in the register and only its own grant row is added
    await parley.append({ negotiationId: 'n', inputs: [accessGranted('g-late', { occurredAt: '2026-01-01T12:00:00Z' })], recordedBy: 'test' });
    expect((await parley.queries.access({}, cut())).map((grant) => grant.grantId).slice(0, 2)).toEqual(['g-late', 'g-0']);
    expect(rowCounts(path).grant).toBe(counts.grant! + 1);
  });

  it('adds a row or two per offer, and an offer recorded late adds only its own', async () => {
    const { parley, path, cut } = await negotiationWith((i, day) => offerMade(`o-${i}`, { occurredAt: day }));
    const offers = rowCounts(path).offer!;
    expect(offers).toBeLessThanOrEqual(2 * ITEMS);
    await parley.append({ negotiationId: 'n', inputs: [offerMade('o-late', { occurredAt: '2026-01-01T12:00:00Z' })], recordedBy: 'test' });
    expect(rowCounts(path).offer).toBe(offers + 1);
    const [summary] = await parley.queries.list(cut());
    expect(summary!.openOfferList.map((offer) => offer.offerId).slice(0, 2)).toEqual(['o-late', 'o-0']);
  });
});
