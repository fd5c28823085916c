import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meeting } from '../support/inputs.js';
import { problemOf, startTestServer, TOKENS, type TestServer, type TokenRole } from './harness.js';
import { SseReader } from './sseReader.js';

const bearer = (role: TokenRole) => ({ Authorization: `Bearer ${TOKENS[role]}` });
const WRONG = { Authorization: 'Bearer a-token-this-server-has-never-issued-0000' };

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`the condition did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A live-feed connection that has its stream (200, "connected" seen). */
async function openFeed(server: TestServer, headers: Record<string, string>): Promise<SseReader> {
  const reader = new SseReader(`${server.url}/events/live`, headers);
  expect((await reader.response).status).toBe(200);
  await reader.until((r) => r.comments.includes('connected'));
  return reader;
}

async function expectFeedFull(server: TestServer, headers: Record<string, string>, whose: string): Promise<void> {
  const response = await fetch(`${server.url}/events/live`, { headers: { Accept: 'text/event-stream', ...headers } });
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await problemOf(response)).detail).toContain(whose);
}

describe('the live feed with its connection caps reached', () => {
  let server: TestServer;
  const open: SseReader[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: true, publicRead: true, live: { maxConnections: 4, maxPerClient: 2, heartbeatMs: 100 } });
  });
  afterAll(async () => {
    for (const reader of open) reader.close();
    await server.stop();
  });

  it('refuses a token\'s connection over its cap with 503 and Retry-After, and takes it again once one closes', async () => {
    const first = await openFeed(server, bearer('reader'));
    open.push(first, await openFeed(server, bearer('reader')));
    await expectFeedFull(server, bearer('reader'), 'this token');
    open.push(await openFeed(server, bearer('recorder')));

    first.close();
    await until(() => server.running.hub.admission.size === 2);
    open.push(await openFeed(server, bearer('reader')));
  });

  it('counts connections without a token per client address', async () => {
    open.push(await openFeed(server, {}));
    expect(server.running.hub.admission.size).toBe(4);
    await expectFeedFull(server, bearer('admin'), 'this server');
    open.splice(0).forEach((reader) => reader.close());
    await until(() => server.running.hub.admission.size === 0);
    open.push(await openFeed(server, {}), await openFeed(server, {}));
    await expectFeedFull(server, {}, 'this address');
  });
});

/** A GET from a given loopback address, so two client addresses can be told apart. */
function getFrom(localAddress: string, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('an address that keeps presenting unknown tokens', () => {
  let server: TestServer;
  const WINDOW_MS = 2_500;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, authThrottle: { maxFailures: 4, windowMs: WINDOW_MS } });
  });
  afterAll(() => server.stop());

  it('answers 429 with Retry-After after its burst, even for a good token and on every route, until the window passes', async () => {
    // Failures count on every route, reads and appends alike; a success in between resets nothing.
    expect((await server.request('/negotiations', { headers: WRONG })).status).toBe(401);
    const windowOpenedBy = Date.now();
    expect((await server.request('/negotiations/eu-openai-gpt-5-5-cyber', { headers: WRONG })).status).toBe(401);
    expect((await server.request('/negotiations', { as: 'reader' })).status).toBe(200);
    expect((await server.request('/negotiations/x/events', { method: 'POST', headers: { ...WRONG, 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await server.request('/events/live?access_token=wrong-token-0123456789abcdef012345')).status).toBe(401);

    const refused = await server.request('/negotiations', { as: 'reader' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    expect((await problemOf(refused)).status).toBe(429);
    expect((await server.request('/negotiations/eu-openai-gpt-5-5-cyber', { as: 'reader' })).status).toBe(429);
    expect((await server.post('/negotiations/throttled/events', meeting())).status).toBe(429);
    expect((await server.request('/negotiations', { headers: WRONG })).status).toBe(429);

    // Another client address is not held back by this one.
    expect(await getFrom('127.0.0.2', `${server.url}/negotiations`, bearer('reader'))).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowOpenedBy + WINDOW_MS + 50 - Date.now())));
    expect((await server.request('/negotiations', { as: 'reader' })).status).toBe(200);
  });
});

/** Sends `text` on a raw connection and waits for the server to answer or close; what it sent back, and after how long. */
function rawExchange(port: number, text: string, waitMs: number): Promise<{ answer: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.once('close', () => finish(true));
    socket.write(text);
  });
}

describe('a client that sends its request too slowly', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer({ timeouts: { headersMs: 300, requestMs: 800, checkEveryMs: 50 }, live: { heartbeatMs: 100 } });
    port = server.running.port;
  });
  afterAll(() => server.stop());

  // Well past the timeouts above, far below Node's own defaults (60 s for headers, 300 s for a request).
  const WAIT_MS = 8_000;

  it('is answered 408 and cut off when its headers do not end in time', async () => {
    const { answer, closed } = await rawExchange(port, `GET /negotiations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.reader}\r\n`, WAIT_MS);
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('is answered 408 and cut off when its body does not arrive in time, on the append and the import route', async () => {
    for (const [path, role, type] of [
      ['/negotiations/slow-talks/events', 'recorder', 'application/json'],
      ['/admin/import', 'admin', 'application/x-ndjson'],
    ] as const) {
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS[role]}\r\nContent-Type: ${type}\r\nContent-Length: 1000\r\n\r\n`;
      const { answer, closed } = await rawExchange(port, `${head}{"type":"Meet`, WAIT_MS);
      expect({ path, closed }).toEqual({ path, closed: true });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    }
  });

  it('keeps a live feed open far past the request timeout: the limits are on receiving a request, not on its answer', async () => {
    const reader = await openFeed(server, bearer('reader'));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const heartbeats = reader.comments.filter((c) => c === 'heartbeat').length;
    await reader.until((r) => r.comments.filter((c) => c === 'heartbeat').length > heartbeats);
    expect(reader.ended).toBe(false);
    reader.close();
  });
});
