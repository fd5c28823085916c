import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppendResult } from '../../src/answers/appendResult.js';
import { listOf } from '../../src/answers/cut.js';
import { Dashboard } from '../../src/answers/dashboard.js';
import { EventPage } from '../../src/answers/eventPage.js';
import { Grant } from '../../src/answers/grant.js';
import { Health } from '../../src/answers/health.js';
import { NegotiationState } from '../../src/answers/negotiationState.js';
import { NegotiationSummary } from '../../src/answers/negotiationSummary.js';
import { StateDiff } from '../../src/answers/stateDiff.js';
import { Statement } from '../../src/answers/statement.js';
import { TimelineEntry } from '../../src/answers/timelineEntry.js';
import { VerifyResult } from '../../src/answers/verifyResult.js';
import { LoggedEvent } from '../../src/answers/loggedEvent.js';
import { intervalOf } from '../../src/time/timePoint.js';
import { firstFinite, lastFinite } from '../../src/time/finiteBounds.js';
import { meeting, offerAccepted, offerMade, opened, statement } from '../support/inputs.js';
import { fingerprint, problemOf, SEED_FILE, startTestServer, type TestServer } from './harness.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const COMMISSION = 'eu-commission-ai-model-access';
const ANTHROPIC = 'eu-anthropic-claude-mythos';

/** The seed scenario's lines, which `startTestServer({ seed: true })` imports in file order. */
const seed = readFileSync(SEED_FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { negotiationId: string; type: string });
const seedNegotiations = [...new Set(seed.map((event) => event.negotiationId))];
const seedStatements = seed.filter((event) => event.type === 'StatementMade').length;

