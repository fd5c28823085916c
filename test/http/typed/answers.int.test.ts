import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meeting, offerAccepted, opened } from '../../support/inputs.js';
import { startTestServer, type TestServer } from '../harness.js';
import { apiClient, type ApiClient } from './apiClient.js';
import { describedAnswers, type OpenApi } from './describedAnswers.js';

const SEEDED = 'eu-openai-gpt-5-5-cyber';

/** Each call goes through a client typed from the generated types; each answer is checked against the served document by the client. */
describe('the seeded server called through a client generated from its OpenAPI document', () => {
  let server: TestServer;
  let document: OpenApi;
  let nobody: ApiClient;
  let reader: ApiClient;
  let recorder: ApiClient;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    document = (await (await server.request('/openapi.json')).json()) as OpenApi;
    const check = describedAnswers(document);
    nobody = apiClient(server, check);
    reader = apiClient(server, check, 'reader');
    recorder = apiClient(server, check, 'recorder');
    admin = apiClient(server, check, 'admin');
  });
  afterAll(() => server.stop());

  it('answers the public routes as described, without a token', async () => {
    expect((await nobody.GET('/health')).data).toEqual({ status: 'ok', store: 'sqlite' });
    expect((await nobody.GET('/openapi.json')).data?.openapi).toBe('3.1.0');
  });

  it('answers the reads as described', async () => {
    const list = await reader.GET('/negotiations', { params: { query: { limit: '2' } } });
    expect(list.data?.items).toHaveLength(2);
    const state = await reader.GET('/negotiations/{id}', { params: { path: { id: SEEDED } } });
    expect(state.data?.id).toBe(SEEDED);
    const timeline = await reader.GET('/negotiations/{id}/timeline', { params: { path: { id: SEEDED } } });
    expect(timeline.data?.items.length).toBeGreaterThan(0);
    const log = await reader.GET('/negotiations/{id}/events', { params: { path: { id: SEEDED }, query: { limit: '3' } } });
    expect(log.data?.items).toHaveLength(3);
    const diff = await reader.GET('/negotiations/{id}/diff', { params: { path: { id: SEEDED }, query: { from: '2026-05-01', to: '2026-05-31' } } });
    expect(diff.response.status).toBe(200);
    const statements = await reader.GET('/statements', { params: { query: { q: 'model' } } });
    expect(statements.data?.items.length).toBeGreaterThan(0);
    const access = await reader.GET('/access');
    expect(access.data?.items.length).toBeGreaterThan(0);
    const org = await reader.GET('/orgs/{org}', { params: { path: { org: 'OpenAI' } } });
    expect(org.data?.org).toBe('OpenAI');
    const dashboard = await reader.GET('/dashboard', { params: { query: { asOf: '2026-05-31' } } });
    expect(dashboard.data?.negotiations).toBeGreaterThan(0);
    const events = await reader.GET('/events', { params: { query: { limit: '5' } } });
    expect(events.data?.items).toHaveLength(5);
    const verify = await reader.GET('/audit/verify');
    expect(verify.data?.ok).toBe(true);
  });

  it('answers at a cut where things only possibly happened as described, and on the page after', async () => {
    const cut = { asOf: '2026-05-10' };
    const state = await reader.GET('/negotiations/{id}', { params: { path: { id: SEEDED }, query: cut } });
    expect(state.data?.exists).toBe('possibly');
    const timeline = await reader.GET('/negotiations/{id}/timeline', { params: { path: { id: SEEDED }, query: cut } });
    expect(timeline.data?.items.some((entry) => entry.certainty === 'possible')).toBe(true);
    const statements = await reader.GET('/statements', { params: { query: { ...cut, includePossible: 'true' } } });
    expect(statements.response.status).toBe(200);
    const first = await reader.GET('/negotiations', { params: { query: { limit: '1' } } });
    const next = await reader.GET('/negotiations', { params: { query: { cursor: first.data!.next! } } });
    expect(next.data?.items[0]?.id).not.toBe(first.data?.items[0]?.id);
  });

  it('answers appends as described: recorded, retried, stale, reused, invalid, against a rule, not JSON', async () => {
    const id = `typed-${randomUUID().slice(0, 8)}`;
    const path = { id };
    const first = { ...opened(), id: randomUUID() };
    const recorded = await recorder.POST('/negotiations/{id}/events', { params: { path }, body: [first, meeting()] });
    expect(recorded.response.status).toBe(201);
    expect(recorded.data?.revision).toBe(1);
    expect((await recorder.POST('/negotiations/{id}/events', { params: { path }, body: first })).response.status).toBe(200);
    const stale = await recorder.POST('/negotiations/{id}/events', { params: { path, header: { 'If-Match': '"0"' } }, body: meeting() });
    expect(stale.error?.currentRevision).toBe(1);
    const reused = await recorder.POST('/negotiations/{id}/events', { params: { path }, body: { ...first, occurredAt: '2026-05-02' } });
    expect(reused.response.status).toBe(409);
    const invalid = await recorder.POST('/negotiations/{id}/events', { params: { path }, body: { ...meeting(), occurredAt: 'soon' } });
    expect(invalid.error?.errors?.length).toBeGreaterThan(0);
    const unknownOffer = await recorder.POST('/negotiations/{id}/events', { params: { path }, body: offerAccepted('no-such-offer') });
    expect(unknownOffer.response.status).toBe(422);
    const notJson = await recorder.POST('/negotiations/{id}/events', { params: { path }, body: meeting(), bodySerializer: () => 'a meeting', headers: { 'Content-Type': 'text/plain' } });
    expect(notJson.response.status).toBe(415);
  });

  it('answers refusals as described: unknown negotiation, malformed parameter, no token, a role too low', async () => {
    expect((await reader.GET('/negotiations/{id}', { params: { path: { id: 'no-such-negotiation' } } })).error?.status).toBe(404);
    expect((await reader.GET('/negotiations', { params: { query: { asOf: 'yesterday' } } })).error?.status).toBe(400);
    expect((await nobody.GET('/dashboard')).error?.status).toBe(401);
    expect((await reader.POST('/negotiations/{id}/events', { params: { path: { id: SEEDED } }, body: meeting() })).error?.status).toBe(403);
  });

  it('answers the admin routes as described', async () => {
    const lines = `${JSON.stringify({ ...opened(), negotiationId: `imported-${randomUUID().slice(0, 8)}` })}\n`;
    const imported = await admin.POST('/admin/import', { body: lines, bodySerializer: (body) => body, headers: { 'Content-Type': 'application/x-ndjson' } });
    expect(imported.response.status).toBe(200);
    expect((await admin.GET('/admin/rebuild')).response.status).toBe(200);
  });
});
