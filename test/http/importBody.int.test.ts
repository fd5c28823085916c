import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meeting, opened, statement } from '../support/inputs.js';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';

const JSON_LINES = { 'Content-Type': 'application/x-ndjson' };

describe('POST /admin/import with a body that is not all UTF-8', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 400 naming the first bad line, as parley import does, and stores nothing', async () => {
    const good = Buffer.from(`${JSON.stringify({ negotiationId: 'bytes-talks', ...opened(), id: randomUUID() })}\n`);
    const [before, after] = JSON.stringify({ negotiationId: 'bytes-talks', ...statement('caf\u0000 au lait'), id: randomUUID() }).split('\\u0000');
    const bad = Buffer.concat([Buffer.from(before!), Buffer.from([0xc3, 0x28]), Buffer.from(`${after}\n`)]); // 0xC3 0x28: a broken two-byte sequence
    const stored = await fingerprint(server.store);

    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: JSON_LINES, body: Buffer.concat([good, bad]) });

    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.detail).toBe('request body: 1 bad line, nothing was imported');
    expect(problem.errors).toEqual([{ path: 'line 2', message: 'line is not valid UTF-8' }]);
    expect(await fingerprint(server.store)).toEqual(stored);
  });

  it('still imports UTF-8 text beyond ASCII unchanged', async () => {
    const text = 'Régnier: « accès » — 访问';
    const line = JSON.stringify({ negotiationId: 'utf8-talks', ...opened({ data: { title: text } }), id: randomUUID() });
    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: JSON_LINES, body: Buffer.from(line) });
    expect(response.status).toBe(200);
    const state = (await (await server.request('/negotiations/utf8-talks', { as: 'reader' })).json()) as { title: string };
    expect(state.title).toBe(text);
  });

  it('answers 415 for JSON Lines declared in another charset', async () => {
    const line = JSON.stringify({ negotiationId: 'latin-talks', ...opened(), id: randomUUID() });
    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: { 'Content-Type': 'application/x-ndjson; charset=latin1' }, body: line });
    expect(response.status).toBe(415);
  });
});

describe('a request body over its route\'s limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 413 for an import over 16 MiB, saying 16 MiB', async () => {
    const line = `${JSON.stringify({ negotiationId: 'big-talks', ...meeting({ data: { summary: 'x'.repeat(1_000) } }) })}\n`;
    const body = Buffer.from(line.repeat(Math.ceil((16 * 1024 * 1024 + 1) / line.length)));
    const response = await server.request('/admin/import', { method: 'POST', as: 'admin', headers: JSON_LINES, body });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).detail).toBe('the request body is over 16 MiB');
  });

  it('answers 413 for an append over 1 MiB, saying 1 MiB', async () => {
    const big = statement('x'.repeat(9_000));
    const response = await server.post('/negotiations/big-append/events', Array.from({ length: 130 }, () => big));
    expect(response.status).toBe(413);
    expect((await problemOf(response)).detail).toBe('the request body is over 1 MiB');
  });
});