describe('the HTTP API over the seed scenario', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  describe('GET /health', () => {
    it('answers ok and the store kind without a token', async () => {
      const response = await server.request('/health');
      expect(response.status).toBe(200);
      expect(Health.parse(await response.json())).toEqual({ status: 'ok', store: 'sqlite' });
    });
  });

  describe('GET /negotiations', () => {
    it('lists every seed negotiation with the cut it answered for', async () => {
      const response = await server.request('/negotiations', { as: 'reader' });
      expect(response.status).toBe(200);
      const body = listOf(NegotiationSummary).parse(await response.json());
      expect(body.items.map((n) => n.id).sort()).toEqual([...seedNegotiations].sort());
      expect(body.items.every((n) => n.exists === 'yes')).toBe(true);
      expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(body.knownAt).toBe(body.asOf);
    });

    it('shows the negotiations opened by an asOf date, and none as known before anything was recorded', async () => {
      const body = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=2026-05-12', { as: 'reader' })).json());
      expect(body.asOf).toBe('2026-05-12');
      expect(body.items.map((n) => [n.id, n.exists, n.status])).toEqual([
        [OPENAI, 'yes', 'progressing'],
        [COMMISSION, 'yes', 'open'],
        [ANTHROPIC, 'yes', 'progressing'],
      ]);
      const unknown = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=2026-05-12&knownAt=2000', { as: 'reader' })).json());
      expect(unknown).toMatchObject({ knownAt: '2000', items: [] });
    });

    it('lists a negotiation only possibly opened by asOf with exists "possibly" and its pending count', async () => {
      const body = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=2026-05-05', { as: 'reader' })).json());
      const byId = new Map(body.items.map((n) => [n.id, n]));
      expect(byId.get(OPENAI)).toMatchObject({ exists: 'possibly', title: '', status: 'open', openOffers: 0, pending: 3 });
      expect(byId.get(COMMISSION)).toMatchObject({ exists: 'possibly', title: '', pending: 1 });
      expect(byId.get(ANTHROPIC)).toMatchObject({ exists: 'possibly', title: '', activeGrants: 2, pending: 3 });
    });

    it('cuts at the end of an EDTF asOf, as at its last day, and echoes it as written', async () => {
      for (const day of ['2026-05-10', '2026-05-11']) {
        const response = await server.request(`/negotiations?asOf=../${day}`, { as: 'reader' });
        expect(response.status).toBe(200);
        const body = listOf(NegotiationSummary).parse(await response.json());
        expect(body.asOf).toBe(`../${day}`);
        const sameDay = listOf(NegotiationSummary).parse(await (await server.request(`/negotiations?asOf=${day}`, { as: 'reader' })).json());
        expect(body.items).toEqual(sameDay.items);
      }
      // Every opening is "no later than" 11 May: only possible to the end of 10 May, definite at the end of 11 May.
      const before = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=../2026-05-10', { as: 'reader' })).json());
      expect(before.items.map((n) => n.exists)).toEqual(seedNegotiations.map(() => 'possibly'));
      const onTheDay = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=../2026-05-11', { as: 'reader' })).json());
      expect(onTheDay.items.map((n) => n.exists)).toEqual(seedNegotiations.map(() => 'yes'));
    });

    it('answers 400 naming asOf for an open-ended asOf: a cut needs an end', async () => {
      const response = await server.request('/negotiations?asOf=2026-04/..', { as: 'reader' });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.errors).toEqual([{ path: 'asOf', message: expect.stringMatching(/^a cut needs an end: 2026-04\/\.\. has none/) }]);
    });

    it('gives each summary its open offers beside their count', async () => {
      const body = listOf(NegotiationSummary).parse(await (await server.request('/negotiations', { as: 'reader' })).json());
      for (const summary of body.items) {
        const state = NegotiationState.parse(await (await server.request(`/negotiations/${summary.id}`, { as: 'reader' })).json());
        expect(summary.openOfferList).toEqual(state.offers.filter((o) => o.status === 'open'));
        expect(summary.openOffers).toBe(summary.openOfferList.length);
      }
      expect(body.items.find((n) => n.id === OPENAI)?.openOfferList).toHaveLength(1);
    });

    it('filters by status, leaving out a negotiation only possibly opened', async () => {
      const body = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?status=progressing', { as: 'reader' })).json());
      expect(body.items.map((n) => n.id)).toEqual([OPENAI, ANTHROPIC]);
      const open = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?status=open', { as: 'reader' })).json());
      expect(open.items.map((n) => n.id)).toEqual([COMMISSION]);
      const possibly = listOf(NegotiationSummary).parse(await (await server.request('/negotiations?asOf=2026-05-05&status=open', { as: 'reader' })).json());
      expect(possibly.items).toEqual([]);
    });

    it('answers 400 for an unknown status and ignores unknown parameters', async () => {
      const bad = await server.request('/negotiations?status=sleeping', { as: 'reader' });
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).errors?.[0]?.path).toBe('status');
      expect((await server.request('/negotiations?colour=blue', { as: 'reader' })).status).toBe(200);
    });
  });

  describe('GET /negotiations/{id}', () => {
    it('answers the state with its revision as ETag', async () => {
      const response = await server.request(`/negotiations/${OPENAI}`, { as: 'reader' });
      expect(response.status).toBe(200);
      const state = NegotiationState.parse(await response.json());
      expect(response.headers.get('etag')).toBe(`"${state.revision}"`);
      expect(state.offers.map((o) => o.offerId)).toEqual(['openai-gpt-5-5-cyber-access']);
    });

    it('answers the state as of a date, echoing asOf and knownAt', async () => {
      const state = NegotiationState.parse(await (await server.request(`/negotiations/${ANTHROPIC}?asOf=2026-04-13&knownAt=2030`, { as: 'reader' })).json());
      expect(state).toMatchObject({ asOf: '2026-04-13', knownAt: '2030', exists: 'possibly', status: 'open' });
      expect(state.grants.map((g) => g.grantId)).toEqual(['anthropic-mythos-project-glasswing', 'anthropic-mythos-uk-aisi']);
    });

    it('answers 404 before the negotiation was recorded, and for an unknown one', async () => {
      expect((await server.request(`/negotiations/${OPENAI}?knownAt=2000`, { as: 'reader' })).status).toBe(404);
      const unknown = await server.request('/negotiations/no-such-thing', { as: 'reader' });
      expect(unknown.status).toBe(404);
      expect((await problemOf(unknown)).title).toBe('Not found');
    });

    it('says in the 404 that knownAt before its recording excluded the negotiation', async () => {
      const unknown = await server.request(`/negotiations/${OPENAI}?knownAt=2000`, { as: 'reader' });
      expect(await problemOf(unknown)).toMatchObject({ status: 404, title: 'Not found', detail: `negotiation ${OPENAI} did not exist at that cut: not yet recorded by knownAt` });
      const timeline = await server.request(`/negotiations/${OPENAI}/timeline?asOf=2026-05-12&knownAt=2000`, { as: 'reader' });
      expect((await problemOf(timeline)).detail).toMatch(/not yet recorded by knownAt/);
    });

    it('answers 200 with exists "possibly" while the opening only possibly happened, its events pending', async () => {
      const response = await server.request(`/negotiations/${OPENAI}?asOf=2026-05-05`, { as: 'reader' });
      expect(response.status).toBe(200);
      const state = NegotiationState.parse(await response.json());
      expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', offers: [], statements: 0, asOf: '2026-05-05' });
      expect(state.pending.map((p) => p.type)).toEqual(['NegotiationOpened', 'OfferMade', 'StatusChanged']);
      expect(state.pending[0]).toMatchObject({ type: 'NegotiationOpened', occurredAt: '../2026-05-11', occurredAtInterval: { start: null, end: '2026-05-11T23:59:59.999Z' } });
      expect(response.headers.get('etag')).toBe('"-1"');
      // "No later than" has no start: however early the asOf, the opening stays possible, never 404.
      expect(NegotiationState.parse(await (await server.request(`/negotiations/${OPENAI}?asOf=2000`, { as: 'reader' })).json()).exists).toBe('possibly');
    });

    it('answers exists "yes" once the opening’s interval has ended, nothing pending', async () => {
      const response = await server.request(`/negotiations/${OPENAI}?asOf=2026-05-12`, { as: 'reader' });
      const state = NegotiationState.parse(await response.json());
      expect(state).toMatchObject({ exists: 'yes', title: "EU access to OpenAI's GPT-5.5 Cyber", status: 'progressing', pending: [], asOf: '2026-05-12' });
      expect(state.offers.map((o) => o.offerId)).toEqual(['openai-gpt-5-5-cyber-access']);
      expect(response.headers.get('etag')).toBe(`"${state.revision}"`);
      const now = NegotiationState.parse(await (await server.request(`/negotiations/${OPENAI}`, { as: 'reader' })).json());
      expect(now).toMatchObject({ exists: 'yes', pending: [] });
    });

    it('answers 400 for an invalid id or a date that does not exist', async () => {
      expect((await server.request('/negotiations/Not_An_Id', { as: 'reader' })).status).toBe(400);
      const badDate = await server.request(`/negotiations/${OPENAI}?asOf=2026-02-30`, { as: 'reader' });
      expect(badDate.status).toBe(400);
      expect((await problemOf(badDate)).errors?.[0]?.path).toBe('asOf');
    });
  });

  describe('GET /negotiations/{id}/timeline, /events and /diff', () => {
    it('answers the timeline in valid-time order', async () => {
      const body = listOf(TimelineEntry).parse(await (await server.request(`/negotiations/${ANTHROPIC}/timeline`, { as: 'reader' })).json());
      expect(body.items[0]!.type).toBe('NegotiationOpened');
      expect(body.items).toHaveLength(seed.filter((event) => event.negotiationId === ANTHROPIC).length);
      expect(body.items.every((e) => e.certainty === 'definite')).toBe(true);
    });

    it('lists the events possibly happened by asOf in the timeline, marked possible, with their interval', async () => {
      // On 5 May the grants have happened, the opening, status change and meetings only possibly, the statements (11 May) not yet.
      const body = listOf(TimelineEntry).parse(await (await server.request(`/negotiations/${ANTHROPIC}/timeline?asOf=2026-05-05`, { as: 'reader' })).json());
      expect(body.items.map((e) => [e.type, e.certainty])).toEqual([
        ['NegotiationOpened', 'possible'],
        ['AccessGranted', 'definite'],
        ['AccessGranted', 'definite'],
        ['StatusChanged', 'possible'],
        ['MeetingHeld', 'possible'],
      ]);
      expect(body.items[0]!.occurredAtInterval).toEqual({ start: null, end: '2026-05-11T23:59:59.999Z' });
      expect(body.items[4]!.occurredAtInterval).toEqual({ start: '2026-04-07T00:00:00.000Z', end: '2026-05-11T23:59:59.999Z' });
    });

    it('pages the raw log by revision', async () => {
      const response = await server.request(`/negotiations/${ANTHROPIC}/events?fromRevision=2&limit=3`, { as: 'reader' });
      const body = (await response.json()) as { items: unknown[] };
      expect(body.items.map((e) => LoggedEvent.parse(e).revision)).toEqual([2, 3, 4]);
      expect((await server.request('/negotiations/nobody/events', { as: 'reader' })).status).toBe(404);
      expect((await server.request(`/negotiations/${OPENAI}/events?limit=0`, { as: 'reader' })).status).toBe(400);
    });

    it('compares a negotiation only possibly opened at `from` as its state then: grants it already showed are not new', async () => {
      const diff = StateDiff.parse(await (await server.request(`/negotiations/${ANTHROPIC}/diff?from=2026-04-13&to=2026-05-12`, { as: 'reader' })).json());
      expect(diff.grants.added).toEqual([]);
    });

    it('answers what changed between two asOf dates, and 400 without `from`', async () => {
      const diff = StateDiff.parse(await (await server.request(`/negotiations/${ANTHROPIC}/diff?from=2026-04-06&to=2026-05-12`, { as: 'reader' })).json());
      expect(diff).toMatchObject({ from: '2026-04-06', to: '2026-05-12', status: { to: 'progressing' }, meetings: { to: { min: 4, max: 5 } }, statements: { to: seed.filter((event) => event.negotiationId === ANTHROPIC && event.type === 'StatementMade').length } });
      expect(diff.grants.added).toHaveLength(2);
      expect((await server.request(`/negotiations/${ANTHROPIC}/diff`, { as: 'reader' })).status).toBe(400);
    });

    it('answers 400 naming `from` or `to` when either diff cut has no end', async () => {
      for (const [query, name] of [['from=2026-04/..&to=2026-05-31', 'from'], ['from=2026-04-30&to=2026-05/..', 'to']] as const) {
        const response = await server.request(`/negotiations/${ANTHROPIC}/diff?${query}`, { as: 'reader' });
        expect(response.status).toBe(400);
        expect((await problemOf(response)).errors?.map((e) => e.path)).toEqual([name]);
      }
    });
  });

  describe('GET /statements, /access and /dashboard', () => {
    it('finds who said what, accent- and case-insensitively', async () => {
      const body = listOf(Statement).parse(await (await server.request('/statements?speaker=REGNIER', { as: 'reader' })).json());
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.every((s) => s.speaker.name === 'Thomas Regnier')).toBe(true);
      expect(new Set(body.items.map((s) => s.negotiationId))).toEqual(new Set(seedNegotiations));
    });

    it('bounds statements by occurredAt and rejects a malformed bound', async () => {
      const body = listOf(Statement).parse(await (await server.request('/statements?to=2026-05-10', { as: 'reader' })).json());
      expect(body.items).toEqual([]);
      const onTheDay = listOf(Statement).parse(await (await server.request('/statements?from=2026-05-11&to=2026-05-11', { as: 'reader' })).json());
      expect(onTheDay.items).toHaveLength(seedStatements);
      expect((await server.request('/statements?from=yesterday', { as: 'reader' })).status).toBe(400);
      expect((await server.request('/statements?includeRetracted=maybe', { as: 'reader' })).status).toBe(400);
    });

    it('returns statements possibly made by asOf only with includePossible=true, each with its certainty; 400 for a malformed value', async () => {
      // The statements are dated to the day of 11 May: at noon that day they are only possibly made.
      const without = listOf(Statement).parse(await (await server.request('/statements?asOf=2026-05-11T12:00:00Z', { as: 'reader' })).json());
      expect(without.items).toEqual([]);
      const withPossible = listOf(Statement).parse(await (await server.request('/statements?asOf=2026-05-11T12:00:00Z&includePossible=true', { as: 'reader' })).json());
      expect(withPossible.items).toHaveLength(seedStatements);
      expect(withPossible.items.every((s) => s.certainty === 'possible' && s.occurredAtInterval.start === '2026-05-11T00:00:00.000Z')).toBe(true);
      const now = listOf(Statement).parse(await (await server.request('/statements?includePossible=false', { as: 'reader' })).json());
      expect(now.items.every((s) => s.certainty === 'definite')).toBe(true);
      const bad = await server.request('/statements?includePossible=maybe', { as: 'reader' });
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).errors?.[0]?.path).toBe('includePossible');
    });

    it('lists the access register', async () => {
      const body = listOf(Grant).parse(await (await server.request('/access?grantee=security%20institute', { as: 'reader' })).json());
      expect(body.items.map((g) => g.grantId)).toEqual(['anthropic-mythos-uk-aisi']);
    });

    it('lists the grants that definitely happened in a negotiation only possibly opened', async () => {
      const body = listOf(Grant).parse(await (await server.request('/access?asOf=2026-04-07', { as: 'reader' })).json());
      expect(body).toMatchObject({ asOf: '2026-04-07', items: [{ negotiationId: ANTHROPIC, grantId: 'anthropic-mythos-project-glasswing', status: 'active' }] });
      expect(listOf(Grant).parse(await (await server.request('/access?asOf=2026-04-06', { as: 'reader' })).json()).items).toEqual([]);
    });

    it('summarises for dashboards', async () => {
      const body = Dashboard.parse(await (await server.request('/dashboard', { as: 'reader' })).json());
      expect(body.negotiations).toBe(seedNegotiations.length);
      expect(body.byStatus).toMatchObject({ open: 1, progressing: 2 });
      expect(body.possiblyOpen).toBe(0);
      expect(body.statements).toBe(seedStatements);
    });

    it('counts a negotiation only possibly opened apart, not by status, and what definitely happened in it', async () => {
      const body = Dashboard.parse(await (await server.request('/dashboard?asOf=2026-05-05', { as: 'reader' })).json());
      expect(body).toMatchObject({ negotiations: 0, possiblyOpen: seedNegotiations.length, byStatus: { open: 0, progressing: 0 }, openOffers: 0, activeGrants: 2, statements: 0 });
      expect(Dashboard.parse(await (await server.request('/dashboard?asOf=2026-05-12', { as: 'reader' })).json())).toMatchObject({ negotiations: seedNegotiations.length, possiblyOpen: 0 });
    });

    it('states the span of the whole log and its last position, whatever the cut', async () => {
      const log = await server.store.readAll(0, 1_000);
      const recorded = log.map((e) => e.recordedAt).sort();
      const expected = {
        occurredFrom: [...log].sort((a, b) => firstFinite(intervalOf(a.occurredAt)) - firstFinite(intervalOf(b.occurredAt)))[0]!.occurredAt,
        occurredTo: [...log].sort((a, b) => lastFinite(intervalOf(b.occurredAt)) - lastFinite(intervalOf(a.occurredAt)))[0]!.occurredAt,
        recordedFrom: recorded[0],
        recordedTo: recorded.at(-1),
      };
      for (const query of ['', '?asOf=2026-05-05', '?asOf=2026-05-31&knownAt=2026-05-31']) {
        const body = Dashboard.parse(await (await server.request(`/dashboard${query}`, { as: 'reader' })).json());
        expect(body.span).toEqual(expected);
        expect(body.lastPosition).toBe(Math.max(...log.map((e) => e.position)));
      }
    });
  });

  describe('GET /events', () => {
    it('pages the global log with `next` until it is null', async () => {
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = EventPage.parse(await (await server.request(`/events?after=${after}&limit=4`, { as: 'reader' })).json());
        seen.push(...page.items.map((e) => e.position));
        if (page.next === null) break;
        after = page.next;
      }
      const { events } = await fingerprint(server.store);
      expect(seen).toHaveLength(events);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    });

    it('answers 400 for a limit over 1,000 or a negative position', async () => {
      expect((await server.request('/events?limit=1001', { as: 'reader' })).status).toBe(400);
      expect((await server.request('/events?after=-1', { as: 'reader' })).status).toBe(400);
    });
  });

  describe('GET /audit/verify', () => {
    it('reports every chain intact', async () => {
      const report = VerifyResult.parse(await (await server.request('/audit/verify', { as: 'reader' })).json());
      expect(report.ok).toBe(true);
      expect(report.checked).toBe((await fingerprint(server.store)).events);
    });
  });

  describe('POST /admin/import', () => {
    it('imports JSON Lines for an admin, idempotently, and refuses a file with a bad line whole', async () => {
      const lines = [
        JSON.stringify({ negotiationId: 'imported-talks', ...opened(), id: randomUUID() }),
        JSON.stringify({ negotiationId: 'imported-talks', ...meeting(), id: randomUUID() }),
      ].join('\n');
      const headers = { 'Content-Type': 'application/x-ndjson' };
      const first = await server.request('/admin/import', { method: 'POST', as: 'admin', headers, body: lines });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ imported: 2, skipped: 0, negotiations: ['imported-talks'] });
      const again = await server.request('/admin/import', { method: 'POST', as: 'admin', headers, body: lines });
      expect(await again.json()).toMatchObject({ imported: 0, skipped: 2 });

      const before = await fingerprint(server.store);
      const bad = await server.request('/admin/import', { method: 'POST', as: 'admin', headers, body: `${JSON.stringify({ negotiationId: 'other-talks', ...opened() })}\n{"type":` });
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).errors?.[0]?.path).toBe('line 2');
      expect(await fingerprint(server.store)).toEqual(before);
      expect((await server.request('/admin/import', { method: 'POST', as: 'admin', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(415);
    });
  });

  describe('unknown routes', () => {
    it('answer a 404 problem document', async () => {
      const response = await server.request('/no/such/route', { as: 'admin' });
      expect(response.status).toBe(404);
      expect((await problemOf(response)).status).toBe(404);
    });
  });
});

