import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES as ROUTE_TABLE } from '../../src/http/routeTable.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import { meeting } from '../support/inputs.js';
import { problemOf, SEED_FILE, startTestServer, TOKENS, type TestServer, type TokenRole } from './harness.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
/** A line already in the store: importing it is an idempotent no-op. */
const SEED_LINE = `${readFileSync(SEED_FILE, 'utf8').split('\n')[0]}\n`;
type Caller = TokenRole | 'none' | 'unknown';
const CALLERS: Caller[] = ['none', 'unknown', 'reader', 'recorder', 'admin'];

interface Route {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The least role that may call it; `public` needs no token at all. */
  readonly needs: 'public' | TokenRole;
  readonly body?: () => { type: string; text: string };
}

const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });

const ROUTES: Route[] = [
  { name: 'health', method: 'GET', path: '/health', needs: 'public' },
  { name: 'openapi', method: 'GET', path: '/openapi.json', needs: 'public' },
  { name: 'docs', method: 'GET', path: '/docs', needs: 'public' },
  { name: 'docs assets', method: 'GET', path: '/docs/assets/swagger-ui.css', needs: 'public' },
  { name: 'list', method: 'GET', path: '/negotiations', needs: 'reader' },
  { name: 'state', method: 'GET', path: `/negotiations/${OPENAI}`, needs: 'reader' },
  { name: 'timeline', method: 'GET', path: `/negotiations/${OPENAI}/timeline`, needs: 'reader' },
  { name: 'stream events', method: 'GET', path: `/negotiations/${OPENAI}/events`, needs: 'reader' },
  { name: 'diff', method: 'GET', path: `/negotiations/${OPENAI}/diff?from=2026-05-01`, needs: 'reader' },
  { name: 'statements', method: 'GET', path: '/statements', needs: 'reader' },
  { name: 'access', method: 'GET', path: '/access', needs: 'reader' },
  { name: 'dashboard', method: 'GET', path: '/dashboard', needs: 'reader' },
  { name: 'org', method: 'GET', path: '/orgs/OpenAI', needs: 'reader' },
  { name: 'rebuild status', method: 'GET', path: '/admin/rebuild', needs: 'admin' },
  { name: 'rebuild', method: 'POST', path: '/admin/rebuild', needs: 'admin' },
  { name: 'global log', method: 'GET', path: '/events', needs: 'reader' },
  { name: 'verifier key', method: 'GET', path: '/proofs/key', needs: 'public' },
  { name: 'checkpoint', method: 'GET', path: '/proofs/checkpoint', needs: 'public' },
  { name: 'sign a checkpoint', method: 'POST', path: '/proofs/checkpoint', needs: 'admin' },
  { name: 'inclusion proof', method: 'GET', path: '/proofs/inclusion?seq=0&size=1', needs: 'reader' },
  { name: 'consistency proof', method: 'GET', path: '/proofs/consistency?from=1&to=2', needs: 'reader' },
  { name: 'verify', method: 'GET', path: '/audit/verify', needs: 'reader' },
  { name: 'evidence', method: 'GET', path: `/negotiations/${OPENAI}/evidence`, needs: 'reader' },
  { name: 'append', method: 'POST', path: `/negotiations/${OPENAI}/events`, needs: 'recorder', body: () => json(meeting({ occurredAt: '2026-05-20' })) },
  { name: 'import', method: 'POST', path: '/admin/import', needs: 'admin', body: () => ({ type: 'application/x-ndjson', text: SEED_LINE }) },
];

const RANK: Record<Caller, number> = { none: 0, unknown: 0, reader: 1, recorder: 2, admin: 3 };

function expectedStatus(route: Route, caller: Caller, publicRead: boolean): number | 'ok' {
  if (route.needs === 'public') return 'ok';
  if (caller === 'unknown') return 401;
  if (caller === 'none') return publicRead && route.needs === 'reader' ? 'ok' : 401;
  return RANK[caller] >= RANK[route.needs] ? 'ok' : 403;
}

async function call(server: TestServer, route: Route, caller: Caller): Promise<Response> {
  const headers: Record<string, string> = {};
  if (caller === 'unknown') headers.Authorization = 'Bearer not-a-token-of-this-server';
  else if (caller !== 'none') headers.Authorization = `Bearer ${TOKENS[caller]}`;
  const body = route.body?.();
  if (body) headers['Content-Type'] = body.type;
  return server.request(route.path, { method: route.method, headers, body: body?.text });
}

/** Routes whose roles are checked by a test of their own below. */
const TESTED_APART = ['get /events/live'];

describe('the role matrix', () => {
  it('covers every route of the route table, expecting the role the table gives it', () => {
    for (const entry of ROUTE_TABLE) {
      const name = `${entry.method} ${entry.path}`;
      if (TESTED_APART.includes(name)) continue;
      const pattern = new RegExp(`^${entry.path.replace(/\{\w+\}/g, '[^/?]+')}(?:\\?|$)`);
      const tested = ROUTES.find((route) => route.method.toLowerCase() === entry.method && pattern.test(route.path));
      expect(tested, name).toBeDefined();
      expect(tested!.needs, name).toBe(entry.role);
    }
  });
});

for (const publicRead of [false, true]) {
  describe(`every route × every caller, public reads ${publicRead ? 'on' : 'off'}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ seed: true, publicRead, signer: { key: generateNoteSigningKey('parley/roles'), origin: 'parley/roles' } });
      await server.parley.proofs!.checkpoints.sign(); // GET /proofs/checkpoint has one to answer with
    });
    afterAll(() => server.stop());

    for (const route of ROUTES) {
      for (const caller of CALLERS) {
        const expected = expectedStatus(route, caller, publicRead);
        it(`${route.method} ${route.name} by ${caller} answers ${expected === 'ok' ? 'success' : expected}`, async () => {
          const response = await call(server, route, caller);
          if (expected === 'ok') {
            expect(response.status, await response.clone().text()).toBeLessThan(300);
            return;
          }
          expect(response.status).toBe(expected);
          const problem = await problemOf(response);
          expect(problem.status).toBe(expected);
          if (expected === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        });
      }
    }
  });
}

describe('the access_token query parameter', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it('is refused on routes other than /events/live', async () => {
    const response = await server.request(`/negotiations?access_token=${TOKENS.admin}`);
    expect(response.status).toBe(401);
  });

  it('leaves /events/live to the same roles as every read: 401 without a token or with an unknown one', async () => {
    expect((await server.request('/events/live')).status).toBe(401);
    expect((await server.request('/events/live?access_token=not-a-token-of-this-server')).status).toBe(401);
    for (const as of ['reader', 'recorder', 'admin'] as const) {
      const controller = new AbortController();
      const response = await server.request('/events/live', { as, signal: controller.signal });
      expect(response.status).toBe(200);
      controller.abort();
    }
  });

  it('is accepted on /events/live', async () => {
    const controller = new AbortController();
    const response = await server.request(`/events/live?access_token=${TOKENS.reader}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });
});
