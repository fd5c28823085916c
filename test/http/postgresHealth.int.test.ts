import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { Authenticator } from '../../src/http/auth.js';
import { startServer } from '../../src/http/server.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { freshDatabase, postgresTarget, type PostgresTarget } from '../store/postgresTarget.js';

let target: Promise<PostgresTarget> | undefined;
afterAll(async () => {
  const resolved = await target;
  if (resolved && 'stop' in resolved) await resolved.stop();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A server on a fresh database; its URL and the database. */
async function serverOnFreshDatabase(context: { skip: (note?: string) => never }) {
  const resolved = await (target ??= postgresTarget());
  if ('skip' in resolved) return context.skip(resolved.skip);
  const database = await freshDatabase(resolved.adminUrl);
  cleanups.push(database.drop);
  const store = await PostgresEventStore.open(database.url, { connectionTimeoutMs: 2_000 });
  cleanups.push(() => store.close());
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const running = await startServer({
    parley: createParley({ store }),
    config: { port: 0, host: '127.0.0.1', publicRead: false, corsOrigin: undefined },
    logger: pino({ level: 'info' }, quiet),
    auth: new Authenticator([]),
    shutdownGraceMs: 1_000,
  });
  cleanups.push(() => running.close());
  return { running, database };
}

describe('/health of a server whose PostgreSQL database was dropped', () => {
  it('answers 503 degraded with a generic reason, promptly, where it answered ok before', async (context) => {
    const { running, database } = await serverOnFreshDatabase(context);
    const before = await fetch(`${running.url}/health`);
    expect({ status: before.status, body: await before.json() }).toEqual({ status: 200, body: { status: 'ok', store: 'postgres' } });

    await database.drop();
    const started = Date.now();
    const after = await fetch(`${running.url}/health`, { signal: AbortSignal.timeout(15_000) });
    expect(after.status).toBe(503);
    expect(after.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await after.json()).toEqual({ status: 'degraded', store: 'postgres', reason: 'the store cannot be read' });
    // The pool's connection timeout (2 s here) bounds it; the health check's own 5 s timeout backs that up.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('/health of a server whose PostgreSQL reads are blocked', () => {
  it('answers 503 degraded within its timeout instead of waiting for the store', async (context) => {
    const { running, database } = await serverOnFreshDatabase(context);
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE parley_events IN ACCESS EXCLUSIVE MODE');

    const started = Date.now();
    const response = await fetch(`${running.url}/health`, { signal: AbortSignal.timeout(20_000) });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', store: 'postgres', reason: 'the store did not answer in time' });
    // The statement timeout is 30 s; the health check gives up after 5 s.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
