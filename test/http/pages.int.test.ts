import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';
import * as input from '../support/inputs.js';

interface Page<T = Record<string, unknown>> {
  readonly items: T[];
  readonly next: string | null;
  readonly asOf: string;
  readonly knownAt: string;
}

const NEGOTIATIONS = 7;

/** Every page of a list, `limit` at a time, following `next`. */
async function allPages(server: TestServer, path: string, limit: number): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const response = await server.request(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: 'reader' });
    expect(response.status, path).toBe(200);
    const page = (await response.json()) as Page;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.next;
    pages++;
  } while (cursor !== null);
  return { items, pages };
}

describe('a store of several negotiations, read page by page', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    for (let n = 0; n < NEGOTIATIONS; n++) {
      const id = `paged-${n}`;
      const response = await server.post(`/negotiations/${id}/events`, [
        input.opened({ data: { title: `Paged negotiation ${n}` } }),
        input.partyJoined('OpenAI', { data: { org: 'OpenAI', role: 'provider' } }),
        input.offerMade(`offer-${n}`, { data: { offerId: `offer-${n}`, from: 'OpenAI', to: 'European Commission', terms: { model: 'GPT-5.5 Cyber' } } }),
        input.statement(`The Commission is negotiating access number ${n}`),
        input.statement(`OpenAI offered model access under strict conditions ${n}`, { data: { speaker: { name: 'Sam Altman', org: 'OpenAI' }, text: `OpenAI offered model access under strict conditions ${n}`, kind: 'quote' } }),
        input.accessGranted(`grant-${n}`, { data: { grantId: `grant-${n}`, grantee: 'European Commission', grantor: 'OpenAI', model: 'GPT-5.5 Cyber' } }),
      ]);
      expect(response.status, await response.clone().text()).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['/negotiations', NEGOTIATIONS],
    ['/statements', 2 * NEGOTIATIONS],
    ['/access', NEGOTIATIONS],
    ['/orgs/OpenAI', 3 * NEGOTIATIONS],
    ['/negotiations/paged-0/timeline', 6],
  ])('pages through %s a few at a time, never skipping or repeating an item', async (path, count) => {
    const whole = await server.request(`${path}${path.includes('?') ? '&' : '?'}limit=1000`, { as: 'reader' });
    const all = (await whole.json()) as Page;
    expect(all.items).toHaveLength(count);
    expect(all.next).toBeNull();
    const paged = await allPages(server, path, 3);
    expect(paged.items).toEqual(all.items);
    expect(paged.pages).toBe(Math.ceil(count / 3));
  });

  it('answers 100 items a page unless asked, with the cut of the first page on every page', async () => {
    const first = (await (await server.request('/statements?limit=2', { as: 'reader' })).json()) as Page;
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = (await (await server.request(`/statements?limit=2&cursor=${encodeURIComponent(first.next!)}`, { as: 'reader' })).json()) as Page;
    expect([second.asOf, second.knownAt]).toEqual([first.asOf, first.knownAt]);
    const defaulted = (await (await server.request('/statements', { as: 'reader' })).json()) as Page;
    expect(defaulted.items).toHaveLength(2 * NEGOTIATIONS);
  });

  it('keeps a cursor\'s pages as they were when an event is recorded between them (its knownAt is pinned)', async () => {
    const first = (await (await server.request('/negotiations?limit=2', { as: 'reader' })).json()) as Page<{ id: string }>;
    const later = await server.post('/negotiations/paged-late/events', [input.opened({ data: { title: 'Opened after the first page' } })]);
    expect(later.status).toBe(201);
    const rest = await allPagesFrom(server, '/negotiations?limit=2', first.next!);
    expect([...first.items, ...rest].map((n) => n.id)).toEqual(Array.from({ length: NEGOTIATIONS }, (_, n) => `paged-${n}`));
    const now = (await (await server.request('/negotiations?limit=1000', { as: 'reader' })).json()) as Page<{ id: string }>;
    expect(now.items.map((n) => n.id)).toContain('paged-late');
  });

  it.each([
    ['a cursor that is not one', '/statements?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['a cursor of another list', 'OTHER_LIST', 'cursor'],
    ['a cursor with other filters', 'OTHER_FILTERS', 'cursor'],
    ['a cursor with another asOf', 'OTHER_AS_OF', 'cursor'],
    ['limit 0', '/statements?limit=0', 'limit'],
    ['limit 1001', '/statements?limit=1001', 'limit'],
    ['limit abc', '/access?limit=abc', 'limit'],
    ['an oversized cursor', `/negotiations?cursor=${'a'.repeat(5_000)}`, 'cursor'],
    ['a search with no words', '/statements?q=%22%22%20***', 'q'],
  ])('answers 400 naming the parameter for %s, and changes nothing', async (_label, path, parameter) => {
    const before = await fingerprint(server.store);
    const first = (await (await server.request('/statements?limit=1&speaker=regnier', { as: 'reader' })).json()) as Page;
    const cursor = encodeURIComponent(first.next!);
    const target =
      path === 'OTHER_LIST' ? `/access?cursor=${cursor}` : path === 'OTHER_FILTERS' ? `/statements?speaker=altman&cursor=${cursor}` : path === 'OTHER_AS_OF' ? `/statements?speaker=regnier&asOf=2026-01-01&cursor=${cursor}` : path;
    const response = await server.request(target, { as: 'reader' });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((e) => e.path)).toContain(parameter);
    expect(await fingerprint(server.store)).toEqual(before);
  });
});

