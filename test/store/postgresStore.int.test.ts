import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { NO_STREAM, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { openStore } from '../../src/store/openStore.js';
import { ALLOCATE_POSITIONS_SQL, INSERT_EVENTS_SQL, SCHEMA_VERSION } from '../../src/store/postgresSchema.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { following, meeting, negotiationId, newStream } from './eventChain.js';
import { freshDatabase, postgresTarget, withAdmin, type PostgresTarget } from './postgresTarget.js';
import { describeStoreContract } from './storeContract.js';
import { readOnChange } from './readOnChange.js';
import { closedPort, TcpProxy } from './tcpProxy.js';

let target: Promise<PostgresTarget> | undefined;
const resolveTarget = (): Promise<PostgresTarget> => (target ??= postgresTarget());

afterAll(async () => {
  const resolved = await target;
  if (resolved && 'stop' in resolved) await resolved.stop();
});

describeStoreContract('PostgreSQL', async () => {
  const resolved = await resolveTarget();
  if ('skip' in resolved) return resolved;
  const database = await freshDatabase(resolved.adminUrl);
  const store = await PostgresEventStore.open(database.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('the PostgreSQL store on its own', () => {
  let adminUrl = '';
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const resolved = await resolveTarget();
    if ('skip' in resolved) return;
    adminUrl = resolved.adminUrl;
  });

  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function database(context: { skip: (note?: string) => void }): Promise<string> {
    const resolved = await resolveTarget();
    if ('skip' in resolved) context.skip(resolved.skip);
    const created = await freshDatabase(adminUrl);
    cleanups.push(created.drop);
    return created.url;
  }

  async function open(url: string, options = {}): Promise<PostgresEventStore> {
    const store = await PostgresEventStore.open(url, options);
    cleanups.push(() => store.close());
    return store;
  }

  describe('a reader paging the global log while an earlier append is still open', () => {
    it('does not skip that append once it commits, though a later append committed first', async (context) => {
      const url = await database(context);
      const store = await open(url);
      const [early, late] = [negotiationId('early'), negotiationId('late')];
      const [slowEvent] = newStream(early);

      // Another process's append: positions drawn, row written, not yet committed.
      const slow = new pg.Client({ connectionString: url });
      await slow.connect();
      cleanups.push(() => slow.end());
      await slow.query('BEGIN');
      const drawn = await slow.query<{ position: string }>(ALLOCATE_POSITIONS_SQL, [1]);
      const slowPosition = drawn.rows[0]!.position;
      // A writer that takes no seq (not Parley's own: its appends commit one at a time, see postgresProofStore.ts): the reader must not skip it either.
      await slow.query(INSERT_EVENTS_SQL, [[slowPosition], [slowEvent!.id], early, [0], [slowEvent!.hash], [JSON.stringify(slowEvent)], [null]]);

      const [fast] = await store.append(late, NO_STREAM, newStream(late));
      expect(fast!.position).toBeGreaterThan(Number(slowPosition));

      const seen: RecordedEvent[] = [];
      let after = 0;
      const page = async (): Promise<void> => {
        const events = await store.readAll(after, 100);
        seen.push(...events);
        if (events.length > 0) after = events[events.length - 1]!.position;
      };
      await page();
      expect(seen).toEqual([]);

      await slow.query('COMMIT');
      await vi.waitFor(
        async () => {
          await page();
          expect(seen.map((event) => event.id)).toEqual([slowEvent!.id, fast!.id]);
        },
        { timeout: 10_000 },
      );
    });
  });

  describe('a reader paging the global log while several processes append at once', () => {
    it('sees every event exactly once, in position order', async (context) => {
      const url = await database(context);
      const writers = [await open(url), await open(url), await open(url)];
      const reader = await open(url);
      const seen: RecordedEvent[] = [];
      let after = 0;
      const readPage = async (): Promise<void> => {
        const page = await reader.readAll(after, 7);
        seen.push(...page);
        if (page.length > 0) after = page[page.length - 1]!.position;
      };
      let writing = true;
      const paging = (async () => {
        while (writing) await readPage();
      })();
      const appended = (
        await Promise.all(
          Array.from({ length: 12 }, async (_, stream) => {
            const writer = writers[stream % writers.length]!;
            const id = negotiationId(`busy-${stream}`);
            let recorded = await writer.append(id, NO_STREAM, newStream(id));
            const all = [...recorded];
            for (let round = 1; round <= 8; round++) {
              recorded = await writer.append(id, recorded[recorded.length - 1]!.revision, following(recorded, [meeting(round)]));
              all.push(...recorded);
            }
            return all;
          }),
        )
      ).flat();
      writing = false;
      await paging;
      await vi.waitFor(
        async () => {
          await readPage();
          expect(seen.length).toBeGreaterThanOrEqual(appended.length);
        },
        { timeout: 10_000 },
      );
      const inOrder = [...appended].sort((a, b) => a.position - b.position);
      expect(seen.map((event) => event.id)).toEqual(inOrder.map((event) => event.id));
    });
  });

  describe('two Parley processes starting on an empty database at once', () => {
    it('both create the schema without error, and a later start changes nothing', async (context) => {
      const url = await database(context);
      const [a, b] = await Promise.all([open(url), open(url)]);
      const id = negotiationId('both');
      const opened = await a.append(id, NO_STREAM, newStream(id));
      await b.append(id, 0, following(opened, [meeting(1)]));
      const c = await open(url);
      expect((await c.readStream(id)).map((event) => event.revision)).toEqual([0, 1]);
      const version = await withAdmin(url, (client) => client.query("SELECT value FROM parley_meta WHERE key = 'schema_version'"));
      expect(version.rows).toEqual([{ value: String(SCHEMA_VERSION) }]);
    });
  });

  describe('a database whose schema is newer than this code', () => {
    it('is refused with StoreUnavailableError', async (context) => {
      const url = await database(context);
      await (await open(url)).close();
      await withAdmin(url, (client) => client.query("UPDATE parley_meta SET value = '99' WHERE key = 'schema_version'"));
      await expect(PostgresEventStore.open(url)).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  describe('a store URL pointing at a closed port', () => {
    it('fails to open with StoreUnavailableError, through openStore too', async () => {
      const port = await closedPort();
      await expect(PostgresEventStore.open(`postgres://postgres@127.0.0.1:${port}/postgres`)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(openStore(`postgresql://postgres@127.0.0.1:${port}/postgres`)).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  describe('openStore given a postgresql:// URL', () => {
    it('opens the PostgreSQL store', async (context) => {
      const url = await database(context);
      const store = await openStore(url.replace(/^postgres:/, 'postgresql:'));
      cleanups.push(() => store.close());
      expect(store.kind).toBe('postgres');
    });
  });

  describe('two store instances on one database', () => {
    it('tell a subscriber of one about appends made through the other', async (context) => {
      const url = await database(context);
      const [writer, reader] = [await open(url), await open(url)];
      const { heard } = readOnChange(reader);
      await reader.listening();
      const id = negotiationId('across');
      const opened = await writer.append(id, NO_STREAM, newStream(id, 2));
      await vi.waitFor(() => expect(heard).toStrictEqual(opened), { timeout: 10_000 });
    });
  });

  describe('the server becoming unreachable and reachable again', () => {
    it('answers StoreUnavailableError meanwhile, then recovers by itself, live notifications included', async (context) => {
      const url = await database(context);
      const viaProxyUrl = new URL(url);
      const proxy = await new TcpProxy(viaProxyUrl.hostname, Number(viaProxyUrl.port || 5432)).start();
      cleanups.push(() => proxy.stop());
      viaProxyUrl.hostname = '127.0.0.1';
      viaProxyUrl.port = String(proxy.port);
      const store = await open(viaProxyUrl.toString(), { connectionTimeoutMs: 1_000 });
      const direct = await open(url);
      const subscriber = readOnChange(store);
      const heard = (): string[] => subscriber.heard.map((event) => event.id);
      await store.listening();

      const id = negotiationId('outage');
      const opened = await store.append(id, NO_STREAM, newStream(id));
      await proxy.cut();
      const refused = following(opened, [meeting(1)]);
      await expect(store.append(id, 0, refused)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll(0, 10)).rejects.toBeInstanceOf(StoreUnavailableError);
      const meanwhile = await direct.append(id, 0, following(opened, [meeting(2)]));

      await proxy.restore();
      expect((await store.readStream(id)).map((event) => event.id)).toEqual([...opened, ...meanwhile].map((event) => event.id));
      const after = await store.append(id, 1, following(meanwhile, [meeting(3)]));
      await vi.waitFor(() => expect(heard()).toEqual([...opened, ...meanwhile, ...after].map((event) => event.id)), { timeout: 20_000 });
    });
  });
});
