import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthDegraded } from '../../src/answers/health.js';
import { VerifyResult } from '../../src/answers/verifyResult.js';
import { importEvents } from '../../src/app/importEvents.js';
import { fileLines } from '../../src/app/jsonLines.js';
import { createParley } from '../../src/app/parley.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { opened } from '../support/inputs.js';
import { SEED_FILE, TOKENS, problemOf, startTestServer, type TestServer } from './harness.js';
import { SseReader } from './sseReader.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';

/** The seed scenario's lines, in file order: the store below holds them at positions 1, 2, … */
const seed = readFileSync(SEED_FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { negotiationId: string; type: string });
const seedNegotiations = [...new Set(seed.map((event) => event.negotiationId))];

interface Row {
  position: number;
  id: string;
  body: string;
}

/** A SQLite file holding the seed scenario, made before any server reads it. */
async function seededFile(dir: string): Promise<string> {
  const path = join(dir, 'parley.db');
  const store = new SqliteEventStore(path);
  await importEvents(createParley({ store }), await fileLines(SEED_FILE), { recordedBy: 'seed' });
  await store.close();
  return path;
}

function rowOf(path: string, negotiationId: string, revision: number): Row {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT position, id, body FROM events WHERE negotiation_id = ? AND revision = ?').get(negotiationId, revision) as Row;
  } finally {
    db.close();
  }
}

function setBody(path: string, position: number, body: string): void {
  const db = new Database(path);
  db.prepare('UPDATE events SET body = ? WHERE position = ?').run(body, position);
  db.close();
}

describe('a server over a store where one negotiation holds a row whose body was cut short', () => {
  let dir: string;
  let server: TestServer;
  let damaged: Row;
  const naming = () => `negotiation ${OPENAI}, revision 2 (position ${damaged.position}, event ${damaged.id})`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-damaged-'));
    const path = await seededFile(dir);
    damaged = rowOf(path, OPENAI, 2);
    setBody(path, damaged.position, damaged.body.slice(0, 40));
    server = await startTestServer({ storePath: path });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectDamageProblem(path: string): Promise<void> {
    const response = await server.request(path, { as: 'reader' });
    expect(response.status, path).toBe(500);
    const problem = await problemOf(response);
    expect(problem.title).toBe('Stored event unreadable');
    expect(problem.detail).toContain(naming());
    expect(problem.detail).not.toMatch(/try again|JSON/i);
  }

  it('keeps answering the queries over all negotiations, leaving out the damaged one', async () => {
    const list = await server.request('/negotiations', { as: 'reader' });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual(seedNegotiations.filter((id) => id !== OPENAI));

    const statements = await server.request('/statements', { as: 'reader' });
    expect(statements.status).toBe(200);
    const said = ((await statements.json()) as { items: { negotiationId: string }[] }).items;
    expect(said).toHaveLength(seed.filter((event) => event.type === 'StatementMade' && event.negotiationId !== OPENAI).length);
    expect(said.every((item) => item.negotiationId !== OPENAI)).toBe(true);

    const access = await server.request('/access', { as: 'reader' });
    expect(access.status).toBe(200);
    const grants = ((await access.json()) as { items: { negotiationId: string }[] }).items;
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((grant) => grant.negotiationId !== OPENAI)).toBe(true);

    const dashboard = await server.request('/dashboard', { as: 'reader' });
    expect(dashboard.status).toBe(200);

    expect((await server.request(`/negotiations/${ANTHROPIC}`, { as: 'reader' })).status).toBe(200);
    expect((await server.request(`/negotiations/${ANTHROPIC}/timeline`, { as: 'reader' })).status).toBe(200);
  });

  it('answers a 500 problem naming the damaged row for every read of the damaged negotiation', async () => {
    await expectDamageProblem(`/negotiations/${OPENAI}`);
    await expectDamageProblem(`/negotiations/${OPENAI}/timeline`);
    await expectDamageProblem(`/negotiations/${OPENAI}/events`);
    await expectDamageProblem(`/negotiations/${OPENAI}/diff?from=2026-01&to=2026-12`);
    await expectDamageProblem(`/statements?negotiation=${OPENAI}`);
  });

  it('answers the page of the global log holding the row with that problem, and the pages past it', async () => {
    await expectDamageProblem('/events');
    const past = await server.request(`/events?after=${damaged.position}`, { as: 'reader' });
    expect(past.status).toBe(200);
    expect(((await past.json()) as { items: unknown[] }).items).toHaveLength(seed.length - damaged.position);
  });

  it('reports the row in /audit/verify and checks everything else', async () => {
    const response = await server.request('/audit/verify', { as: 'reader' });
    expect(response.status).toBe(200);
    const report = VerifyResult.parse(await response.json());
    expect(report).toEqual({
      ok: false,
      checked: seed.length,
      negotiations: seedNegotiations.length,
      broken: [{ negotiationId: OPENAI, revision: 2, eventId: damaged.id, problem: 'unreadable', position: damaged.position }],
      // The row's hash column is intact: its leaf of the Merkle log is too.
      log: expect.objectContaining({ size: seed.length, problems: [] }),
    });
  });

  it('streams every readable event on /events/live, passing over the damaged row, and goes on live', async () => {
    const reader = new SseReader(`${server.url}/events/live?after=0`, { Authorization: `Bearer ${TOKENS.reader}` });
    try {
      await reader.until((r) => r.events.length >= seed.length - 1);
      expect(reader.events.map((event) => event.id)).toEqual(Array.from({ length: seed.length }, (_, i) => i + 1).filter((p) => p !== damaged.position));
      const appended = await server.post('/negotiations/after-the-damage/events', opened());
      expect(appended.status).toBe(201);
      await reader.until((r) => r.events.some((event) => (event.data as { negotiationId?: string }).negotiationId === 'after-the-damage'));
    } finally {
      reader.close();
    }
  });

  it('reports the store degraded on /health and logs the row once, and answers ok again once the row is repaired', async () => {
    const response = await server.request('/health');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(HealthDegraded.parse(await response.json())).toEqual({ status: 'degraded', store: 'sqlite', reason: 'stored events are unreadable' });
    expect(server.logs().match(/a stored event cannot be read back/g)).toHaveLength(1);

    setBody(server.store.path, damaged.position, damaged.body);
    expect((await server.request('/health')).status).toBe(200);
    expect((await server.request(`/negotiations/${OPENAI}`, { as: 'reader' })).status).toBe(200);
  });
});

