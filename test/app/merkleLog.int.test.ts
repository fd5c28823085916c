import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MerkleLog } from '../../src/app/merkleLog.js';
import { leafHash, merkleTreeHash } from '../../src/audit/merkleHash.js';
import { verifyConsistency, verifyInclusion } from '../../src/audit/proofVerification.js';
import { DamagedLogError } from '../../src/errors.js';
import { NO_STREAM, type RecordedEvent } from '../../src/events/recordedEvent.js';
import type { EventStore } from '../../src/store/eventStore.js';
import { readAllFrom } from '../../src/store/eventStore.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { following, meeting, negotiationId, newStream } from '../store/eventChain.js';
import { freshDatabase } from '../store/postgresTarget.js';

const adminUrl = process.env.PARLEY_TEST_POSTGRES_URL;
if (!adminUrl) console.warn('skipping the PostgreSQL Merkle log tests: PARLEY_TEST_POSTGRES_URL is not set');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqliteStore(): Promise<{ store: SqliteEventStore; path: string }> {
  const temp = tempDir('merkle-log');
  const path = join(temp.dir, 'parley.db');
  const store = new SqliteEventStore(path);
  cleanups.push(() => temp.remove(), () => store.close());
  return { store, path };
}

/** Streams of several lengths, appended in turns, in batches: leaves of many streams interleave. */
async function appendTurns(store: EventStore, streams = 5, turns = 4): Promise<void> {
  const heads = new Map<string, ReturnType<typeof newStream>>();
  for (let turn = 0; turn < turns; turn++) {
    for (let s = 0; s < streams; s++) {
      const id = negotiationId(`turns-${s}`);
      const head = heads.get(id);
      const events = head ? following(head, Array.from({ length: 1 + ((s + turn) % 3) }, (_, i) => meeting(turn * 10 + i))) : newStream(`${id}`, s % 2);
      const expected = head ? head[head.length - 1]!.revision : NO_STREAM;
      await store.append(head ? id : events[0]!.negotiationId, expected, events);
      heads.set(head ? id : events[0]!.negotiationId, events);
    }
  }
}

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of readAllFrom(store)) all.push(event);
  return all.sort((a, b) => a.seq! - b.seq!);
}

const leafOf = (event: RecordedEvent) => leafHash(Buffer.from(event.hash, 'utf8'));

function describeMerkleLog(name: string, open: () => Promise<EventStore | undefined>) {
  describe(`the Merkle log on ${name}`, () => {
    it('has, at every size, the RFC 9162 root of the events in seq order, and proofs that verify against it', async (context) => {
      const store = await open();
      if (!store) return context.skip();
      await appendTurns(store);
      const events = await allEvents(store);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
      const log = new MerkleLog(store.proofs!);
      expect(await log.grow()).toBe(events.length);
      const leaves = events.map(leafOf);
      for (let size = 1; size <= events.length; size++) {
        expect(await log.root(size)).toBe(merkleTreeHash(events.slice(0, size).map((e) => Buffer.from(e.hash, 'utf8'))).toString('hex'));
      }
      const size = events.length;
      const root = await log.root(size);
      for (let seq = 0; seq < size; seq += 3) {
        const proof = await log.inclusion(seq, size);
        expect(proof.leaf).toBe(leaves[seq]!.toString('hex'));
        expect(verifyInclusion({ index: seq, size, leafHash: proof.leaf, path: proof.path, root }).ok).toBe(true);
      }
      for (const from of [1, 2, 7, size - 1, size]) {
        const proof = await log.consistency(from, size);
        expect(verifyConsistency({ from, to: size, fromRoot: await log.root(from), toRoot: root, path: proof.path }).ok).toBe(true);
      }
    });

    it('keeps checkpoints in the order signed, and finds the newest signed at or before an instant', async (context) => {
      const store = await open();
      if (!store) return context.skip();
      const proofs = store.proofs!;
      const at = (size: number, time: string) => ({ size, root: 'a'.repeat(64), streamsRoot: 'b'.repeat(64), time, note: `note ${size}` });
      const kept = [at(1, '2026-05-01T10:00:00.000Z'), at(3, '2026-05-01T10:00:00.500Z'), at(7, '2026-05-02T09:00:00.000Z')];
      for (const checkpoint of kept) await proofs.saveCheckpoint(checkpoint);
      expect(await proofs.checkpoints()).toEqual(kept);
      expect(await proofs.newestCheckpoint()).toEqual(kept[2]);
      expect(await proofs.newestCheckpoint('2026-05-01T10:00:00.500Z')).toEqual(kept[1]);
      expect(await proofs.newestCheckpoint('2026-05-01T23:59:59.999Z')).toEqual(kept[1]);
      expect(await proofs.newestCheckpoint('2026-05-01T09:59:59.999Z')).toBeUndefined();
    });

    it('grows from where its stored nodes end, with the same root as built in one go', async (context) => {
      const store = await open();
      if (!store) return context.skip();
      const log = new MerkleLog(store.proofs!);
      const roots: string[] = [];
      for (let turn = 0; turn < 6; turn++) {
        const id = negotiationId(`grow-${turn}`);
        await store.append(id, NO_STREAM, newStream(id, turn));
        const size = await log.grow();
        roots.push(await log.root(size));
      }
      const events = await allEvents(store);
      expect(roots.at(-1)).toBe(merkleTreeHash(events.map((e) => Buffer.from(e.hash, 'utf8'))).toString('hex'));
      expect(await store.proofs!.treeSize()).toBe(events.length);
    });
  });
}

