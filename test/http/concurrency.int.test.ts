import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meeting, offerAccepted, offerMade, opened } from '../support/inputs.js';
import { startTestServer, type TestServer } from './harness.js';

describe('concurrent appends to one negotiation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('without If-Match: all 50 succeed, revisions 0..50 are gapless and the chain verifies', async () => {
    const id = 'concurrent-no-if-match';
    expect((await server.post(`/negotiations/${id}/events`, opened())).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => server.post(`/negotiations/${id}/events`, meeting({ data: { summary: `meeting ${i}` } }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const revisions = (await Promise.all(responses.map(async (r) => ((await r.json()) as { revision: number }).revision))).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    const events = await server.store.readStream(id);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    const report = (await (await server.request('/audit/verify', { as: 'reader' })).json()) as { ok: boolean; checked: number };
    expect(report).toMatchObject({ ok: true, checked: 51 });
  });

  it('with the same If-Match: exactly one of 20 answers 201, the other 19 answer 412', async () => {
    const id = 'concurrent-same-if-match';
    expect((await server.post(`/negotiations/${id}/events`, opened())).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.post(`/negotiations/${id}/events`, meeting({ data: { summary: `meeting ${i}` } }), 'recorder', { 'If-Match': '"0"' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(412)]);
    expect((await server.store.head(id))?.revision).toBe(1);
  });

  it('across streams at once: every stream keeps its own gapless revisions', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `parallel-stream-${i}`);
    await Promise.all(ids.map((id) => server.post(`/negotiations/${id}/events`, opened())));
    const responses = await Promise.all(ids.flatMap((id) => Array.from({ length: 10 }, () => server.post(`/negotiations/${id}/events`, meeting()))));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    for (const id of ids) expect((await server.store.readStream(id)).map((e) => e.revision)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(((await (await server.request('/audit/verify', { as: 'reader' })).json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe('two servers on one SQLite file', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    first = await startTestServer();
    second = await startTestServer({ storePath: first.store.path });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  it('each sees what the other recorded before deciding: If-Match and domain rules hold across them', async () => {
    const id = 'two-servers';
    expect((await first.post(`/negotiations/${id}/events`, opened())).status).toBe(201);
    expect((await first.post(`/negotiations/${id}/events`, meeting())).status).toBe(201); // the first server now caches the stream
    const offer = await second.post(`/negotiations/${id}/events`, offerMade('offer-from-elsewhere'), 'recorder', { 'If-Match': '"1"' });
    expect(offer.status).toBe(201);

    // The first server has not seen the offer: it must not answer 412 or 422 from its cache.
    const accepted = await first.post(`/negotiations/${id}/events`, offerAccepted('offer-from-elsewhere'), 'recorder', { 'If-Match': '"2"' });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
    const stale = await first.post(`/negotiations/${id}/events`, meeting(), 'recorder', { 'If-Match': '"2"' });
    expect(stale.status).toBe(412);

    const both = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).post(`/negotiations/${id}/events`, meeting())));
    expect(both.every((r) => r.status === 201)).toBe(true);
    expect((await first.store.readStream(id)).map((e) => e.revision)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(((await (await second.request('/audit/verify', { as: 'reader' })).json()) as { ok: boolean }).ok).toBe(true);
  });
});
