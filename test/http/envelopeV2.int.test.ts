import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIEF, corrected, meeting, offerMade, opened, statement } from '../support/inputs.js';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';

const ID = 'eu-anthropic-claude-mythos';
const APPEND = `/negotiations/${ID}/events`;
const POLITICO = { publisher: 'Politico', title: 'Commission on Mythos', url: 'https://www.politico.eu/article/x', excerpt: 'four to five meetings', locator: '¶4' };
const LEVY = { ...BRIEF, author: 'Tom Levy', excerpt: 'Only the British Institute for AI Security has had the opportunity to test Mythos directly.', accessedAt: '2026-05-20' };

interface Stored {
  id: string;
  revision: number;
  hash: string;
  source?: unknown;
  sources?: unknown[];
  confidence?: string;
  note?: string;
  schemaVersion?: number;
  [key: string]: unknown;
}

async function storedEvents(server: TestServer): Promise<Stored[]> {
  const response = await server.request(`/negotiations/${ID}/events`, { as: 'reader' });
  return ((await response.json()) as { items: Stored[] }).items;
}

/** CONTRACT §6, written out from its words with an independent RFC 8785 implementation. */
function contractHash(previous: string, event: Stored): string {
  const fields = ['id', 'type', 'negotiationId', 'revision', 'occurredAt', 'recordedAt', 'recordedBy', 'data'];
  const content: Record<string, unknown> = Object.fromEntries(fields.map((field) => [field, event[field]]));
  for (const field of ['source', 'sources', 'confidence', 'note', 'schemaVersion']) if (event[field] !== undefined) content[field] = event[field];
  return createHash('sha256').update(previous + canonicalize(content)).digest('hex');
}

describe('an event with several sources, a confidence and a note', () => {
  let server: TestServer;
  const said = { ...statement('Four to five meetings.', { data: { speaker: { org: 'European Commission' }, kind: 'quote' } }), id: randomUUID() };
  delete (said as { source?: unknown }).source;
  const withSources = { ...said, sources: [POLITICO, LEVY], confidence: 'confirmed', note: 'speaker not named in the source' };
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post(APPEND, [opened(), withSources, meeting({ source: BRIEF, data: { count: { min: 4 } } })])).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('is stored with every source, source repeating the first, the confidence, the note and schemaVersion 2', async () => {
    const [, statementEvent, meetingEvent] = await storedEvents(server);
    expect(statementEvent).toMatchObject({ sources: [POLITICO, LEVY], source: POLITICO, confidence: 'confirmed', note: 'speaker not named in the source', schemaVersion: 2 });
    expect(meetingEvent).toMatchObject({ source: BRIEF, sources: [BRIEF], schemaVersion: 2 }); // a v1 source comes back as sources[0] too
  });

  it('has a hash that covers the new fields, as CONTRACT §6 says', async () => {
    let previous = '0'.repeat(64);
    for (const event of await storedEvents(server)) {
      expect(event.hash).toBe(contractHash(previous, event));
      previous = event.hash;
    }
  });

  it('reaches the statements: an unnamed speaker of an org, every source, the confidence and the note', async () => {
    const response = await server.request('/statements?org=european', { as: 'reader' });
    const [found] = ((await response.json()) as { items: Record<string, unknown>[] }).items;
    expect(found).toMatchObject({ speaker: { org: 'European Commission' }, source: POLITICO, sources: [POLITICO, LEVY], confidence: 'confirmed', note: 'speaker not named in the source' });
    expect(found!.speaker).not.toHaveProperty('name');
  });

  it('counts a meeting recorded as "at least 4" with an unknown maximum', async () => {
    const response = await server.request(`/negotiations/${ID}`, { as: 'reader' });
    expect(((await response.json()) as { meetings: unknown }).meetings).toMatchObject({ min: 4, max: null });
  });

  it('answers a retry of the same batch as the first append did', async () => {
    const first = await storedEvents(server);
    expect((await server.post(APPEND, [withSources])).status).toBe(200);
    expect((await server.post(APPEND, [{ ...withSources, note: 'another note' }])).status).toBe(409);
    const lone = { ...meeting({ sources: [BRIEF], confidence: 'estimated' }), id: randomUUID() };
    expect((await server.post(APPEND, lone)).status).toBe(201);
    expect((await server.post(APPEND, lone)).status).toBe(200);
    expect((await server.post(APPEND, { ...lone, confidence: 'confirmed' })).status).toBe(409);
    expect((await storedEvents(server)).length).toBe(first.length + 1);
  });
});