describeMerkleLog('SQLite', async () => (await sqliteStore()).store);

let pgDatabase: Promise<{ url: string; drop: () => Promise<void> }> | undefined;
afterAll(async () => {
  if (pgDatabase) await (await pgDatabase).drop();
});
async function postgresStore(fresh = false): Promise<PostgresEventStore | undefined> {
  if (!adminUrl) return undefined;
  const database = fresh ? freshDatabase(adminUrl) : (pgDatabase ??= freshDatabase(adminUrl));
  const { url, drop } = await database;
  const store = await PostgresEventStore.open(url);
  cleanups.push(() => store.close());
  if (fresh) cleanups.push(drop);
  return store;
}
describeMerkleLog('PostgreSQL', () => postgresStore(true));

describe('a SQLite store with an event taken out of the middle of its log', () => {
  it('refuses to grow the tree past the gap, naming the missing leaf', async () => {
    const { store, path } = await sqliteStore();
    await appendTurns(store, 3, 2);
    const events = await allEvents(store);
    const raw = new Database(path);
    raw.prepare('DELETE FROM events WHERE position = ?').run(events[4]!.position);
    raw.close();
    const error = await new MerkleLog(store.proofs!).grow().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedLogError);
    expect((error as Error).message).toMatch(/leaf 4 of the Merkle log is missing/);
  });
});

describe('two PostgreSQL stores appending to one database at once', () => {
  it('number every event once, densely, in position order, each stream\'s events in revision order, and build the same tree', async (context) => {
    if (!adminUrl) return context.skip();
    const { url, drop } = await freshDatabase(adminUrl);
    cleanups.push(drop);
    const [a, b] = await Promise.all([PostgresEventStore.open(url), PostgresEventStore.open(url)]);
    cleanups.push(() => a.close(), () => b.close());
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const store = i % 2 === 0 ? a : b;
        const id = negotiationId(`two-${i}`);
        const opened = newStream(id, 1);
        await store.append(id, NO_STREAM, opened);
        await store.append(id, 1, following(opened, [meeting(5), meeting(6)]));
      }),
    );
    const events = await allEvents(a);
    expect(events).toHaveLength(24 * 4);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    // Positions follow the same order: an export in position order numbers an empty store's leaves alike.
    expect([...events].sort((x, y) => x.position - y.position).map((event) => event.seq)).toEqual(events.map((_, index) => index));
    for (const stream of new Set(events.map((e) => e.negotiationId))) {
      const revisions = events.filter((e) => e.negotiationId === stream).map((e) => e.revision);
      expect(revisions).toEqual([0, 1, 2, 3]);
    }
    const [rootA, rootB] = await Promise.all([new MerkleLog(a.proofs).grow().then((size) => new MerkleLog(a.proofs).root(size)), new MerkleLog(b.proofs).grow().then((size) => new MerkleLog(b.proofs).root(size))]);
    expect(rootA).toBe(rootB);
    expect(rootA).toBe(merkleTreeHash(events.map((e) => Buffer.from(e.hash, 'utf8'))).toString('hex'));
  });
});
