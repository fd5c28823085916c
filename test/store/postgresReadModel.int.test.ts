import { afterAll, describe, expect, it } from 'vitest';
import { NO_STREAM } from '../../src/events/recordedEvent.js';
import { SCHEMA_VERSION } from '../../src/store/postgresSchema.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { MAX_MS, type ReadChange } from '../../src/store/readModel.js';
import { following, meeting, negotiationId, newStream } from './eventChain.js';
import { freshDatabase, withAdmin } from './postgresTarget.js';
import { day, describeReadModelContract, learned, summary } from './readModelContract.js';

const adminUrl = process.env.PARLEY_TEST_POSTGRES_URL;
const SKIP = 'PARLEY_TEST_POSTGRES_URL is not set';
if (!adminUrl) console.warn(`skipping the PostgreSQL read model tests: ${SKIP}`);

/** One database for the whole file, made on first use; each contract test starts from empty tables. */
let database: Promise<{ url: string; drop: () => Promise<void> }> | undefined;
let shared: PostgresEventStore | undefined;
const opened: PostgresEventStore[] = [];

const databaseUrl = async (): Promise<string> => (await (database ??= freshDatabase(adminUrl!))).url;

async function open(): Promise<PostgresEventStore> {
  const store = await PostgresEventStore.open(await databaseUrl());
  opened.push(store);
  return store;
}

async function sql<R>(text: string): Promise<R[]> {
  return withAdmin(await databaseUrl(), async (client) => (await client.query(text)).rows as R[]);
}

afterAll(async () => {
  for (const store of opened) await store.close();
  if (database) await (await database).drop();
});

describeReadModelContract('PostgreSQL', async () => {
  if (!adminUrl) return { skip: SKIP };
  shared ??= await open();
  await sql('TRUNCATE parley_events, parley_read_rows, parley_read_orgs, parley_read_names, parley_read_streams');
  return { store: shared, cleanup: async () => undefined };
});

