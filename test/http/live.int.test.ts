import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordedEvent } from '../../src/events/recordedEvent.js';
import { meeting, opened } from '../support/inputs.js';
import { startTestServer, TOKENS, type TestServer } from './harness.js';
import { SseReader } from './sseReader.js';

const auth = { Authorization: `Bearer ${TOKENS.reader}` };

async function allPositions(server: TestServer, after = 0): Promise<number[]> {
  const positions: number[] = [];
  for (;;) {
    const page = await server.store.readAll(after, 1_000);
    positions.push(...page.map((e) => e.position));
    if (page.length < 1_000) return positions;
    after = page[page.length - 1]!.position;
  }
}

async function appendMeetings(server: TestServer, id: string, count: number, summary = 'a meeting'): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => meeting({ data: { summary } }));
    const response = await server.post(`/negotiations/${id}/events`, batch);
    expect(response.status).toBe(201);
  }
}

describe('GET /events/live', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A small page size makes catching up take many reads, so appends land in the middle of it.
    server = await startTestServer({ seed: true, live: { heartbeatMs: 100, pollMs: 200, pageSize: 7 } });
  });
  afterAll(() => server.stop());

  it('sends events appended after connecting, in global order, as id/event/data frames', async () => {
    const reader = new SseReader(`${server.url}/events/live`, auth);
    expect((await reader.response).headers.get('content-type')).toMatch(/^text\/event-stream/);
    await reader.until((r) => r.comments.includes('connected'));
    const before = (await allPositions(server)).at(-1)!;
    await server.post('/negotiations/live-order-a/events', [opened(), meeting()]);
    await server.post('/negotiations/live-order-b/events', opened());
    await server.post('/negotiations/live-order-a/events', meeting());
    await reader.until((r) => r.events.length >= 4);
    reader.close();
    const { events } = reader;
    expect(events.map((e) => e.id)).toEqual(await allPositions(server, before));
    for (const e of events) {
      expect(RecordedEvent.parse(e.data).position).toBe(e.id);
      expect(e.event).toBe(e.data.type);
    }
  });

  it('resumes after Last-Event-ID without gaps or duplicates while appends continue', async () => {
    const positions = await allPositions(server);
    const resumeAfter = positions[3]!;
    const reader = new SseReader(`${server.url}/events/live`, { ...auth, 'Last-Event-ID': String(resumeAfter) });
    await server.post('/negotiations/live-resume/events', opened());
    await appendMeetings(server, 'live-resume', 60);
    const expected = await allPositions(server, resumeAfter);
    await reader.until((r) => r.events.length >= expected.length);
    await appendMeetings(server, 'live-resume', 5);
    const all = await allPositions(server, resumeAfter);
    await reader.until((r) => r.events.length >= all.length);
    reader.close();
    expect(reader.events.map((e) => e.id)).toEqual(all);
  });

  it('accepts ?after= in place of the header, and answers 400 for a malformed Last-Event-ID', async () => {
    const positions = await allPositions(server);
    const reader = new SseReader(`${server.url}/events/live?after=${positions.at(-3)}`, auth);
    await reader.until((r) => r.events.length >= 2);
    reader.close();
    expect(reader.events.map((e) => e.id)).toEqual(positions.slice(-2));
    const bad = await fetch(`${server.url}/events/live`, { headers: { ...auth, 'Last-Event-ID': 'yesterday' } });
    expect(bad.status).toBe(400);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const reader = new SseReader(`${server.url}/events/live`, auth);
    await reader.until((r) => r.comments.filter((c) => c === 'heartbeat').length >= 2);
    reader.close();
  });

  it('serves many clients at once, each the same events in the same order', async () => {
    const readers = Array.from({ length: 25 }, () => new SseReader(`${server.url}/events/live`, auth));
    await Promise.all(readers.map((r) => r.until((x) => x.comments.includes('connected'))));
    const before = (await allPositions(server)).at(-1)!;
    await server.post('/negotiations/live-many/events', opened());
    await appendMeetings(server, 'live-many', 30);
    const expected = await allPositions(server, before);
    await Promise.all(readers.map((r) => r.until((x) => x.events.length >= expected.length)));
    for (const r of readers) {
      r.close();
      expect(r.events.map((e) => e.id)).toEqual(expected);
    }
  });
});

describe('a stalled /events/live client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ live: { heartbeatMs: 60_000, pollMs: 60_000, maxBufferBytes: 64 * 1024, stallMs: 3_000 } });
  });
  afterAll(() => server.stop());

  it('is disconnected once its buffer stays full, while appends and other clients go on, and it can resume', async () => {
    const stalled = connect(server.running.port, '127.0.0.1');
    await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
    stalled.write(`GET /events/live HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKENS.reader}\r\n\r\n`);
    stalled.pause(); // never reads: the kernel's buffers fill, then Parley's
    let closed = false;
    stalled.on('close', () => (closed = true));
    stalled.on('error', () => undefined);
    const healthy = new SseReader(`${server.url}/events/live`, auth);
    await healthy.until((r) => r.comments.includes('connected'));
    await waitFor(() => server.running.hub.size === 2);

    expect((await server.post('/negotiations/live-stalled/events', opened())).status).toBe(201);
    const big = 'x'.repeat(9_500);
    let batches = 0;
    while (server.running.hub.size > 1) {
      if (++batches > 200) throw new Error('the stalled client was never disconnected');
      await appendMeetings(server, 'live-stalled', 100, big); // every append answers 201 meanwhile
    }
    const all = await allPositions(server);
    await healthy.until((r) => r.events.length >= all.length);
    healthy.close();
    expect(healthy.events.map((e) => e.id)).toEqual(all);

    stalled.resume(); // reading again, it finds its connection closed by the server
    await waitFor(() => closed);

    const resumed = new SseReader(`${server.url}/events/live`, { ...auth, 'Last-Event-ID': '0' });
    await resumed.until((r) => r.events.length >= all.length);
    resumed.close();
    expect(resumed.events.map((e) => e.id)).toEqual(all);
  });
});

describe('shutting the server down', () => {
  it('ends open live streams and stops accepting connections', async () => {
    const server = await startTestServer({ seed: true });
    const reader = new SseReader(`${server.url}/events/live`, auth);
    await reader.until((r) => r.comments.includes('connected'));
    await server.stop();
    await reader.closed();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
