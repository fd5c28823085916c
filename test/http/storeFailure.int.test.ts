import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { describeError } from '../../src/cli/cliErrors.js';
import { serve } from '../../src/cli/commands/serve.js';
import { Authenticator } from '../../src/http/auth.js';
import { startServer } from '../../src/http/server.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { freshPostgresOrSkip, releasePostgresTarget, sharedPostgresTarget } from '../multi/postgresDatabase.js';

const READER = 'reader-token-0123456789abcdef0123456789';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(releasePostgresTarget);

/** Words of the driver that must never reach a client: SQLSTATEs, database names, PostgreSQL's own phrasing. */
function expectNoDriverText(body: string, database: string): void {
  expect(body).not.toMatch(/SQLSTATE|3D000|57P01|does not exist|terminating connection|ECONNREFUSED/);
  expect(body).not.toContain(database);
}

describe('a server whose PostgreSQL database is dropped under it', () => {
  it('answers 503 with a generic detail on a read route and on /health, and logs the driver\'s words', async (context) => {
    const database = await freshPostgresOrSkip(context);
    cleanups.push(database.drop);
    const name = new URL(database.url).pathname.slice(1);
    const store = await PostgresEventStore.open(database.url, { connectionTimeoutMs: 2_000 });
    cleanups.push(() => store.close());
    let logText = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logText += chunk.toString();
        done();
      },
    });
    const running = await startServer({
      parley: createParley({ store }),
      config: { port: 0, host: '127.0.0.1', publicRead: false, corsOrigin: undefined },
      logger: pino({ level: 'info' }, sink),
      auth: new Authenticator([{ name: 'ada', role: 'reader', token: READER }]),
      shutdownGraceMs: 1_000,
    });
    cleanups.push(() => running.close());
    const auth = { Authorization: `Bearer ${READER}` };
    expect((await fetch(`${running.url}/negotiations`, { headers: auth })).status).toBe(200);

    await database.drop();

    // The pool's open connections are cut first (57P01); the new ones find no database (3D000).
    const bodies: string[] = [];
    for (let attempt = 0; attempt < 20 && !logText.includes('3D000'); attempt++) {
      for (const path of ['/negotiations', '/negotiations/some-talks/events', '/health']) {
        const response = await fetch(`${running.url}${path}`, { headers: auth });
        const body = await response.text();
        expect({ path, status: response.status }).toEqual({ path, status: 503 });
        bodies.push(body);
      }
    }
    expect(logText).toContain('3D000');
    expect(logText).toContain(name);
    for (const body of bodies) expectNoDriverText(body, name);
    const last = JSON.parse(bodies.at(-3)!) as { title: string; detail: string };
    expect(last).toMatchObject({ status: 503, title: 'Store unavailable', detail: 'the event store cannot answer now; try again later' });
  });
});

describe('parley serve on a PostgreSQL database that does not exist', () => {
  it('refuses to start with the driver\'s words, for the operator', async (context) => {
    const target = await sharedPostgresTarget();
    if ('skip' in target) context.skip(target.skip);
    const url = new URL((target as { adminUrl: string }).adminUrl);
    const name = `parley_missing_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    url.pathname = `/${name}`;
    const dir = mkdtempSync(join(tmpdir(), 'parley-missing-db-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { PARLEY_STORE: url.toString(), PARLEY_TOKENS: `ada:reader:${READER}` };
    const context_ = { env, stdout: new PassThrough(), stderr: new PassThrough(), now: Date.now, username: () => 'tester' };
    const failure = await serve(context_, { port: '0', host: '127.0.0.1' }, { cwd: dir, logTo: new PassThrough() }).then(
      (serving) => {
        cleanups.push(() => serving.close());
        throw new Error('serve started on a database that does not exist');
      },
      (error: unknown) => error,
    );
    const { message } = describeError(failure);
    expect(message).toContain(name);
    expect(message).toMatch(/does not exist \(SQLSTATE 3D000\)/);
  });
});
