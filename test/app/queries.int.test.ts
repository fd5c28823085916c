import { parseFullTextQuery } from '../../src/app/fullTextQuery.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCut } from '../../src/app/cut.js';
import { parseImportLine } from '../../src/app/importLine.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import { NotFoundError } from '../../src/errors.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { endOf, intervalOf } from '../../src/time/timePoint.js';
import { firstFinite, lastFinite } from '../../src/time/finiteBounds.js';
import { corrected, meeting, opened, retracted } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const COMMISSION = 'eu-commission-ai-model-access';
const ANTHROPIC = 'eu-anthropic-claude-mythos';
const SEED = new URL('../../examples/eu-ai-model-access.jsonl', import.meta.url);
const IMPORTED_AT = Date.parse('2026-06-10T09:00:00.000Z');
const NOW = Date.parse('2026-06-15T12:00:00.000Z');

/** A cut as the API builds it from query parameters. */
const cut = (asOf?: string, knownAt?: string): Cut => resolveCut(asOf, knownAt, NOW).cut;

/** Expects the query to answer 404 (NotFoundError), its detail matching `why` when given. */
async function notFound(query: Promise<unknown>, why?: RegExp): Promise<void> {
  await expect(query).rejects.toBeInstanceOf(NotFoundError);
  await expect(query).rejects.toMatchObject({ status: 404 });
  if (why) await expect(query).rejects.toThrow(why);
}

