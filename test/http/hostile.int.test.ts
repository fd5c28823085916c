import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meeting, opened, statement } from '../support/inputs.js';
import { fingerprint, SEED_FILE, startTestServer, TOKENS, type TestServer } from './harness.js';

const ID = 'eu-openai-gpt-5-5-cyber';
const APPEND = `/negotiations/${ID}/events`;

/** How many negotiations the seed scenario holds: every one of them is listed when no filter applies. */
const SEED_NEGOTIATIONS = new Set(
  readFileSync(SEED_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { negotiationId: string }).negotiationId),
).size;

interface Case {
  readonly name: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  /** The status it must answer with. */
  readonly status: number;
}

const json = { 'Content-Type': 'application/json' };
const post = (name: string, body: string | Uint8Array, status = 400, headers: Record<string, string> = json): Case => ({ name, method: 'POST', path: APPEND, body, headers, status });
const event = (value: unknown) => JSON.stringify(value);
const withData = (data: Record<string, unknown>) => event({ ...meeting(), data });
const at = (occurredAt: string) => event(meeting({ occurredAt }));

const CASES: Case[] = [
  // malformed and truncated JSON
  post('truncated JSON', '{"type":"MeetingHeld","occurredAt":"2026-05'),
  post('single quotes', "{'type':'MeetingHeld'}"),
  post('an unclosed array', '[{"type":"MeetingHeld"}'),
  post('a bare word', 'nul'),
  post('a JSON string', '"MeetingHeld"'),
  post('a JSON number', '42'),
  post('JSON null', 'null'),
  post('an empty batch', '[]'),
  post('an empty object', '{}'),
  post('trailing garbage', `${event(meeting())}xyz`),
  post('invalid UTF-8', Buffer.concat([Buffer.from('{"type":"MeetingHeld","occurredAt":"2026","data":{"summary":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])),
  post('deeply nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  // wrong content types
  post('text/plain', event(meeting()), 415, { 'Content-Type': 'text/plain' }),
  post('a form', 'type=MeetingHeld', 415, { 'Content-Type': 'application/x-www-form-urlencoded' }),
  post('multipart', '--x\r\n\r\n--x--', 415, { 'Content-Type': 'multipart/form-data; boundary=x' }),
  post('XML', '<event/>', 415, { 'Content-Type': 'application/xml' }),
  post('a Latin-1 charset', event(meeting()), 415, { 'Content-Type': 'application/json; charset=latin1' }),
  post('a gzip content encoding', event(meeting()), 415, { ...json, 'Content-Encoding': 'gzip' }),
  post('no content type', event(meeting()), 415, {}),
  // oversized bodies and strings
  post('a body over 1 MiB', event(Array.from({ length: 120 }, () => statement('y'.repeat(9_990)))), 413),
  post('a statement over 10,000 characters', event(statement('z'.repeat(10_001)))),
  post('a 201-character organisation', withData({ summary: 'x', participants: [{ org: 'o'.repeat(201) }] })),
  post('1,001 events in one batch', event(Array.from({ length: 1_001 }, () => meeting()))),
  post('one bad event in a batch', event([meeting(), meeting(), { ...meeting(), occurredAt: 'soon' }, meeting()])),
  post('a valid batch with one broken rule', event([meeting(), opened()]), 422),
  // unknown types and keys
  post('an unknown type', event({ ...meeting(), type: 'MeetingCancelled' })),
  post('an unknown data key', withData({ summary: 'x', mood: 'tense' })),
  post('a client-chosen recordedBy', event({ ...meeting(), recordedBy: 'someone else' })),
  post('a client-chosen revision and hash', event({ ...meeting(), revision: 0, hash: '0'.repeat(64) })),
  post('a __proto__ key', '{"type":"MeetingHeld","occurredAt":"2026-05-20","data":{},"__proto__":{"admin":true}}'),
  post('a __proto__ key in data', '{"type":"MeetingHeld","occurredAt":"2026-05-20","data":{"__proto__":{"polluted":true}}}'),
  post('a constructor key', '{"type":"MeetingHeld","occurredAt":"2026-05-20","data":{"constructor":{"prototype":{}}}}'),
  post('a prototype key in a source', event({ ...meeting(), source: { prototype: 'x' } })),
  post('a javascript: URL as a source', event({ ...meeting(), source: { url: 'javascript:alert(1)' } })),
  post('an id that is not a UUID', event({ ...meeting(), id: 'not-a-uuid' })),
  post('one id twice in a batch', event([{ ...meeting(), id: '7b0f1c52-0c31-4b6f-9d4e-1d1f0c6d2a11' }, { ...meeting(), id: '7b0f1c52-0c31-4b6f-9d4e-1d1f0c6d2a11' }])),
  // impossible dates
  post('30 February', at('2026-02-30')),
  post('29 February of a common year', at('2025-02-29')),
  post('month 13', at('2026-13')),
  post('hour 25', at('2026-05-12T25:00:00Z')),
  post('an offset of +25:00', at('2026-05-12T10:00:00+25:00')),
  post('an instant without offset', at('2026-05-12T10:00:00')),
  post('a Unix timestamp', event({ ...meeting(), occurredAt: 1_747_000_000 })),
  post('a relative date', at('yesterday')),
  // headers
  post('a malformed If-Match', event(meeting()), 400, { ...json, 'If-Match': 'W/3' }),
  post('a list in If-Match', event(meeting()), 400, { ...json, 'If-Match': '"3", "4"' }),
  // invalid ids in paths
  { name: 'an upper-case id', method: 'POST', path: '/negotiations/EU-Talks/events', body: event(opened()), headers: json, status: 400 },
  { name: 'an id with an underscore', path: '/negotiations/eu_talks', status: 400 },
  { name: 'an id starting with a dash', path: '/negotiations/-talks', status: 400 },
  { name: 'an id of 101 characters', path: `/negotiations/${'a'.repeat(101)}`, status: 400 },
  { name: 'an encoded path traversal', path: '/negotiations/..%2F..%2Fetc%2Fpasswd', status: 400 },
  { name: 'an encoded NUL', path: '/negotiations/talks%00', status: 400 },
  { name: 'a broken percent-encoding', path: '/negotiations/%E0%A4%A', status: 400 },
  { name: 'non-ASCII letters', path: '/negotiations/n%C3%A9gociation', status: 400 },
  // bad query parameters
  { name: 'asOf that is not a date', path: `/negotiations/${ID}?asOf=soon`, status: 400 },
  { name: 'knownAt on 30 February', path: `/negotiations/${ID}?knownAt=2026-02-30`, status: 400 },
  { name: 'asOf given twice', path: `/negotiations/${ID}?asOf=2026&asOf=2025`, status: 400 },
  { name: 'a letter as limit', path: '/events?limit=abc', status: 400 },
  { name: 'a negative after', path: '/events?after=-5', status: 400 },
  { name: 'an exponent as after', path: '/events?after=1e3', status: 400 },
  { name: 'a fraction as fromRevision', path: `/negotiations/${ID}/events?fromRevision=1.5`, status: 400 },
  { name: 'an unknown status', path: '/negotiations?status=asleep', status: 400 },
  { name: 'includeRetracted=yes', path: '/statements?includeRetracted=yes', status: 400 },
  { name: 'includePossible=1', path: '/statements?includePossible=1', status: 400 },
  { name: 'includePossible twice', path: '/statements?includePossible=true&includePossible=true', status: 400 },
  { name: 'a 501-character speaker', path: `/statements?speaker=${'s'.repeat(501)}`, status: 400 },
  { name: 'a SQL-shaped negotiation filter', path: `/statements?negotiation=${encodeURIComponent("x' OR '1'='1")}`, status: 400 },
  { name: 'a diff without from', path: `/negotiations/${ID}/diff?to=2026`, status: 400 },
  // other methods and routes
  { name: 'PUT on the events', method: 'PUT', path: APPEND, body: event(meeting()), headers: json, status: 404 },
  { name: 'DELETE a negotiation', method: 'DELETE', path: `/negotiations/${ID}`, status: 404 },
  { name: 'an unknown route', path: '/admin/../../etc/passwd', status: 404 },
];

/** Injection-shaped values that are still well-formed text: answered as searches that match nothing. */
const HARMLESS_SEARCHES = [
  `/statements?speaker=${encodeURIComponent("' OR 1=1 --")}`,
  `/statements?q=${encodeURIComponent("'; DROP TABLE events; --")}`,
  `/statements?org=${encodeURIComponent('<script>alert(1)</script>')}`,
  `/access?grantee=${encodeURIComponent('%00')}&model=${encodeURIComponent('$where: 1')}`,
  `/statements?speaker=${encodeURIComponent('.*')}&q=${encodeURIComponent('(a+)+$')}`,
];

describe('a hostile-input corpus against a running server', () => {
  let server: TestServer;
  let before: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    before = await fingerprint(server.store);
  });
  afterAll(() => server.stop());

  for (const c of CASES) {
    it(`${c.name} answers ${c.status} with a problem document`, async () => {
      const response = await server.request(c.path, {
        method: c.method ?? 'GET',
        as: c.method === 'POST' ? 'recorder' : 'reader',
        headers: c.headers,
        body: c.body,
      });
      const text = await response.text();
      expect(response.status, text).toBe(c.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(text) as { status: number; title: string; detail: string; errors?: unknown[] };
      expect(problem).toMatchObject({ status: c.status, title: expect.any(String), detail: expect.any(String) });
      expect(text).not.toMatch(/\n\s+at |\.ts:\d|node_modules/); // never a stack trace
    });
  }

  it('points at the bad event of a batch', async () => {
    const response = await server.post(APPEND, [meeting(), meeting(), { ...meeting(), occurredAt: 'soon' }]);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['/2/occurredAt']);
  });

  it('ignores bracketed parameter names: they are unknown parameters, not nested objects', async () => {
    const response = await server.request('/negotiations?asOf[gt]=2026&status[$ne]=open', { as: 'reader' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(SEED_NEGOTIATIONS);
  });

  it('answers injection-shaped search values as searches that match nothing', async () => {
    for (const path of HARMLESS_SEARCHES) {
      const response = await server.request(path, { as: 'reader' });
      expect(response.status, path).toBe(200);
      expect(((await response.json()) as { items: unknown[] }).items, path).toEqual([]);
    }
  });

  it('leaves the store exactly as it was: event count and the last hash of every stream', async () => {
    expect(await fingerprint(server.store)).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('admin');
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('still serves well-formed requests afterwards', async () => {
    const response = await fetch(`${server.url}/negotiations/${ID}`, { headers: { Authorization: `Bearer ${TOKENS.reader}` } });
    expect(response.status).toBe(200);
  });
});
