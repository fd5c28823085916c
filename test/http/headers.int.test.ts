import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TOKENS, type TestServer } from './harness.js';

/** A stand-in build of the dashboard, so these tests check the serving, whatever the page holds. */
function webRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'export {};\n');
  writeFileSync(join(dir, 'app.css'), 'body{}\n');
  return dir;
}

describe('the dashboard and the security headers', () => {
  let server: TestServer;
  let web: string;
  beforeAll(async () => {
    web = webRoot();
    server = await startTestServer({ webRoot: web });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the page and its assets without a token, under a CSP of its own origin only', async () => {
    const page = await server.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'; style-src 'self'/);
    expect(await page.text()).toContain('/assets/app.js');
    const script = await server.request('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await server.request('/assets/app.css')).status).toBe(200);
    expect((await server.request('/assets/missing.js')).status).toBe(404);
  });

  it('sets the hardening headers on API answers and problems alike', async () => {
    for (const response of [await server.request('/health'), await server.request('/negotiations')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets the API reference page use inline styles, and nothing else does', async () => {
    expect((await server.request('/docs')).headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect((await server.request('/')).headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('sends no CORS headers when PARLEY_CORS_ORIGIN is unset', async () => {
    const preflight = await server.request('/negotiations', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const get = await server.request('/health', { headers: { Origin: 'https://elsewhere.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs each request without tokens, query strings or bodies', async () => {
    await server.request(`/events/live?access_token=${TOKENS.reader}`, { signal: AbortSignal.timeout(300) }).then((r) => r.body?.cancel()).catch(() => undefined);
    await server.request('/negotiations?asOf=2026-05-01&secret=hush', { as: 'admin' });
    await server.post('/negotiations/logged-talks/events', { type: 'NegotiationOpened', occurredAt: '2026', data: { title: 'Confidential title', parties: [{ org: 'A', role: 'other' }] } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logs = server.logs();
    expect(logs).toMatch(/"method":"GET","path":"\/negotiations","status":200/);
    expect(logs).toMatch(/"path":"\/negotiations\/logged-talks\/events","status":201.*"principal":"rita-recorder"/);
    for (const secret of [...Object.values(TOKENS), 'access_token', 'hush', 'asOf', 'Confidential title']) expect(logs).not.toContain(secret);
  });
});

describe('CORS for a configured origin', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ corsOrigin: 'https://dash.example' });
  });
  afterAll(() => server.stop());

  it('answers its preflight before authentication and exposes ETag', async () => {
    const preflight = await server.request('/negotiations/x/events', {
      method: 'OPTIONS',
      headers: { Origin: 'https://dash.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, if-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/If-Match/);
    const get = await server.request('/negotiations', { as: 'reader', headers: { Origin: 'https://dash.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    expect(get.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });

  it('sends nothing to another origin', async () => {
    const get = await server.request('/negotiations', { as: 'reader', headers: { Origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