describe('the live feed of a store whose last row cannot be read', () => {
  it('passes over it and still delivers what is appended after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-damaged-tail-'));
    const path = await seededFile(dir);
    const lastStream = seed[seed.length - 1]!.negotiationId;
    const last = rowOf(path, lastStream, seed.filter((event) => event.negotiationId === lastStream).length - 1);
    expect(last.position).toBe(seed.length);
    setBody(path, last.position, '{"id":');
    const server = await startTestServer({ storePath: path, live: { pageSize: 5 } });
    const reader = new SseReader(`${server.url}/events/live?after=0`, { Authorization: `Bearer ${TOKENS.reader}` });
    const readable = Array.from({ length: seed.length - 1 }, (_, i) => i + 1);
    try {
      await reader.until((r) => r.events.length >= readable.length);
      expect(reader.events.map((event) => event.id)).toEqual(readable);
      expect((await server.post('/negotiations/after-the-tail/events', opened())).status).toBe(201);
      await reader.until((r) => r.events.some((event) => (event.data as { negotiationId?: string }).negotiationId === 'after-the-tail'));
      expect(reader.events.map((event) => event.id)).toEqual([...readable, seed.length + 1]);
    } finally {
      reader.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/health over a store that cannot be read', () => {
  it('answers 503 degraded with a generic reason when the events table is gone', async () => {
    const server = await startTestServer({ seed: true });
    try {
      expect((await server.request('/health')).status).toBe(200);
      const db = new Database(server.store.path);
      db.exec('DROP TABLE events');
      db.close();
      const response = await server.request('/health');
      expect(response.status).toBe(503);
      expect(HealthDegraded.parse(await response.json())).toEqual({ status: 'degraded', store: 'sqlite', reason: 'the store cannot be read' });
    } finally {
      await server.stop();
    }
  });

  it('answers 503 degraded when the store is closed', async () => {
    const server = await startTestServer({ seed: true });
    try {
      await server.store.close();
      const response = await server.request('/health');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'degraded', store: 'sqlite', reason: 'the store cannot be read' });
    } finally {
      await server.stop();
    }
  });
});