describe('appending over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());
  const fresh = () => `talks-${randomUUID().slice(0, 8)}`;

  it('answers 201 with the revisions and the ETag, recorded by the token\'s name', async () => {
    const id = fresh();
    const response = await server.post(`/negotiations/${id}/events`, [opened(), meeting()]);
    expect(response.status).toBe(201);
    const body = AppendResult.parse(await response.json());
    expect(body).toMatchObject({ negotiationId: id, revision: 1 });
    expect(response.headers.get('etag')).toBe('"1"');
    const [first] = await server.store.readStream(id);
    expect(first!.recordedBy).toBe('rita-recorder');
  });

  it('answers 200 with the same body for an idempotent retry', async () => {
    const id = fresh();
    const event = { ...opened(), id: randomUUID() };
    const first = await server.post(`/negotiations/${id}/events`, event);
    const again = await server.post(`/negotiations/${id}/events`, event);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('etag')).toBe('"0"');
  });

  it('answers 409 for an event id reused with other content', async () => {
    const id = fresh();
    const event = { ...opened(), id: randomUUID() };
    await server.post(`/negotiations/${id}/events`, event);
    const response = await server.post(`/negotiations/${id}/events`, { ...event, occurredAt: '2026-05-02' });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).status).toBe(409);
  });

  it('honours If-Match, strong or weak, and answers 412 when it is stale', async () => {
    const id = fresh();
    await server.post(`/negotiations/${id}/events`, [opened(), offerMade('o-1')]);
    const weak = await server.post(`/negotiations/${id}/events`, meeting(), 'recorder', { 'If-Match': 'W/"1"' });
    expect(weak.status).toBe(201);
    const stale = await server.post(`/negotiations/${id}/events`, offerAccepted('o-1'), 'recorder', { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await problemOf(stale)).detail).toContain('revision 2');
    const strong = await server.post(`/negotiations/${id}/events`, offerAccepted('o-1'), 'recorder', { 'If-Match': '"2"' });
    expect(strong.status).toBe(201);
  });

  it('answers 400 for a malformed If-Match', async () => {
    const id = fresh();
    const response = await server.post(`/negotiations/${id}/events`, opened(), 'recorder', { 'If-Match': '*' });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.path).toBe('If-Match');
  });

  it('answers 400 with a JSON pointer to each invalid field', async () => {
    const response = await server.post(`/negotiations/${fresh()}/events`, [opened(), statement('')]);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors).toContainEqual({ path: '/1/data/text', message: expect.any(String) });
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const big = statement('x'.repeat(9_000));
    const response = await server.post(`/negotiations/${fresh()}/events`, Array.from({ length: 130 }, () => big));
    expect(response.status).toBe(413);
    expect((await problemOf(response)).status).toBe(413);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await server.request(`/negotiations/${fresh()}/events`, {
      method: 'POST',
      as: 'recorder',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(opened()),
    });
    expect(response.status).toBe(415);
  });

  it('answers 422 for a broken domain rule', async () => {
    const response = await server.post(`/negotiations/${fresh()}/events`, meeting());
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain('NegotiationOpened');
  });
});