describe.skipIf(!adminUrl)('the PostgreSQL read model on its own', () => {
  describe('a supersession at the transaction time its rows were written at', () => {
    it('deletes them rather than leaving rows that never were visible', async () => {
      const store = await open();
      const id = negotiationId('never-visible');
      const change = (recordedAt: number, from: number, label: string, after: number, streamNo: number, revision: number): ReadChange => ({
        negotiationId: id,
        streamNo,
        recordedAt,
        supersede: [{ family: 'summary', from }],
        rows: [summary(label, from, MAX_MS, { orgs: ['openai'] })],
        revision,
        after,
        span: { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null },
      });
      const recorded = await store.append(id, NO_STREAM, newStream(id, 2));
      const streamNo = recorded[0]!.position;
      await store.readModel.applyChanges([
        change(learned(1), day(1), 'opened', -1, streamNo, 0),
        change(learned(1), day(5), 'met', 0, streamNo, 1),
        change(learned(2), day(9), 'agreed', 1, streamNo, 2),
      ]);
      const rows = await sql<{ body: string; valid_from: string; valid_to: string; rec_from: string; rec_to: string }>(
        `SELECT body, valid_from, valid_to, rec_from, rec_to FROM parley_read_rows WHERE negotiation_id = '${id}' ORDER BY id`,
      );
      expect(rows.map((row) => [row.body, Number(row.valid_from), Number(row.valid_to), Number(row.rec_from), Number(row.rec_to)])).toEqual([
        ['opened', day(1), day(5), learned(1), MAX_MS],
        ['met', day(5), MAX_MS, learned(1), learned(2)],
        ['met', day(5), day(9), learned(2), MAX_MS],
        ['agreed', day(9), MAX_MS, learned(2), MAX_MS],
      ]);
      const orgs = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM parley_read_orgs o JOIN parley_read_rows r ON r.id = o.row_id WHERE r.negotiation_id = '${id}'`,
      );
      expect(Number(orgs[0]!.n)).toBe(4);
    });
  });

  describe('two Parley processes applying the same change at once', () => {
    it('apply it once', async () => {
      const [a, b] = [await open(), await open()];
      const id = negotiationId('twice');
      const recorded = await a.append(id, NO_STREAM, newStream(id));
      const change: ReadChange = {
        negotiationId: id,
        streamNo: recorded[0]!.position,
        recordedAt: learned(1),
        supersede: [{ family: 'summary', from: day(1) }],
        rows: [summary('once', day(1), MAX_MS)],
        revision: 0,
        after: -1,
        span: { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null },
      };
      await Promise.all([a.readModel.applyChanges([change]), b.readModel.applyChanges([change])]);
      const rows = await sql<{ n: string }>(`SELECT count(*) AS n FROM parley_read_rows WHERE negotiation_id = '${id}'`);
      expect(Number(rows[0]!.n)).toBe(1);
      expect((await b.readModel.behind()).map((stream) => stream.negotiationId)).not.toContain(id);
    });
  });

  describe('two Parley processes appending to one stream at once, each with its change', () => {
    it('keep only the winner’s rows: the loser’s change goes with its events', async () => {
      const [a, b] = [await open(), await open()];
      const id = negotiationId('race');
      const opened = await a.append(id, NO_STREAM, newStream(id));
      const project = (label: string) => (events: readonly { position: number; revision: number }[]): ReadChange => ({
        negotiationId: id,
        streamNo: opened[0]!.position,
        recordedAt: learned(2),
        supersede: [],
        rows: [summary(label, day(1), MAX_MS)],
        revision: events[events.length - 1]!.revision,
        after: -1,
        span: { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null },
      });
      const outcomes = await Promise.allSettled([
        a.append(id, 0, following(opened, [meeting(1)]), project('from a')),
        b.append(id, 0, following(opened, [meeting(2)]), project('from b')),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = outcomes[0]!.status === 'fulfilled' ? 'from a' : 'from b';
      const found = await b.readModel.summaries({ asOf: day(2), knownAt: learned(3) }, { limit: 5 });
      expect(found.filter((row) => row.negotiationId === id).map((row) => row.body)).toEqual([winner]);
      expect((await a.readModel.behind()).map((stream) => stream.negotiationId)).not.toContain(id);
    });
  });

  describe('a store of schema version 1', () => {
    it('is migrated with every stored stream behind the read model, in stream order', async () => {
      const { url, drop } = await freshDatabase(adminUrl!);
      try {
        const [first, second] = [negotiationId('old-a'), negotiationId('old-b')];
        const before = await PostgresEventStore.open(url);
        await before.append(first, NO_STREAM, newStream(first, 2));
        await before.append(second, NO_STREAM, newStream(second));
        await before.close();
        // What version 1 had: the events alone.
        await withAdmin(url, (client) =>
          client.query(`DROP TABLE parley_read_orgs, parley_read_names, parley_read_streams, parley_read_rows;
            DROP TABLE parley_log, parley_log_heads, parley_tree_nodes, parley_tree_size, parley_checkpoints;
            ALTER TABLE parley_events DROP COLUMN seq;
            UPDATE parley_meta SET value = '1' WHERE key = 'schema_version'`),
        );
        const after = await PostgresEventStore.open(url);
        try {
          expect(await after.readModel.behind()).toEqual([
            { negotiationId: first, revision: -1 },
            { negotiationId: second, revision: -1 },
          ]);
          // The Merkle log numbers the events stored before in position order, and goes on from there.
          expect((await after.proofs.leaves(0, 10)).map((leaf) => `${leaf.seq}:${leaf.negotiationId}/${leaf.revision}`)).toEqual([
            `0:${first}/0`, `1:${first}/1`, `2:${first}/2`, `3:${second}/0`,
          ]);
          expect(await after.proofs.logSize()).toBe(4);
          expect(await after.proofs.streamHeadsAt(4)).toEqual([
            { negotiationId: first, revision: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
            { negotiationId: second, revision: 0, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
          ]);
          const version = await withAdmin(url, (client) => client.query("SELECT value FROM parley_meta WHERE key = 'schema_version'"));
          expect(version.rows).toEqual([{ value: String(SCHEMA_VERSION) }]);
          const heads = await withAdmin(url, (client) => client.query('SELECT negotiation_id, covered, head FROM parley_read_streams ORDER BY stream_no'));
          expect(heads.rows).toEqual([
            { negotiation_id: first, covered: -1, head: 2 },
            { negotiation_id: second, covered: -1, head: 0 },
          ]);
          expect(await after.readModel.summaries({ asOf: day(10), knownAt: learned(10) }, { limit: 5 })).toEqual([]);
        } finally {
          await after.close();
        }
      } finally {
        await drop();
      }
    });
  });
});
