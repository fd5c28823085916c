import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/cli/commands/serve.js';
import { meeting, opened } from '../support/inputs.js';
import { startStandbyPair, type StandbyPair } from './postgresStandby.js';

// `parley serve` with PARLEY_STORE on a PostgreSQL primary and PARLEY_READ_STORE on its
// streaming hot standby: two clusters of the test's own, made with initdb and pg_basebackup.

const TOKEN = 'recorder-token-0123456789abcdef0123456789';

let pair: StandbyPair | { skip: string };
let serving: Serving | undefined;
let standby: pg.Client | undefined;
let workDir: string | undefined;

beforeAll(async () => {
  pair = await startStandbyPair();
  if ('skip' in pair) {
    console.warn(`skipping the hot standby tests: ${pair.skip}`);
    return;
  }
  workDir = mkdtempSync(join(tmpdir(), 'parley-standby-serve-'));
  const env = { PARLEY_STORE: pair.primaryUrl, PARLEY_READ_STORE: pair.standbyUrl, PARLEY_TOKENS: `rita:recorder:${TOKEN}`, PARLEY_SEED: 'false' };
  const context = { env, stdout: new PassThrough(), stderr: new PassThrough(), now: Date.now, username: () => 'tester' };
  serving = await serve(context, { port: '0', host: '127.0.0.1' }, { cwd: workDir, logTo: new PassThrough().resume() });
  standby = new pg.Client({ connectionString: pair.standbyUrl });
  standby.on('error', () => undefined); // the last test stops the standby under it
  await standby.connect();
});

afterAll(async () => {
  await standby?.end().catch(() => undefined);
  await serving?.close();
  if (pair && !('skip' in pair)) await pair.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function running(context: { skip: (note?: string) => never }): { url: string; pair: StandbyPair } {
  if ('skip' in pair) return context.skip(pair.skip);
  return { url: serving!.url, pair };
}

const auth = { Authorization: `Bearer ${TOKEN}` };

async function get(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: auth });
  return { status: response.status, body: await response.json() };
}

async function append(url: string, id: string, inputs: unknown[]): Promise<number> {
  const response = await fetch(`${url}/negotiations/${id}/events`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(inputs) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { position: number }).position;
}

const listed = async (url: string, query = '') => ((await get(`${url}/negotiations${query}`)).body.items as { id: string }[]).map((item) => item.id);

describe('a Parley whose reads come from a streaming hot standby', () => {
  it('answers every query route that names the position of its append with that append seen', async (context) => {
    const { url } = running(context);
    const position = await append(url, 'standby-alpha', [opened({ occurredAt: '2026-05-01' }), meeting({ occurredAt: '2026-05-04' })]);
    const at = `minPosition=${position}`;

    const state = await get(`${url}/negotiations/standby-alpha?${at}`);
    expect(state).toMatchObject({ status: 200, body: { id: 'standby-alpha', meetings: { min: 1 }, revision: 1 } });
    expect(await listed(url, `?${at}`)).toContain('standby-alpha');
    expect((await get(`${url}/negotiations/standby-alpha/timeline?${at}`)).body.items).toHaveLength(2);
    expect((await get(`${url}/negotiations/standby-alpha/diff?from=2026-05-02&${at}`)).status).toBe(200);
    expect((await get(`${url}/statements?negotiation=standby-alpha&${at}`))).toMatchObject({ status: 200, body: { items: [] } });
    expect((await get(`${url}/access?${at}`)).status).toBe(200);
    expect((await get(`${url}/dashboard?${at}`)).body.lastPosition).toBeGreaterThanOrEqual(position);
  });

  it('answers reads without minPosition from the standby, and one with it from the primary when replay is paused', async (context) => {
    const { url } = running(context);
    await standby!.query('SELECT pg_wal_replay_pause()');
    try {
      await waitFor(async () => (await standby!.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state')).rows[0]!.state === 'paused');
      const position = await append(url, 'standby-beta', [opened()]);

      expect(await listed(url)).not.toContain('standby-beta');
      expect((await get(`${url}/negotiations/standby-beta`)).status).toBe(404);
      // The standby does not replay it within the wait: the primary answers.
      const [list, state] = await Promise.all([listed(url, `?minPosition=${position}`), get(`${url}/negotiations/standby-beta?minPosition=${position}`)]);
      expect(list).toContain('standby-beta');
      expect(state).toMatchObject({ status: 200, body: { id: 'standby-beta' } });
    } finally {
      await standby!.query('SELECT pg_wal_replay_resume()');
    }
    await waitFor(async () => (await get(`${url}/negotiations/standby-beta`)).status === 200);
    expect(await listed(url)).toContain('standby-beta');
  });

  it('answers from the primary once the standby is down when the read names a position, and 503 when it does not', async (context) => {
    const { url, pair: clusters } = running(context);
    const position = await append(url, 'standby-gamma', [opened()]);
    await clusters.stopStandby();

    expect(await get(`${url}/negotiations/standby-gamma?minPosition=${position}`)).toMatchObject({ status: 200, body: { id: 'standby-gamma' } });
    expect((await get(`${url}/negotiations/standby-gamma`)).status).toBe(503);
    // Appends never touch the standby.
    expect(await append(url, 'standby-gamma', [meeting()])).toBeGreaterThan(position);
  });
});

/** Polls `done` every 25 ms until it holds, for up to 20 s. */
async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 800; attempt++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('gave up waiting');
}