/** The seed's lines, each read as `parley import` reads an EventInput line. */
function seedLines() {
  return readFileSync(SEED, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((text, index) => {
      const line = parseImportLine({ number: index + 1, start: 0, end: 0, text });
      if (line.kind !== 'input') throw new Error(`seed line ${index + 1}: ${line.kind === 'problem' ? line.message : 'not an EventInput'}`);
      return { negotiationId: line.negotiationId, ...line.input };
    });
}

const seed = seedLines();
/** The revision of a stream's last event: its line count in the seed, less one. */
const lastRevisionOf = (negotiationId: string) => seed.filter((line) => line.negotiationId === negotiationId).length - 1;
/** The seed's statements, of one negotiation when given. */
const seedStatements = (negotiationId?: string) => seed.filter((line) => line.type === 'StatementMade' && (negotiationId === undefined || line.negotiationId === negotiationId));
/** Just before the import below recorded the stream's first line of that type: lines are recorded one second apart, from IMPORTED_AT + 1 s. */
const knownJustBefore = (negotiationId: string, type: string) => {
  const index = seed.findIndex((line) => line.negotiationId === negotiationId && line.type === type);
  return new Date(IMPORTED_AT + (index + 1) * 1_000 - 1).toISOString();
};

describe('the seed scenario (examples/eu-ai-model-access.jsonl) in a real SQLite store', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;

  beforeAll(async () => {
    temp = tempSqliteStore();
    let clock = IMPORTED_AT;
    parley = createParley({ store: temp.store, now: () => (clock += 1_000) });
    // Imported line by line, in file order, as `parley import` does.
    for (const { negotiationId, ...event } of seed) {
      await parley.append({ negotiationId, inputs: [event], recordedBy: 'importer' });
    }
  });
  afterAll(async () => {
    await temp.dispose();
  });

  describe('as of now', () => {
    it('lists the three negotiations: OpenAI’s and Anthropic’s progressing, the Commission’s general stream open', async () => {
      const items = await parley.queries.list(cut());
      expect(items.map((n) => n.id)).toEqual([...new Set(seed.map((line) => line.negotiationId))]);
      expect(items.map((n) => [n.id, n.exists, n.status])).toEqual([
        [OPENAI, 'yes', 'progressing'],
        [COMMISSION, 'yes', 'open'],
        [ANTHROPIC, 'yes', 'progressing'],
      ]);
      expect((await parley.queries.list(cut(), 'progressing')).map((n) => n.id)).toEqual([OPENAI, ANTHROPIC]);
      expect((await parley.queries.list(cut(), 'open')).map((n) => n.id)).toEqual([COMMISSION]);
      expect(await parley.queries.list(cut(), 'stalled')).toEqual([]);
    });

    it('shows OpenAI’s offer open, its three EU entities candidates, not beneficiaries', async () => {
      const state = await parley.queries.state(OPENAI, cut());
      expect(state.offers).toHaveLength(1);
      expect(state.offers[0]).toMatchObject({
        offerId: 'openai-gpt-5-5-cyber-access',
        from: 'OpenAI',
        to: 'European Commission',
        status: 'open',
        madeAt: '../2026-05-11',
        terms: { model: 'GPT-5.5 Cyber', candidateBeneficiaries: ['ENISA', 'AI Office', 'DG CONNECT'] },
      });
      expect(state.offers[0]?.terms).not.toHaveProperty('beneficiaries');
      expect(state.offers[0]?.summary).toMatch(/candidates/);
      expect(state).toMatchObject({
        exists: 'yes',
        title: "EU access to OpenAI's GPT-5.5 Cyber",
        status: 'progressing',
        openedAt: '../2026-05-11',
        meetings: { min: 0, max: 0, lastAt: null },
        statements: seedStatements(OPENAI).length,
        revision: lastRevisionOf(OPENAI),
        pending: [],
      });
      expect(state.parties).toEqual([{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }]);
    });

    it('shows the Anthropic talks with 4–5 meetings and two active grants', async () => {
      const state = await parley.queries.state(ANTHROPIC, cut());
      expect(state.meetings).toEqual({ min: 4, max: 5, lastAt: '2026-04-07/2026-05-11' });
      expect(state.grants.map((g) => [g.grantee, g.status, g.validFrom])).toEqual([
        ['Project Glasswing partners', 'active', '../2026-04-07'],
        ['UK AI Security Institute', 'active', '../2026-04-13'],
      ]);
      expect(state.requests).toEqual([]);
      expect(state.offers).toEqual([]);
      expect(state).toMatchObject({ status: 'progressing', statements: seedStatements(ANTHROPIC).length, revision: lastRevisionOf(ANTHROPIC) });
    });

    it('shows the Commission’s general stream open, with the Commission alone as party and its three statements', async () => {
      const state = await parley.queries.state(COMMISSION, cut());
      expect(state).toMatchObject({
        exists: 'yes',
        title: 'The European Commission on access to advanced AI models',
        status: 'open',
        parties: [{ org: 'European Commission', role: 'regulator' }],
        offers: [],
        grants: [],
        statements: seedStatements(COMMISSION).length,
      });
    });

    it('answers the dashboard', async () => {
      const dashboard = await parley.queries.dashboard(cut());
      expect(dashboard).toMatchObject({
        negotiations: 3,
        possiblyOpen: 0,
        byStatus: { open: 1, progressing: 2, stalled: 0, agreed: 0, failed: 0, closed: 0 },
        meetings: { min: 4, max: 5, lastAt: '2026-04-07/2026-05-11' },
        openOffers: 1,
        activeGrants: 2,
        statements: seedStatements().length,
      });
      expect(dashboard.latestActivity.length).toBeGreaterThan(0);
    });

    it('gives each summary its open offers beside their count, as the state lists them', async () => {
      const items = await parley.queries.list(cut());
      for (const summary of items) {
        const state = await parley.queries.state(summary.id, cut());
        expect(summary.openOfferList).toEqual(state.offers.filter((o) => o.status === 'open'));
        expect(summary.openOffers).toBe(summary.openOfferList.length);
      }
      expect(items.find((n) => n.id === OPENAI)?.openOfferList.map((o) => o.offerId)).toEqual(['openai-gpt-5-5-cyber-access']);
      expect(items.find((n) => n.id === ANTHROPIC)?.openOfferList).toEqual([]);
    });

    it('states the span of the whole log with the dashboard, whatever the cut', async () => {
      const log = await temp.store.readAll(0, 1_000);
      const byStart = [...log].sort((a, b) => firstFinite(intervalOf(a.occurredAt)) - firstFinite(intervalOf(b.occurredAt)));
      const byEnd = [...log].sort((a, b) => lastFinite(intervalOf(b.occurredAt)) - lastFinite(intervalOf(a.occurredAt)));
      const recorded = log.map((e) => e.recordedAt).sort();
      const expected = {
        span: { occurredFrom: byStart[0]!.occurredAt, occurredTo: byEnd[0]!.occurredAt, recordedFrom: recorded[0], recordedTo: recorded.at(-1) },
        lastPosition: Math.max(...log.map((e) => e.position)),
      };
      expect(await parley.queries.dashboard(cut())).toMatchObject(expected);
      expect(await parley.queries.dashboard(cut('2026-05-05'))).toMatchObject({ negotiations: 0, possiblyOpen: 3, ...expected });
      expect(await parley.queries.dashboard(cut('2026-05-31', '2026-06-10'))).toMatchObject(expected);
    });

    it('gives the timeline in valid-time order, ties in file order', async () => {
      // Four events start at −∞ ("no later than"): they keep file order, the opening first though
      // the grants end earlier; the meetings (from 7 April) and the statements (11 May) follow.
      const timeline = await parley.queries.timeline(ANTHROPIC, cut());
      expect(timeline.map((e) => [e.type, e.occurredAt])).toEqual([
        ['NegotiationOpened', '../2026-05-11'],
        ['AccessGranted', '../2026-04-07'],
        ['AccessGranted', '../2026-04-13'],
        ['StatusChanged', '../2026-05-11'],
        ['MeetingHeld', '2026-04-07/2026-05-11'],
        ['StatementMade', '2026-05-11'],
        ['StatementMade', '2026-05-11'],
        ['StatementMade', '2026-05-11'],
      ]);
      expect(timeline.every((e) => !e.retracted && e.corrections.length === 0 && e.certainty === 'definite')).toBe(true);
    });
  });

  describe('at the dates of examples/README.md', () => {
    it('2026-04-06: all three negotiations possibly exist (opened "no later than" 11 May), each opening, the offer, both status changes and both grants pending', async () => {
      const state = await parley.queries.state(ANTHROPIC, cut('2026-04-06'));
      expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', parties: [], openedAt: null, meetings: { min: 0, max: 0 }, grants: [], statements: 0, revision: -1 });
      expect(state.pending.map((p) => [p.type, p.occurredAt])).toEqual([
        ['NegotiationOpened', '../2026-05-11'],
        ['AccessGranted', '../2026-04-07'],
        ['AccessGranted', '../2026-04-13'],
        ['StatusChanged', '../2026-05-11'],
      ]);
      expect(state.pending[0]).toMatchObject({ summary: "Negotiation opened: EU access to Anthropic's Claude Mythos Preview", occurredAtInterval: { start: null, end: '2026-05-11T23:59:59.999Z' } });
      const timeline = await parley.queries.timeline(ANTHROPIC, cut('2026-04-06'));
      expect(timeline.map((e) => e.certainty)).toEqual(['possible', 'possible', 'possible', 'possible']);
      expect((await parley.queries.state(OPENAI, cut('2026-04-06'))).pending.map((p) => p.type)).toEqual(['NegotiationOpened', 'OfferMade', 'StatusChanged']);
      expect((await parley.queries.list(cut('2026-04-06'))).map((n) => [n.id, n.exists, n.pending])).toEqual([
        [OPENAI, 'possibly', 3],
        [COMMISSION, 'possibly', 1],
        [ANTHROPIC, 'possibly', 4],
      ]);
      expect(await parley.queries.dashboard(cut('2026-04-06'))).toMatchObject({ negotiations: 0, possiblyOpen: 3, activeGrants: 0 });
    });

    it('an opening "no later than" 11 May is possible at any earlier asOf, never "not yet happened"', async () => {
      expect(await parley.queries.state(OPENAI, cut('2000'))).toMatchObject({ exists: 'possibly', pending: [expect.objectContaining({ type: 'NegotiationOpened' }), expect.anything(), expect.anything()] });
      expect((await parley.queries.list(cut('2000'))).map((n) => n.exists)).toEqual(['possibly', 'possibly', 'possibly']);
    });

    it('2026-04-07: the Glasswing partners’ grant is definite, the meetings possible, the talks still only possibly opened', async () => {
      const state = await parley.queries.state(ANTHROPIC, cut('2026-04-07'));
      expect(state).toMatchObject({ exists: 'possibly', title: '', meetings: { min: 0, max: 0 }, revision: 1 });
      expect(state.grants.map((g) => [g.grantId, g.status])).toEqual([['anthropic-mythos-project-glasswing', 'active']]);
      expect(state.pending.map((p) => p.type)).toEqual(['NegotiationOpened', 'AccessGranted', 'StatusChanged', 'MeetingHeld']);
      expect(state.pending[3]).toMatchObject({ summary: 'Meeting held (4–5)', occurredAtInterval: { start: '2026-04-07T00:00:00.000Z', end: '2026-05-11T23:59:59.999Z' } });
    });

    it('2026-05-05: every negotiation only possibly opened; what definitely happened in them (both grants) still counts', async () => {
      const openai = await parley.queries.state(OPENAI, cut('2026-05-05'));
      expect(openai).toMatchObject({ exists: 'possibly', title: '', status: 'open', offers: [], statements: 0, revision: -1 });
      expect(openai.pending.map((p) => p.summary)).toEqual([
        "Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber",
        'OpenAI offered GPT-5.5 Cyber to European Commission',
        'Status changed to progressing',
      ]);
      const anthropic = await parley.queries.state(ANTHROPIC, cut('2026-05-05'));
      expect(anthropic).toMatchObject({ exists: 'possibly', status: 'open', meetings: { min: 0, max: 0 }, statements: 0 });
      expect(anthropic.grants.map((g) => g.status)).toEqual(['active', 'active']);
      expect(anthropic.pending.map((p) => p.type)).toEqual(['NegotiationOpened', 'StatusChanged', 'MeetingHeld']);
      const list = await parley.queries.list(cut('2026-05-05'));
      expect(list.map((n) => [n.id, n.exists, n.title, n.activeGrants])).toEqual([
        [OPENAI, 'possibly', '', 0],
        [COMMISSION, 'possibly', '', 0],
        [ANTHROPIC, 'possibly', '', 2],
      ]);
      // A negotiation only possibly opened has no status yet, so no status filter lists it.
      expect(await parley.queries.list(cut('2026-05-05'), 'open')).toEqual([]);
      expect(await parley.queries.list(cut('2026-05-05'), 'progressing')).toEqual([]);
      expect(await parley.queries.dashboard(cut('2026-05-05'))).toMatchObject({
        negotiations: 0,
        possiblyOpen: 3,
        byStatus: { open: 0, progressing: 0 },
        meetings: { min: 0, max: 0 },
        openOffers: 0,
        activeGrants: 2,
        statements: 0,
      });
      expect(await parley.queries.statements({}, cut('2026-05-05'))).toEqual([]);
      expect(await parley.queries.statements({ includePossible: true }, cut('2026-05-05'))).toEqual([]);
    });

    it('during 11 May (an instant of the briefing day): the day’s statements possibly made, returned only with includePossible', async () => {
      const during = cut('2026-05-11T12:00:00Z');
      expect((await parley.queries.state(OPENAI, during)).pending.map((p) => [p.type, p.occurredAt])).toEqual([
        ['NegotiationOpened', '../2026-05-11'],
        ['OfferMade', '../2026-05-11'],
        ['StatusChanged', '../2026-05-11'],
        ['StatementMade', '2026-05-11'],
      ]);
      expect(await parley.queries.statements({}, during)).toEqual([]);
      const possible = await parley.queries.statements({ includePossible: true }, during);
      expect(possible).toHaveLength(seedStatements().length);
      expect(possible.every((s) => s.certainty === 'possible' && s.occurredAtInterval.start === '2026-05-11T00:00:00.000Z' && s.occurredAtInterval.end === '2026-05-11T23:59:59.999Z')).toBe(true);
    });

    it.each(['2026-05-11', '2026-05-12'])('%s: everything definite: three negotiations exist, OpenAI’s offer open, 4–5 meetings with Anthropic, every statement made', async (asOf) => {
      expect((await parley.queries.list(cut(asOf))).map((n) => [n.id, n.exists, n.status, n.pending])).toEqual([
        [OPENAI, 'yes', 'progressing', 0],
        [COMMISSION, 'yes', 'open', 0],
        [ANTHROPIC, 'yes', 'progressing', 0],
      ]);
      expect((await parley.queries.state(OPENAI, cut(asOf))).offers.map((o) => o.status)).toEqual(['open']);
      expect(await parley.queries.state(ANTHROPIC, cut(asOf))).toMatchObject({ exists: 'yes', meetings: { min: 4, max: 5 }, statements: seedStatements(ANTHROPIC).length, pending: [] });
      expect(await parley.queries.dashboard(cut(asOf))).toMatchObject({ negotiations: 3, possiblyOpen: 0, byStatus: { open: 1, progressing: 2 } });
      expect(await parley.queries.statements({}, cut(asOf))).toHaveLength(seedStatements().length);
    });

    it('a month cut (asOf=2026-05) is the end of May', async () => {
      expect((await parley.queries.state(OPENAI, cut('2026-05'))).offers[0]?.status).toBe('open');
    });
  });

  describe('knownAt', () => {
    it('before the import: nothing was known (404: not yet recorded by knownAt)', async () => {
      await notFound(parley.queries.state(ANTHROPIC, cut(undefined, '2026-06-09')), /^negotiation eu-anthropic-claude-mythos did not exist at that cut: not yet recorded by knownAt$/);
      await notFound(parley.queries.timeline(OPENAI, cut('2026-05-12', '2026-06-09')), /not yet recorded by knownAt/);
      expect(await parley.queries.list(cut(undefined, '2026-06-09'))).toEqual([]);
    });

    it('in the middle of the import: only what was recorded by then', async () => {
      // OpenAI's lines came first, one second apart: just before its status change, only its opening and offer were known.
      const knownAt = knownJustBefore(OPENAI, 'StatusChanged');
      const state = await parley.queries.state(OPENAI, cut(undefined, knownAt));
      expect(state).toMatchObject({ exists: 'yes', status: 'open', statements: 0, revision: 1 });
      expect(state.offers.map((o) => o.offerId)).toEqual(['openai-gpt-5-5-cyber-access']);
      await notFound(parley.queries.state(COMMISSION, cut(undefined, knownAt)), /not yet recorded by knownAt/);
      await notFound(parley.queries.state(ANTHROPIC, cut(undefined, knownAt)), /not yet recorded by knownAt/);
      expect((await parley.queries.list(cut(undefined, knownAt))).map((n) => n.id)).toEqual([OPENAI]);
    });
  });

  describe('who said what', () => {
    it('finds every statement by "Regnier", in all three negotiations', async () => {
      const statements = await parley.queries.statements({ speaker: 'Regnier' }, cut());
      expect(statements).toHaveLength(seedStatements().filter((line) => line.type === 'StatementMade' && line.data.speaker.name === 'Thomas Regnier').length);
      expect(statements.every((s) => s.speaker.name === 'Thomas Regnier' && s.status === 'current')).toBe(true);
      expect(new Set(statements.map((s) => s.negotiationId))).toEqual(new Set([OPENAI, COMMISSION, ANTHROPIC]));
      expect(statements[0]).toMatchObject({ negotiationId: OPENAI, kind: 'paraphrase', occurredAt: '2026-05-11', recordedBy: 'importer', source: { publisher: 'Brief IA' } });
      expect('occurred' in statements[0]!).toBe(false);
    });

    it('narrows by negotiation, org and words; the quoted words are the Commission’s, unnamed', async () => {
      const inAnthropic = seedStatements(ANTHROPIC).filter((line) => line.type === 'StatementMade' && line.data.speaker.name === 'Thomas Regnier');
      expect(await parley.queries.statements({ speaker: 'regnier', negotiation: ANTHROPIC }, cut())).toHaveLength(inAnthropic.length);
      expect(await parley.queries.statements({ org: 'european commission' }, cut())).toHaveLength(seedStatements().length);
      const quoted = await parley.queries.statements({ q: parseFullTextQuery('four five meetings') }, cut());
      expect(quoted.map((s) => [s.negotiationId, s.speaker, s.kind, s.text])).toEqual([[ANTHROPIC, { org: 'European Commission' }, 'quote', 'four to five meetings']]);
      expect((await parley.queries.statements({ q: parseFullTextQuery('precautions') }, cut())).map((s) => s.negotiationId)).toEqual([COMMISSION]);
      expect(await parley.queries.statements({ negotiation: 'no-such-negotiation' }, cut())).toEqual([]);
    });

    it('bounds by occurredAt with from/to', async () => {
      expect(await parley.queries.statements({ to: endOf('2026-05-10') }, cut())).toEqual([]);
      expect(await parley.queries.statements({ from: intervalOf('2026-05-11').start, to: endOf('2026-05-11') }, cut())).toHaveLength(seedStatements().length);
    });
  });

  describe('the access register', () => {
    it('shows the UK AI Security Institute’s grant', async () => {
      expect(await parley.queries.access({ grantee: 'UK AI Security Institute' }, cut())).toEqual([
        expect.objectContaining({
          negotiationId: ANTHROPIC,
          grantId: 'anthropic-mythos-uk-aisi',
          grantee: 'UK AI Security Institute',
          grantor: 'Anthropic',
          model: 'Claude Mythos Preview',
          validFrom: '../2026-04-13',
          validUntil: null,
          status: 'active',
        }),
      ]);
    });

    it('lists both Mythos grants by model; none before 7 April, Glasswing’s from then, both from 13 April while the talks are only possibly opened', async () => {
      expect(await parley.queries.access({ model: 'mythos' }, cut())).toHaveLength(2);
      expect(await parley.queries.access({}, cut('2026-04-06'))).toEqual([]);
      expect((await parley.queries.access({}, cut('2026-04-07'))).map((g) => g.grantId)).toEqual(['anthropic-mythos-project-glasswing']);
      expect((await parley.queries.access({}, cut('2026-04-12'))).map((g) => g.grantId)).toEqual(['anthropic-mythos-project-glasswing']);
      expect((await parley.queries.access({}, cut('2026-04-13'))).map((g) => [g.grantId, g.status])).toEqual([
        ['anthropic-mythos-project-glasswing', 'active'],
        ['anthropic-mythos-uk-aisi', 'active'],
      ]);
      expect((await parley.queries.state(ANTHROPIC, cut('2026-04-13'))).exists).toBe('possibly');
      expect(await parley.queries.access({ model: 'GPT' }, cut())).toEqual([]);
    });
  });

  describe('the diff between two cuts', () => {
    it('shows the Anthropic talks moving from open to progressing, with 4–5 meetings and three statements, between what was known before and after its status change was recorded', async () => {
      const diff = await parley.queries.diff(ANTHROPIC, cut('2026-05-12', knownJustBefore(ANTHROPIC, 'StatusChanged')), cut('2026-05-12'));
      expect(diff.status).toEqual({ from: 'open', to: 'progressing' });
      expect(diff.statements).toEqual({ from: 0, to: seedStatements(ANTHROPIC).length });
      expect(diff.meetings).toEqual({ from: { min: 0, max: 0, lastAt: null }, to: { min: 4, max: 5, lastAt: '2026-04-07/2026-05-11' } });
      expect(diff.title).toBeUndefined();
      expect(diff.parties).toEqual({ added: [], removed: [] });
      expect(diff.grants).toEqual({ added: [], removed: [], changed: [] });
    });

    it('shows the Anthropic talks becoming definite between 6 April and 12 May: progressing, 4–5 meetings, three statements, both grants', async () => {
      const diff = await parley.queries.diff(ANTHROPIC, cut('2026-04-06'), cut('2026-05-12'));
      expect(diff).toMatchObject({
        status: { to: 'progressing' },
        title: { to: "EU access to Anthropic's Claude Mythos Preview" },
        meetings: { to: { min: 4, max: 5 } },
        statements: { to: seedStatements(ANTHROPIC).length },
      });
      expect(diff.grants.added).toMatchObject([{ grantId: 'anthropic-mythos-project-glasswing' }, { grantId: 'anthropic-mythos-uk-aisi' }]);
    });

    it('shows the whole OpenAI negotiation as new from a cut at which it did not exist yet', async () => {
      const diff = await parley.queries.diff(OPENAI, cut('2026-05-12', '2026-06-09'), cut('2026-05-12'));
      expect(diff.status).toEqual({ from: null, to: 'progressing' });
      expect(diff.offers.added).toMatchObject([{ offerId: 'openai-gpt-5-5-cyber-access', status: 'open' }]);
    });

    it('answers 404 when the negotiation was not even possibly opened at the "to" cut', async () => {
      await notFound(parley.queries.diff(OPENAI, cut('2026-05-12'), cut('2026-05-12', '2026-06-09')), /at the "to" cut: not yet recorded by knownAt/);
    });

    it('compares with a state only possibly opened at the "to" cut as with one not opened at all', async () => {
      const diff = await parley.queries.diff(OPENAI, cut('2026-05-05', '2026-06-09'), cut('2026-05-05'));
      expect(diff).toMatchObject({ status: { from: null, to: 'open' }, title: { from: null, to: '' }, offers: { added: [] } });
    });
  });

  describe('a negotiation that does not exist', () => {
    it('answers 404 for state, timeline and diff', async () => {
      await notFound(parley.queries.state('no-such-negotiation', cut()));
      await notFound(parley.queries.timeline('no-such-negotiation', cut()));
      await notFound(parley.queries.diff('no-such-negotiation', cut('2026-05'), cut()));
    });
  });

  describe('importing the file again', () => {
    it('changes nothing: every line is an idempotent retry', async () => {
      const before = await temp.store.readAll(0, 1_000);
      for (const { negotiationId, ...event } of seedLines()) {
        const outcome = await parley.append({ negotiationId, inputs: [event], recordedBy: 'importer' });
        expect(outcome.created).toBe(false);
      }
      expect(await temp.store.readAll(0, 1_000)).toEqual(before);
      expect(before).toHaveLength(seed.length);
    });
  });

  describe('another process reading the same file', () => {
    it('gives the same answers', async () => {
      const otherStore = new SqliteEventStore(temp.path);
      try {
        const reader = createParley({ store: otherStore, now: () => NOW });
        expect(await reader.queries.state(OPENAI, cut())).toEqual(await parley.queries.state(OPENAI, cut()));
        expect(await reader.queries.dashboard(cut())).toEqual(await parley.queries.dashboard(cut()));
      } finally {
        await otherStore.close();
      }
    });
  });
});

