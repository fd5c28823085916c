import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvents } from '../../src/app/exportEvents.js';
import { importEvents } from '../../src/app/importEvents.js';
import { fileLines } from '../../src/app/jsonLines.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { GENESIS_HASH, type PendingEvent } from '../../src/events/recordedEvent.js';
import { ROOT, problemOf, startTestServer, type TestServer } from './harness.js';

const EXPORT = join(ROOT, 'test/fixtures/v1-export.jsonl');
const ANSWERS = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/v1-answers.json'), 'utf8')) as Record<string, { status: number; body: unknown }>;

/** Raw-log routes answer the stored form: exactly what v1 answered. */
const RAW_LOG = /^\/events\?|^\/negotiations\/[^/]+\/events\?/;

/**
 * `actual` holds everything `expected` holds: every field v1 answered, with its value; fields
 * v2 adds are ignored. Arrays must match item by item. Cut fields of a query that gave no
 * cut default to now, so they are skipped there.
 */
function missingFrom(expected: unknown, actual: unknown, path: string, skip: ReadonlySet<string>): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (actual.length !== expected.length) return [`${path}: ${actual.length} items, v1 had ${expected.length}`];
    return expected.flatMap((item, i) => missingFrom(item, actual[i], `${path}[${i}]`, new Set()));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object`];
    return Object.entries(expected).flatMap(([key, value]) => (skip.has(key) ? [] : missingFrom(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, new Set())));
  }
  return Object.is(expected, actual) ? [] : [`${path}: ${JSON.stringify(actual)}, v1 answered ${JSON.stringify(expected)}`];
}

/** v2 also reports what possibly happened by asOf (§2.2): timelines list it, lists show negotiations only possibly opened. v1 showed only what definitely had. */
function asV1Answered(path: string, body: unknown): unknown {
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items)) return body;
  if (/\/timeline\?/.test(path)) return { ...(body as object), items: items.filter((entry: { certainty?: string }) => entry.certainty !== 'possible') };
  if (/^\/negotiations\?/.test(path)) return { ...(body as object), items: items.filter((item: { exists?: string }) => item.exists !== 'possibly') };
  // v2 ranks a search by relevance (CONTRACT §4.1); v1 listed it in time order: the same items, in v1's order.
  if (/[?&]q=/.test(path)) {
    const order = new Map(((ANSWERS[path]!.body as { items: { eventId: string }[] }).items).map((item, index) => [item.eventId, index]));
    return { ...(body as object), items: [...items].sort((a: { eventId: string }, b: { eventId: string }) => (order.get(a.eventId) ?? 1e9) - (order.get(b.eventId) ?? 1e9)) };
  }
  return body;
}

/** The one fix v2 names in these answers: a negotiation whose opening possibly happened by asOf answers 200 "possibly", where v1 answered 404. */
function possiblyWhereV1Found404(path: string, v1Status: number, body: unknown): boolean {
  if (v1Status !== 404 || !/^\/negotiations\/[^/?]+(\/timeline)?\?/.test(path)) return false;
  const answer = body as { exists?: string; items?: { type: string; certainty?: string }[] };
  if (answer.items) return answer.items.some((entry) => entry.type === 'NegotiationOpened' && entry.certainty === 'possible');
  return answer.exists === 'possibly';
}

describe('a store exported by Parley v1 and imported now', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await importEvents(server.parley, await fileLines(EXPORT), { recordedBy: 'fixture' });
  });
  afterAll(() => server.stop());

  it('holds every event exactly as exported, with no schemaVersion (all version 1)', async () => {
    const exported = readFileSync(EXPORT, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const stored = await server.store.readAll(0, 1_000);
    expect(stored.map(({ position: _position, seq: _seq, ...event }) => event)).toEqual(exported.map(({ position: _position, ...event }) => event));
    // v2 numbers the imported events as the Merkle log's leaves, in the order they were imported.
    expect(stored.map((event) => event.seq)).toEqual(stored.map((_, index) => index));
    expect(stored.some((event) => 'schemaVersion' in event)).toBe(false);
  });

  it('verifies: every v1 hash still covers its stored form', async () => {
    const response = await server.request('/audit/verify', { as: 'reader' });
    expect(await response.json()).toMatchObject({ ok: true, checked: 29, broken: [] });
  });

  it.each(Object.keys(ANSWERS))('answers %s as v1 did, fields v2 adds aside', async (path) => {
    const v1 = ANSWERS[path]!;
    const response = await server.request(path, { as: 'reader' });
    const body: unknown = await response.json();
    if (response.status === 200 && possiblyWhereV1Found404(path, v1.status, body)) return;
    expect(response.status).toBe(v1.status);
    if (RAW_LOG.test(path)) {
      // The stored form exactly, each event with the interval its occurredAt covers beside it.
      const { items, ...rest } = body as { items: Record<string, unknown>[] };
      expect(items.every((item) => typeof item.occurredAtInterval === 'object')).toBe(true);
      expect({ ...rest, items: items.map(({ occurredAtInterval: _interval, seq: _seq, ...event }) => event) }).toEqual(v1.body);
      return;
    }
    const skip = new Set([...(/[?&]asOf=/.test(path) ? [] : ['asOf']), ...(/[?&]knownAt=/.test(path) ? [] : ['knownAt']), ...(v1.status === 404 ? ['detail'] : [])]);
    expect(missingFrom(v1.body, asV1Answered(path, body), '', skip)).toEqual([]);
  });

  it('reads a v1 source as the first of the v2 sources', async () => {
    const response = await server.request('/statements?speaker=Ann&includeRetracted=true', { as: 'reader' });
    const [statement] = ((await response.json()) as { items: { source: unknown; sources: unknown[] }[] }).items;
    expect(statement!.sources).toEqual([statement!.source]);
    expect(statement!.sources).toEqual([{ publisher: 'Other Wire', url: 'https://example.org/other' }]); // as its v1 correction left it
  });

  it('shows v1 events in the timeline in the newest shape, under the version they are stored in', async () => {
    const response = await server.request('/negotiations/fixture-v1-corrections/timeline', { as: 'reader' });
    const opening = ((await response.json()) as { items: Record<string, unknown>[] }).items.find((entry) => entry.type === 'NegotiationOpened');
    expect(opening).toMatchObject({ type: 'NegotiationOpened', sources: [opening!.source] });
    expect(opening).not.toHaveProperty('schemaVersion');
  });

  it('exports the stored form again, line for line, with the seq v2 adds at the end of each', async () => {
    const lines: string[] = [];
    for await (const line of exportEvents(server.parley.store)) lines.push(line);
    const v1Lines = readFileSync(EXPORT, 'utf8').trim().split('\n');
    expect(lines).toEqual(v1Lines.map((line, seq) => `${line.slice(0, -1)},"seq":${seq}}\n`));
  });
});

/** A stream's opening as a newer Parley would have stored it, hash and all. */
function storedByNewerParley(id: string, negotiationId: string): PendingEvent {
  const opened: Omit<PendingEvent, 'hash'> = {
    id,
    type: 'NegotiationOpened',
    negotiationId,
    revision: 0,
    occurredAt: '2026-05',
    recordedAt: '2026-05-01T00:00:00.000Z',
    recordedBy: 'later-parley',
    schemaVersion: 3,
    data: { title: 'Written by a newer Parley', parties: [{ org: 'A', role: 'regulator' }] },
  };
  return { ...opened, hash: chainHash(GENESIS_HASH, opened) };
}

describe('an event stored with a schemaVersion this Parley does not know', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('is refused on import, naming the line and the version', async () => {
    const line = JSON.stringify(storedByNewerParley('0b7a6f3e-8f1d-4c61-9a57-3f0d3c1b2a11', 'from-the-future'));
    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: { 'Content-Type': 'application/x-ndjson' }, body: `${line}\n` });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await problemOf(response))).toMatch(/line 1.*schemaVersion 3 is not one this Parley reads/);
    expect(await server.store.listNegotiations()).toEqual([]);
  });

  it('is refused on reading with a clear error, never read as another version', async () => {
    await server.store.append('written-later', -1, [storedByNewerParley('5d0c1f7e-2b8a-4e6f-8d3c-9a1b2c3d4e5f', 'written-later')]);
    const response = await server.request('/negotiations/written-later', { as: 'reader' });
    expect(response.status).toBe(500);
    expect((await problemOf(response)).detail).toMatch(/schemaVersion 3, which this Parley does not read \(it reads 1, 2\): upgrade Parley/);
  });
});