async function allPagesFrom(server: TestServer, path: string, cursor: string): Promise<{ id: string }[]> {
  const items: { id: string }[] = [];
  let next: string | null = cursor;
  while (next !== null) {
    const page = (await (await server.request(`${path}&cursor=${encodeURIComponent(next)}`, { as: 'reader' })).json()) as Page<{ id: string }>;
    items.push(...page.items);
    next = page.next;
  }
  return items;
}

describe('full-text search of statements', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const texts = [
      'The negotiations on model access continue next week',
      'Regulators negotiated access to the frontier model',
      'Access, access and access: the Commission wants access',
      'A cyber security evaluation is planned',
      'Nothing was said about it',
    ];
    const response = await server.post('/negotiations/searched/events', [input.opened(), ...texts.map((text) => input.statement(text))]);
    expect(response.status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
  });

  const search = async (q: string) => {
    const response = await server.request(`/statements?q=${encodeURIComponent(q)}`, { as: 'reader' });
    expect(response.status).toBe(200);
    return ((await response.json()) as Page<{ text: string; snippet: string }>).items;
  };

  it('matches words by their stem: "negotiating" finds "negotiations" and "negotiated"', async () => {
    expect((await search('negotiating')).map((s) => s.text).sort()).toEqual(['Regulators negotiated access to the frontier model', 'The negotiations on model access continue next week']);
  });

  it('matches a "phrase" only with its words together and in order', async () => {
    expect((await search('"model access"')).map((s) => s.text)).toEqual(['The negotiations on model access continue next week']);
    expect(await search('"access model"')).toEqual([]);
  });

  it('matches a prefix*', async () => {
    expect((await search('cyb*')).map((s) => s.text)).toEqual(['A cyber security evaluation is planned']);
  });

  it('ranks the text where the words weigh most first, and marks the matches in a snippet', async () => {
    const found = await search('access');
    expect(found).toHaveLength(3);
    expect(found[0]!.text).toBe('Access, access and access: the Commission wants access');
    expect(found[0]!.snippet).toContain('«Access»');
    expect(found.every((s) => s.snippet.includes('«'))).toBe(true);
  });

  it('requires every term: words and phrases together', async () => {
    expect((await search('access frontier')).map((s) => s.text)).toEqual(['Regulators negotiated access to the frontier model']);
    expect(await search('access nonexistentword')).toEqual([]);
  });

  it('takes a search engine\'s operators as plain words, so no input is syntax', async () => {
    for (const q of ['access OR nothing', 'NEAR(access model)', 'access -model', 'text:access', '"unclosed access', 'access^2 {model}']) {
      const response = await server.request(`/statements?q=${encodeURIComponent(q)}`, { as: 'reader' });
      expect(response.status, q).toBe(200);
    }
  });
});

describe('an organisation\'s page and the rebuild routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('lists what the European Commission said, was offered, was granted and met about, each with its role', async () => {
    const page = (await (await server.request('/orgs/european%20commission', { as: 'reader' })).json()) as Page<{ kind: string; role: string; negotiationId: string }> & { org: string };
    expect(page.org).toBe('european commission');
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((i) => i.kind))).toContain('statement');
    expect(page.items.filter((i) => i.kind === 'statement').every((i) => i.role === 'said')).toBe(true);
    expect(page.items.filter((i) => i.kind === 'offer').every((i) => i.role === 'received')).toBe(true);
  });

  it('answers an organisation it knows nothing of with an empty page', async () => {
    const page = (await (await server.request('/orgs/Nobody%20Inc', { as: 'reader' })).json()) as Page;
    expect(page).toMatchObject({ items: [], next: null });
  });

  it('rebuilds the read model in the background for an admin, and answers the same afterwards', async () => {
    const dashboard = async () => {
      const { knownAt: _knownAt, ...rest } = (await (await server.request('/dashboard?asOf=2026-06-30', { as: 'reader' })).json()) as { knownAt: string };
      return rest;
    };
    const before = await dashboard();
    const started = await server.request('/admin/rebuild', { method: 'POST', as: 'admin' });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ state: 'running' });
    let status: { state: string; done: number; total: number } = { state: 'running', done: 0, total: 0 };
    for (let i = 0; i < 100 && status.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await (await server.request('/admin/rebuild', { as: 'admin' })).json()) as typeof status;
    }
    expect(status).toMatchObject({ state: 'done', done: 3, total: 3 });
    expect(await dashboard()).toEqual(before);
  });

  it('refuses a rebuild to a reader and a recorder', async () => {
    expect((await server.request('/admin/rebuild', { method: 'POST', as: 'reader' })).status).toBe(403);
    expect((await server.request('/admin/rebuild', { method: 'POST', as: 'recorder' })).status).toBe(403);
  });
});