describe('a correction of sources, confidence or note', () => {
  let server: TestServer;
  const target = { ...offerMade('o-1', { source: BRIEF, data: { terms: { model: 'Claude Mythos Preview', candidateBeneficiaries: ['ENISA', 'AI Office'] } } }), id: randomUUID() };
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post(APPEND, [opened(), target])).status).toBe(201);
    const fix = corrected(target.id, { sources: [POLITICO], confidence: 'inferred', note: 'read again' });
    expect((await server.post(APPEND, fix)).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('shows the corrected reading in the timeline and keeps the original beside it', async () => {
    const response = await server.request(`/negotiations/${ID}/timeline`, { as: 'reader' });
    const entry = ((await response.json()) as { items: Record<string, unknown>[] }).items.find((e) => e.id === target.id)!;
    expect(entry).toMatchObject({ sources: [POLITICO], source: POLITICO, confidence: 'inferred', note: 'read again', original: { source: BRIEF, sources: [BRIEF] } });
    expect(entry.original).not.toHaveProperty('confidence');
  });

  it('keeps candidate beneficiaries apart from beneficiaries', async () => {
    const response = await server.request(`/negotiations/${ID}`, { as: 'reader' });
    const [offer] = ((await response.json()) as { offers: { terms: Record<string, unknown> }[] }).offers;
    expect(offer!.terms).toEqual({ model: 'Claude Mythos Preview', candidateBeneficiaries: ['ENISA', 'AI Office'] });
  });
});

describe('a v2 envelope that is malformed, hostile or oversized', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post(APPEND, opened())).status).toBe(201);
  });
  afterAll(() => server.stop());

  it.each([
    ['more than 10 sources', meeting({ sources: Array.from({ length: 11 }, (_, i) => ({ publisher: `P${i}` })) }), 'sources'],
    ['an excerpt over 2,000 characters', meeting({ sources: [{ publisher: 'P', excerpt: 'x'.repeat(2_001) }] }), 'sources/0/excerpt'],
    ['an unknown confidence', meeting({ confidence: 'certain' as never }), 'confidence'],
    ['a speaker with neither name nor org', statement('x', { data: { speaker: { role: 'spokesperson' } as never } }), 'data/speaker'],
    ['an empty speaker', statement('x', { data: { speaker: {} as never } }), 'data/speaker'],
    ['a note over 2,000 characters', meeting({ note: 'n'.repeat(2_001) }), 'note'],
    ['a source naming no publisher, title or url', meeting({ sources: [{ author: 'Tom Levy' }] as never }), 'sources/0'],
    ['a source and sources that disagree', meeting({ source: { publisher: 'A' }, sources: [{ publisher: 'B' }] }), 'source'],
    ['a statement with no source at all', { ...statement('x'), source: undefined }, 'sources'],
    ['a client-set schemaVersion', { ...meeting(), schemaVersion: 1 }, ''],
    ['a meeting count of at most 3 and no minimum', meeting({ data: { count: { max: 3 } as never } }), 'data/count/min'],
    ...['2026-13~', '../..', '2026-05-14/2026-05-12', '2026-21', '2026-XX', '2026-05-12/', '/2026-05-12', '2026-05~~', '2026-05-12T09:30:00~', 'Y170000', '2026-02-30/2026-03', `2026-05-12/${'9'.repeat(80)}`].map(
      (occurredAt): [string, unknown, string] => [`the malformed date ${occurredAt.slice(0, 30)}`, meeting({ occurredAt }), 'occurredAt'],
    ),
    ['a malformed EDTF validUntil', { type: 'AccessGranted', occurredAt: '2026-05', data: { grantId: 'g', grantee: 'A', grantor: 'B', model: 'M', validUntil: '2026-05/2026-04' } }, 'data/validUntil'],
    ['a malformed EDTF publishedAt', meeting({ sources: [{ publisher: 'P', publishedAt: '2026-13?' }] }), 'sources/0/publishedAt'],
  ])('answers %s with 400 naming the field, and stores nothing', async (_label, body, pointer) => {
    const before = await fingerprint(server.store);
    const response = await server.post(APPEND, body);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((e) => e.path)).toContain(pointer === '' ? '' : `/${pointer}`);
    expect(await fingerprint(server.store)).toEqual(before);
  });
});

describe('the raw log of events with EDTF dates', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post(APPEND, [opened({ occurredAt: '2026-04/..' }), meeting({ occurredAt: '../2026-05-15' }), meeting({ occurredAt: '2026-05-12/2026-05-14~' })])).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('returns each date as written, with the interval it covers (null for an open end)', async () => {
    for (const path of [`/negotiations/${ID}/events`, '/events']) {
      const items = ((await (await server.request(path, { as: 'reader' })).json()) as { items: { occurredAt: string; occurredAtInterval: unknown }[] }).items;
      expect(items.map((e) => [e.occurredAt, e.occurredAtInterval])).toEqual([
        ['2026-04/..', { start: '2026-04-01T00:00:00.000Z', end: null }],
        ['../2026-05-15', { start: null, end: '2026-05-15T23:59:59.999Z' }],
        ['2026-05-12/2026-05-14~', { start: '2026-05-12T00:00:00.000Z', end: '2026-05-14T23:59:59.999Z' }],
      ]);
    }
  });
});