describe('the span the dashboard states, as the log grows', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  beforeAll(() => {
    temp = tempSqliteStore();
  });
  afterAll(async () => {
    await temp.dispose();
  });

  it('is empty for an empty store', async () => {
    const parley = createParley({ store: temp.store, now: () => NOW });
    expect(await parley.queries.dashboard(cut())).toMatchObject({ span: { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null }, lastPosition: 0 });
  });

  it('takes in every append (one recordedAt each), late and retracted events included, as a fresh reader of the store sees it', async () => {
    let clock = IMPORTED_AT;
    const parley = createParley({ store: temp.store, now: () => (clock += 1_000) });
    await parley.append({ negotiationId: 'spanned', inputs: [opened({ occurredAt: '2026-05' }), meeting({ occurredAt: '2026-05-20' })], recordedBy: 'test' });
    expect(await parley.queries.dashboard(cut())).toMatchObject({
      span: { occurredFrom: '2026-05', occurredTo: '2026-05', recordedFrom: '2026-06-10T09:00:01.000Z', recordedTo: '2026-06-10T09:00:01.000Z' },
      lastPosition: 2,
    });
    const late = await parley.append({ negotiationId: 'other', inputs: [opened({ occurredAt: '2026-04-30T22:00:00-03:00' }), meeting({ occurredAt: '2026-03' })], recordedBy: 'test' });
    await parley.append({ negotiationId: 'other', inputs: [retracted(late.events[1]!.id, { occurredAt: '2026-07-01' })], recordedBy: 'test' });
    expect(await parley.queries.dashboard(cut())).toMatchObject({
      span: { occurredFrom: '2026-03', occurredTo: '2026-07-01', recordedFrom: '2026-06-10T09:00:01.000Z', recordedTo: '2026-06-10T09:00:03.000Z' },
      lastPosition: 5,
    });
    await parley.append({ negotiationId: 'spanned', inputs: [meeting({ occurredAt: '2026-02-15' })], recordedBy: 'test' });
    const grown = await parley.queries.dashboard(cut());
    expect(grown).toMatchObject({
      span: { occurredFrom: '2026-02-15', occurredTo: '2026-07-01', recordedFrom: '2026-06-10T09:00:01.000Z', recordedTo: '2026-06-10T09:00:04.000Z' },
      lastPosition: 6,
    });
    const reader = createParley({ store: new SqliteEventStore(temp.path), now: () => NOW });
    try {
      expect(await reader.queries.dashboard(cut())).toEqual(grown);
    } finally {
      await reader.store.close();
    }
  });
});

