import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { verifyStore, type VerifyReport } from '../../src/app/verifyStore.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import { GENESIS_HASH } from '../../src/events/recordedEvent.js';
import type { EventStore } from '../../src/store/eventStore.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { recordedStream } from '../cli/fixtures/eventLog.js';
import { freshDatabase } from '../store/postgresTarget.js';

/** A store to tamper with behind its back, as someone with the database's files or its password would. */
interface Target {
  open(): Promise<EventStore>;
  /** Runs SQL with `?` placeholders (rewritten to `$n` for PostgreSQL). */
  exec(sql: string, ...params: unknown[]): Promise<void>;
  rows(negotiationId: string): Promise<{ id: string; revision: number; body: string }[]>;
  /** The events table's name. */
  readonly events: string;
  remove(): Promise<void>;
}

function sqliteTarget(): Target {
  const temp = tempDir('verify-log');
  const path = join(temp.dir, 'parley.db');
  const db = () => new Database(path);
  return {
    events: 'events',
    open: async () => new SqliteEventStore(path),
    exec: async (sql, ...params) => {
      const handle = db();
      handle.prepare(sql).run(...params);
      handle.close();
    },
    rows: async (negotiationId) => {
      const handle = db();
      const rows = handle.prepare('SELECT id, revision, body FROM events WHERE negotiation_id = ? ORDER BY revision').all(negotiationId) as never;
      handle.close();
      return rows;
    },
    remove: async () => temp.remove(),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const database = await freshDatabase(adminUrl);
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    events: 'parley_events',
    open: () => PostgresEventStore.open(database.url),
    exec: (sql, ...params) => withClient(async (client) => void (await client.query(numbered(sql), params))),
    rows: (negotiationId) =>
      withClient(async (client) => (await client.query('SELECT id, revision, body::text AS body FROM parley_events WHERE negotiation_id = $1 ORDER BY revision', [negotiationId])).rows),
    remove: () => database.drop(),
  };
}

const key = generateNoteSigningKey('parley/test');

/** Streams appended in this order, then a checkpoint of them all signed by `key`. */
async function loggedAndSigned(target: Target, streams: Record<string, number>): Promise<void> {
  const store = await target.open();
  try {
    for (const [id, length] of Object.entries(streams)) await store.append(id, -1, recordedStream(id, length));
    const parley = createParley({ store, signer: { key, origin: 'parley/test' }, now: () => Date.parse('2026-05-21T00:00:00.000Z') });
    await parley.proofs!.checkpoints.sign();
  } finally {
    await store.close();
  }
}

/** Verified with `publicKey` (default: the signer's), or with none given `null`. */
async function verified(target: Target, publicKey: Uint8Array | null = key.publicKey): Promise<VerifyReport> {
  const store = await target.open();
  try {
    return await verifyStore(store, { pageSize: 10, checkpointKey: publicKey ?? undefined });
  } finally {
    await store.close();
  }
}

const problemsOf = (report: VerifyReport) => report.log?.problems.map((p) => p.problem);

const targets: [string, () => Promise<Target | undefined>][] = [
  ['SQLite', async () => sqliteTarget()],
  ['PostgreSQL', async () => (process.env.PARLEY_TEST_POSTGRES_URL ? postgresTarget(process.env.PARLEY_TEST_POSTGRES_URL) : undefined)],
];

const opened: Target[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.remove();
});
afterAll(async () => {
  while (opened.length > 0) await opened.pop()!.remove();
});