describe('a negotiation opened on a known day, read before and during that day', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post('/negotiations/day-opened/events', [opened({ occurredAt: '2026-05-01' }), meeting()])).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('answers 404 as of the day before, saying asOf excluded it and naming the opening’s date', async () => {
    const early = await server.request('/negotiations/day-opened?asOf=2026-04-30', { as: 'reader' });
    expect(await problemOf(early)).toMatchObject({ status: 404, title: 'Not found', detail: 'negotiation day-opened did not exist at that cut: not yet happened by asOf (its opening is dated 2026-05-01)' });
    const timeline = await server.request('/negotiations/day-opened/timeline?asOf=2026-04-30', { as: 'reader' });
    expect((await problemOf(timeline)).detail).toMatch(/not yet happened by asOf/);
  });

  it('answers exists "possibly" during the day, "yes" at its end', async () => {
    const during = NegotiationState.parse(await (await server.request('/negotiations/day-opened?asOf=2026-05-01T12:00:00Z', { as: 'reader' })).json());
    expect(during).toMatchObject({ exists: 'possibly', title: '', pending: [{ type: 'NegotiationOpened', occurredAt: '2026-05-01' }] });
    const after = NegotiationState.parse(await (await server.request('/negotiations/day-opened?asOf=2026-05-01', { as: 'reader' })).json());
    expect(after).toMatchObject({ exists: 'yes', title: 'Access to GPT-5.5 Cyber', pending: [] });
  });
});

describe('a server whose store fails', () => {
  it('answers 500 without details for data it cannot read, and 503 once the store is gone', async () => {
    const server = await startTestServer({ seed: true });
    try {
      const db = new Database(server.store.path);
      db.prepare('UPDATE events SET body = ? WHERE position = 1').run('{"truncated":');
      db.close();
      const broken = await server.request('/events', { as: 'reader' });
      expect(broken.status).toBe(500);
      const problem = await problemOf(broken);
      expect(problem.detail).not.toMatch(/JSON|at |\.ts|\.js/);
      expect(server.logs()).toContain('request failed');

      await server.store.close();
      const health = await server.request('/health');
      expect(health.status).toBe(503);
      expect((await server.request('/dashboard', { as: 'reader' })).status).toBe(503);
    } finally {
      await server.stop();
    }
  });
});
