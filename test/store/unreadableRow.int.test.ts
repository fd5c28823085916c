import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UnreadableEventError } from '../../src/errors.js';
import { type EventStore } from '../../src/store/eventStore.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { tempSqliteStore } from '../support/tempStore.js';
import { negotiationId, newStream } from './eventChain.js';
import { freshDatabase, postgresTarget, withAdmin, type PostgresTarget } from './postgresTarget.js';
import { NO_STREAM } from '../../src/events/recordedEvent.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

let target: Promise<PostgresTarget> | undefined;
afterAll(async () => {
  const resolved = await target;
  if (resolved && 'stop' in resolved) await resolved.stop();
});

/** A stream of five events whose revision 2 is then damaged by `damage`; its recorded events. */
async function streamWithDamage(store: EventStore, damage: (position: number) => Promise<void>) {
  const id = negotiationId('damaged');
  const recorded = await store.append(id, NO_STREAM, newStream(id, 4));
  await damage(recorded[2]!.position);
  return { id, recorded, damaged: recorded[2]! };
}

/** What every store does with a row it cannot read back, whatever made it unreadable. */
async function expectUnreadableRowHandled(store: EventStore, { id, recorded, damaged }: Awaited<ReturnType<typeof streamWithDamage>>) {
  const columns = { negotiationId: id, revision: 2, position: damaged.position, id: damaged.id };

  // The ordinary reads refuse it, naming it by its columns
  for (const read of [() => store.readStream(id), () => store.readAll(recorded[0]!.position - 1, 10), () => store.findEvents([damaged.id])]) {
    const error = await read().then(
      () => expect.fail('expected the read to fail'),
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(UnreadableEventError);
    expect((error as UnreadableEventError).row).toEqual(columns);
    expect((error as UnreadableEventError).message).toContain(`negotiation ${id}, revision 2 (position ${damaged.position}`);
  }
  // but the rows before and after it still read
  expect(await store.readStream(id, 0, 2)).toStrictEqual(recorded.slice(0, 2));
  expect(await store.readStream(id, 3)).toStrictEqual(recorded.slice(3));

  // The row reads give it as unreadable, with its stored hash, and the others as events
  const rows = await store.readStreamRows(id, 0, 10);
  expect(rows.map((row) => (row.event ? 'event' : 'unreadable'))).toEqual(['event', 'event', 'unreadable', 'event', 'event']);
  expect(rows[2]).toMatchObject({ ...columns, hash: damaged.hash });
  expect(rows[2]!.unreadable!.row).toEqual(columns);
  const all = await store.readAllRows(recorded[0]!.position - 1, 10);
  expect(all.map((row) => row.position)).toEqual(recorded.map((event) => event.position));
  expect(all[2]!.unreadable).toBeInstanceOf(UnreadableEventError);

  // and the store remembers it
  expect(store.unreadable.list().map((error) => error.row)).toEqual([columns]);
}

describe('a SQLite row whose body was cut short', () => {
  it('is refused by reads with its stream, revision and position, and read as unreadable by the row reads', async () => {
    const temp = tempSqliteStore();
    cleanups.push(temp.dispose);
    const damaged = await streamWithDamage(temp.store, async (position) => {
      const db = new Database(temp.path);
      db.prepare('UPDATE events SET body = substr(body, 1, 40) WHERE position = ?').run(position);
      db.close();
    });
    await expectUnreadableRowHandled(temp.store, damaged);
  });
});

describe('a SQLite row whose body is JSON but not an event', () => {
  it('is unreadable too', async () => {
    const temp = tempSqliteStore();
    cleanups.push(temp.dispose);
    const damaged = await streamWithDamage(temp.store, async (position) => {
      const db = new Database(temp.path);
      db.prepare("UPDATE events SET body = '[1, 2]' WHERE position = ?").run(position);
      db.close();
    });
    await expectUnreadableRowHandled(temp.store, damaged);
  });
});

describe('a PostgreSQL row whose body is JSON but not an event', () => {
  it('is refused by reads with its stream, revision and position, and read as unreadable by the row reads; text cut short is refused by the json column itself', async (context) => {
    const resolved = await (target ??= postgresTarget());
    if ('skip' in resolved) return context.skip(resolved.skip);
    const database = await freshDatabase(resolved.adminUrl);
    cleanups.push(database.drop);
    const store = await PostgresEventStore.open(database.url);
    cleanups.push(() => store.close());
    const damaged = await streamWithDamage(store, async (position) => {
      await withAdmin(database.url, async (client) => {
        await expect(client.query('UPDATE parley_events SET body = left(body::text, 40)::json WHERE position = $1', [position])).rejects.toThrow(/json/i);
        await client.query(`UPDATE parley_events SET body = '{"truncated": true}' WHERE position = $1`, [position]);
      });
    });
    await expectUnreadableRowHandled(store, damaged);
  });
});