for (const [name, make] of targets) {
  const available = name === 'SQLite' || process.env.PARLEY_TEST_POSTGRES_URL !== undefined;
  const target = async (): Promise<Target> => {
    const made = (await make())!;
    opened.push(made);
    return made;
  };

  describe.skipIf(!available)(`${name}: given a log of three streams and a checkpoint of it`, () => {
    it('recomputes the same log, finds the checkpoint consistent with it and its signature good', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5, gamma: 8 });
      const report = await verified(t);
      expect(report).toMatchObject({ ok: true, checked: 25, negotiations: 3, broken: [] });
      expect(report.log).toMatchObject({ size: 25, checkpoints: 1, signatures: 'checked', problems: [] });
      expect(report.log!.root).toMatch(/^[0-9a-f]{64}$/);
    });

    it('without the key, checks size and root and says the signatures went unchecked', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 3 });
      const report = await verified(t, null);
      expect(report.ok).toBe(true);
      expect(report.log).toMatchObject({ checkpoints: 1, signatures: 'unchecked', problems: [] });
    });

    it('the newest event of the log deleted: no chain breaks, but the checkpoint covers more events than the log holds', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5, gamma: 8 });
      await t.exec(`DELETE FROM ${t.events} WHERE negotiation_id = 'gamma' AND revision = 7`);
      const report = await verified(t);
      expect(report.broken).toEqual([]);
      expect(report.ok).toBe(false);
      expect(problemsOf(report)).toContain('checkpoint-beyond-log');
      const beyond = report.log!.problems.find((p) => p.problem === 'checkpoint-beyond-log')!;
      expect(beyond).toMatchObject({ size: 25, time: '2026-05-21T00:00:00.000Z' });
      expect(beyond.message).toMatch(/25 events.*holds 24/);
    });

    it("a stream's newest event deleted in the middle of the log: no chain breaks, but a seq gap and the checkpoint's root differ", async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5, gamma: 8 });
      await t.exec(`DELETE FROM ${t.events} WHERE negotiation_id = 'beta' AND revision = 4`);
      const report = await verified(t);
      expect(report.broken).toEqual([]);
      expect(report.ok).toBe(false);
      expect(report.log!.problems[0]).toMatchObject({ problem: 'seq-gap', seq: 16 });
      expect(problemsOf(report)).toContain('checkpoint-root-mismatch');
    });

    it('a whole stream deleted: no chain breaks, but the leaves it held are named missing and the checkpoint fails', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5, gamma: 8 });
      await t.exec(`DELETE FROM ${t.events} WHERE negotiation_id = 'beta'`);
      const report = await verified(t);
      expect(report).toMatchObject({ ok: false, negotiations: 2, broken: [] });
      expect(report.log!.problems[0]).toMatchObject({ problem: 'seq-gap', seq: 12 });
      expect(report.log!.problems[0]!.message).toMatch(/leaves 12–16 are missing/);
      expect(problemsOf(report)).toContain('checkpoint-root-mismatch');
    });

    it('a middle event deleted: the chain gap and the seq gap are both reported', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5 });
      await t.exec(`DELETE FROM ${t.events} WHERE negotiation_id = 'alpha' AND revision = 3`);
      const report = await verified(t);
      expect(report.ok).toBe(false);
      expect(report.broken.map((b) => b.problem)).toEqual(['revision-gap']);
      expect(report.log!.problems[0]).toMatchObject({ problem: 'seq-gap', seq: 3 });
    });

    it('an event edited and its chain recomputed after it: every chain verifies, but the checkpoint root does not', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 12, beta: 5 });
      let previous = GENESIS_HASH;
      for (const row of await t.rows('alpha')) {
        const event = JSON.parse(row.body) as Parameters<typeof chainHash>[1] & { hash: string };
        if (row.revision === 5) event.occurredAt = '2020-01-01';
        event.hash = chainHash(previous, event);
        previous = event.hash;
        await t.exec(`UPDATE ${t.events} SET body = ?, hash = ? WHERE id = ?`, JSON.stringify(event), event.hash, row.id);
      }
      const report = await verified(t);
      expect(report.broken).toEqual([]);
      expect(report.ok).toBe(false);
      expect(report.log!.problems).toEqual([expect.objectContaining({ problem: 'checkpoint-root-mismatch', size: 17 })]);
    });

    it('a checkpoint forged with another key: its signature is reported', async () => {
      const t = await target();
      await loggedAndSigned(t, { alpha: 3 });
      const store = await t.open();
      const other = generateNoteSigningKey('parley/test');
      await createParley({ store, signer: { key: other, origin: 'parley/test' } }).proofs!.checkpoints.sign();
      await store.close();
      const report = await verified(t);
      expect(report.ok).toBe(false);
      expect(report.log).toMatchObject({ checkpoints: 2, problems: [expect.objectContaining({ problem: 'checkpoint-bad-signature', size: 3 })] });
    });
  });
}