describe('a negotiation opened in "2026-05" (a month), recorded on 1 June, its May meeting narrowed to 12 May on 3 June', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;
  let openingId: string;
  let meetingId: string;
  const ID = 'month-opened';

  beforeAll(async () => {
    temp = tempSqliteStore();
    let clock = Date.parse('2026-06-01T09:00:00.000Z');
    parley = createParley({ store: temp.store, now: () => clock });
    const recorded = await parley.append({ negotiationId: ID, inputs: [opened({ occurredAt: '2026-05' }), meeting({ occurredAt: '2026-05' })], recordedBy: 'test' });
    [openingId, meetingId] = recorded.events.map((e) => e.id) as [string, string];
    clock = Date.parse('2026-06-03T09:00:00.000Z');
    await parley.append({ negotiationId: ID, inputs: [corrected(meetingId, { occurredAt: '2026-05-12' }, { occurredAt: '2026-06-03' })], recordedBy: 'test' });
  });
  afterAll(async () => {
    await temp.dispose();
  });

  it('on 12 May possibly exists: 200, exists "possibly", the opening pending', async () => {
    const state = await parley.queries.state(ID, cut('2026-05-12', '2026-06-02'));
    expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', openedAt: null });
    expect(state.pending.map((p) => p.eventId)).toEqual([openingId, meetingId]);
  });

  it('on 30 April does not: 404, not yet happened by asOf, naming the opening’s date', async () => {
    await notFound(parley.queries.state(ID, cut('2026-04-30')), /^negotiation month-opened did not exist at that cut: not yet happened by asOf \(its opening is dated 2026-05\)$/);
    await notFound(parley.queries.timeline(ID, cut('2026-04-30')), /not yet happened by asOf/);
    expect(await parley.queries.list(cut('2026-04-30'))).toEqual([]);
    expect((await parley.queries.dashboard(cut('2026-04-30'))).possiblyOpen).toBe(0);
  });

  it('as known before its recording does not: 404, not yet recorded by knownAt', async () => {
    await notFound(parley.queries.state(ID, cut('2026-05-12', '2026-05-31')), /not yet recorded by knownAt/);
    await notFound(parley.queries.timeline(ID, cut('2026-06-01', '2026-05-31')), /not yet recorded by knownAt/);
  });

  it('on 1 June exists, nothing pending', async () => {
    expect(await parley.queries.state(ID, cut('2026-06-01'))).toMatchObject({ exists: 'yes', title: 'Access to GPT-5.5 Cyber', pending: [] });
  });

  it('on 20 May, the meeting narrowed to 12 May is definite from the moment the correction is known, pending before', async () => {
    const before = await parley.queries.state(ID, cut('2026-05-20', '2026-06-02'));
    expect(before.pending.map((p) => p.eventId)).toEqual([openingId, meetingId]);
    expect(before.meetings.min).toBe(0);
    const after = await parley.queries.state(ID, cut('2026-05-20'));
    expect(after.pending.map((p) => [p.eventId, p.occurredAt])).toEqual([[openingId, '2026-05']]);
    expect(after.meetings).toEqual({ min: 1, max: 1, lastAt: '2026-05-12' }); // it counts, though the opening is only possible
    const timeline = await parley.queries.timeline(ID, cut('2026-05-20'));
    expect(timeline.map((e) => [e.id, e.certainty])).toEqual([
      [openingId, 'possible'],
      [meetingId, 'definite'],
    ]);
    expect(timeline[1]!.occurredAtInterval).toEqual({ start: '2026-05-12T00:00:00.000Z', end: '2026-05-12T23:59:59.999Z' });
  });
});
