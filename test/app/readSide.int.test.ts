import { afterEach, describe, expect, it } from 'vitest';
import { resolveCut } from '../../src/app/cut.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import type { NegotiationQueries } from '../../src/app/queries.js';
import type { ReadWait } from '../../src/app/readSide.js';
import type { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { opened } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

// A second SQLite store stands in for a hot standby here: the test copies the primary's log
// into it up to a position, as replay would (test/deploy/standby.int.test.ts runs real PostgreSQL).

const disposals: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (disposals.length > 0) await disposals.pop()!();
});

function store(): SqliteEventStore {
  const made = tempSqliteStore();
  disposals.push(made.dispose);
  return made.store;
}

/** Copies the primary's events after what the standby holds, up to `position`, keeping their order and positions. */
async function replay(primary: SqliteEventStore, standby: SqliteEventStore, position: number): Promise<void> {
  for (const { position: at, ...event } of await primary.readAll(await standby.lastPosition(), 1_000)) {
    if (at > position) return;
    await standby.append(event.negotiationId, event.revision - 1, [event]);
  }
}

function parleyOver(wait: Partial<ReadWait>): { parley: Parley; primary: SqliteEventStore; standby: SqliteEventStore } {
  const primary = store();
  const standby = store();
  return { parley: createParley({ store: primary, readStore: standby, readWait: wait }), primary, standby };
}

async function open(parley: Parley, negotiationId: string): Promise<number> {
  return (await parley.append({ negotiationId, inputs: [opened()], recordedBy: 'rita' })).position;
}

async function listed(queries: NegotiationQueries): Promise<string[]> {
  return (await queries.list(resolveCut(undefined, undefined, Date.now()).cut)).map((summary) => summary.id);
}

describe('reads of a Parley with a read store that is one append behind', () => {
  it('are answered by the read store when they name no position, or one it has replayed', async () => {
    const { parley, primary, standby } = parleyOver({ pollMs: 5, timeoutMs: 100 });
    const first = await open(parley, 'alpha');
    await replay(primary, standby, first);
    await open(parley, 'beta');

    expect(await listed(await parley.readQueries())).toEqual(['alpha']);
    expect(await listed(await parley.readQueries(first))).toEqual(['alpha']);
    expect(await listed(await parley.readQueries(0))).toEqual(['alpha']);
  });

  it('are answered by the primary when they name a position the read store does not replay within the wait', async () => {
    const { parley, primary, standby } = parleyOver({ pollMs: 5, timeoutMs: 100 });
    await replay(primary, standby, await open(parley, 'alpha'));
    const second = await open(parley, 'beta');

    const queries = await parley.readQueries(second);
    expect(queries).toBe(parley.queries);
    expect(await listed(queries)).toEqual(['alpha', 'beta']);
  });

  it('are answered by the read store once it replays the position named during the wait', async () => {
    const { parley, primary, standby } = parleyOver({ pollMs: 5, timeoutMs: 60_000 });
    await open(parley, 'alpha');
    const second = await open(parley, 'beta');
    const waiting = parley.readQueries(second);
    await open(parley, 'gamma'); // on the primary only: an answer that lists it is not the read store's
    await replay(primary, standby, second);

    expect(await listed(await waiting)).toEqual(['alpha', 'beta']);
  });

  it('are answered by the primary when the read store cannot be read', async () => {
    const { parley, standby } = parleyOver({ pollMs: 5, timeoutMs: 60_000 });
    const first = await open(parley, 'alpha');
    await standby.close();

    expect(await parley.readQueries(first)).toBe(parley.queries);
  });
});

describe('reads of a Parley without a read store', () => {
  it('are answered by the primary at once, whatever position they name', async () => {
    const parley = createParley({ store: store(), readWait: { pollMs: 5, timeoutMs: 60_000 } });
    await open(parley, 'alpha');

    expect(await parley.readQueries()).toBe(parley.queries);
    expect(await parley.readQueries(Number.MAX_SAFE_INTEGER)).toBe(parley.queries);
  });
});
