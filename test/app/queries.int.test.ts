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

describe('the seed scenario (examples/eu-ai-model-access.jsonl) in a real SQLite store', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;

  beforeAll(async () => {
    temp = tempSqliteStore();
    let clock = IMPORTED_AT;
    parley = createParley({ store: temp.store, now: () => (clock += 1_000) });
    // Imported line by line, in file order, as `parley import` does.
    for (const { negotiationId, ...event } of seedLines()) {
      await parley.append({ negotiationId, inputs: [event], recordedBy: 'importer' });
    }
  });
  afterAll(async () => {
    await temp.dispose();
  });

  describe('as of now', () => {
    it('lists both negotiations, both progressing', async () => {
      const items = await parley.queries.list(cut());
      expect(items.map((n) => [n.id, n.status]).sort()).toEqual([
        [ANTHROPIC, 'progressing'],
        [OPENAI, 'progressing'],
      ]);
      expect(await parley.queries.list(cut(), 'progressing')).toHaveLength(2);
      expect(await parley.queries.list(cut(), 'stalled')).toEqual([]);
    });

    it('shows OpenAI’s offer open, with the three candidate beneficiaries', async () => {
      const state = await parley.queries.state(OPENAI, cut());
      expect(state.offers).toHaveLength(1);
      expect(state.offers[0]).toMatchObject({
        offerId: 'openai-gpt-5-5-cyber-access',
        from: 'OpenAI',
        to: 'European Commission',
        status: 'open',
        madeAt: '2026-05',
        terms: { model: 'GPT-5.5 Cyber', beneficiaries: ['AI Office', 'ENISA', 'DG CONNECT'] },
      });
      expect(state.offers[0]?.summary).toMatch(/candidates/);
      expect(state).toMatchObject({ title: "EU access to OpenAI's GPT-5.5 Cyber", status: 'progressing', openedAt: '2026-05', statements: 4, revision: 6 });
      expect(state.parties).toEqual([{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }]);
    });

    it('shows the Anthropic talks with 4–5 meetings and two active grants', async () => {
      const state = await parley.queries.state(ANTHROPIC, cut());
      expect(state.meetings).toEqual({ min: 4, max: 5, lastAt: '2026-04' });
      expect(state.grants.map((g) => [g.grantee, g.status])).toEqual([
        ['Project Glasswing partners', 'active'],
        ['UK AI Security Institute', 'active'],
      ]);
      expect(state.requests).toEqual([]);
      expect(state.offers).toEqual([]);
      expect(state.statements).toBe(3);
    });

    it('answers the dashboard', async () => {
      const dashboard = await parley.queries.dashboard(cut());
      expect(dashboard).toMatchObject({
        negotiations: 2,
        byStatus: { open: 0, progressing: 2, stalled: 0, agreed: 0, failed: 0, closed: 0 },
        meetings: { min: 4, max: 5, lastAt: '2026-04' },
        openOffers: 1,
        activeGrants: 2,
        statements: 7,
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
      expect(await parley.queries.dashboard(cut('2026-04-29'))).toMatchObject({ negotiations: 0, possiblyOpen: 1, ...expected });
      expect(await parley.queries.dashboard(cut('2026-05-31', '2026-06-10'))).toMatchObject(expected);
    });

    it('gives the timeline in valid-time order, ties in file order', async () => {
      const timeline = await parley.queries.timeline(ANTHROPIC, cut());
      expect(timeline.map((e) => e.type)).toEqual(['NegotiationOpened', 'MeetingHeld', 'AccessGranted', 'AccessGranted', 'StatusChanged', 'StatementMade', 'StatementMade', 'StatementMade']);
      expect(timeline.every((e) => !e.retracted && e.corrections.length === 0)).toBe(true);
    });
  });

  describe('at the dates of examples/README.md', () => {
    it('2026-04-29: the Anthropic talks (opened in April) possibly exist, everything of April pending; OpenAI’s not yet (404)', async () => {
      await notFound(parley.queries.state(OPENAI, cut('2026-04-29')), /not yet happened by asOf/);
      const state = await parley.queries.state(ANTHROPIC, cut('2026-04-29'));
      expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', parties: [], openedAt: null, meetings: { min: 0, max: 0 }, grants: [], revision: -1 });
      expect(state.pending.map((p) => [p.type, p.occurredAt])).toEqual([
        ['NegotiationOpened', '2026-04'],
        ['MeetingHeld', '2026-04'],
        ['AccessGranted', '2026-04'],
        ['AccessGranted', '2026-04'],
      ]);
      expect(state.pending[1]).toMatchObject({ summary: 'Meeting held (4–5)', occurredAtInterval: { start: '2026-04-01T00:00:00.000Z', end: '2026-04-30T23:59:59.999Z' } });
      const timeline = await parley.queries.timeline(ANTHROPIC, cut('2026-04-29'));
      expect(timeline.map((e) => e.certainty)).toEqual(['possible', 'possible', 'possible', 'possible']);
      expect((await parley.queries.list(cut('2026-04-29'))).map((n) => [n.id, n.exists, n.pending])).toEqual([[ANTHROPIC, 'possibly', 4]]);
    });

    it.each(['2026-04-30', '2026-05-30'])('%s: the Anthropic talks, open, 4–5 meetings, two grants, no statements; no OpenAI offer', async (asOf) => {
      const state = await parley.queries.state(ANTHROPIC, cut(asOf));
      expect(state).toMatchObject({ exists: 'yes', status: 'open', meetings: { min: 4, max: 5 }, statements: 0 });
      expect(state.grants.filter((g) => g.status === 'active')).toHaveLength(2);
      expect(await parley.queries.statements({}, cut(asOf))).toEqual([]);
    });

    it('2026-04-30: the OpenAI negotiation (opened in May) does not exist yet (404: not yet happened by asOf)', async () => {
      await notFound(parley.queries.state(OPENAI, cut('2026-04-30')), /^negotiation eu-openai-gpt-5-5-cyber did not exist at that cut: not yet happened by asOf \(its opening is dated 2026-05\)$/);
      await notFound(parley.queries.timeline(OPENAI, cut('2026-04-30')), /not yet happened by asOf/);
      expect((await parley.queries.list(cut('2026-04-30'))).map((n) => n.id)).toEqual([ANTHROPIC]);
      expect((await parley.queries.dashboard(cut('2026-04-30'))).possiblyOpen).toBe(0);
    });

    it('2026-05-30: the OpenAI negotiation possibly exists, its May events pending; May’s statements only with includePossible', async () => {
      const state = await parley.queries.state(OPENAI, cut('2026-05-30'));
      expect(state).toMatchObject({ exists: 'possibly', title: '', offers: [], statements: 0 });
      expect(state.pending.map((p) => p.summary)).toEqual([
        "Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber",
        'OpenAI offered GPT-5.5 Cyber to European Commission',
        'Statement by Thomas Regnier',
        'Status changed to progressing',
        'Statement by Thomas Regnier',
        'Statement by Thomas Regnier',
        'Statement by Thomas Regnier',
      ]);
      const anthropic = await parley.queries.state(ANTHROPIC, cut('2026-05-30'));
      expect(anthropic.pending.map((p) => p.type)).toEqual(['StatusChanged', 'StatementMade', 'StatementMade', 'StatementMade']);
      expect((await parley.queries.list(cut('2026-05-30'))).map((n) => [n.id, n.exists])).toEqual([
        [OPENAI, 'possibly'],
        [ANTHROPIC, 'yes'],
      ]);
      expect((await parley.queries.list(cut('2026-05-30'), 'open')).map((n) => n.id)).toEqual([ANTHROPIC]);
      expect(await parley.queries.dashboard(cut('2026-05-30'))).toMatchObject({ negotiations: 1, possiblyOpen: 1, byStatus: { open: 1, progressing: 0 }, openOffers: 0 });
      const possible = await parley.queries.statements({ includePossible: true }, cut('2026-05-30'));
      expect(possible).toHaveLength(7);
      expect(possible.every((s) => s.certainty === 'possible' && s.occurredAtInterval.end === '2026-05-31T23:59:59.999Z')).toBe(true);
    });

    it('2026-05-31: both negotiations progressing; OpenAI’s offer open', async () => {
      expect((await parley.queries.list(cut('2026-05-31'))).map((n) => n.status)).toEqual(['progressing', 'progressing']);
      expect((await parley.queries.state(OPENAI, cut('2026-05-31'))).offers[0]?.status).toBe('open');
    });

    it('a month cut (asOf=2026-05) is the end of May', async () => {
      expect((await parley.queries.state(OPENAI, cut('2026-05'))).offers[0]?.status).toBe('open');
    });
  });

  describe('knownAt', () => {
    it('before the import: nothing was known (404: not yet recorded by knownAt)', async () => {
      await notFound(parley.queries.state(ANTHROPIC, cut(undefined, '2026-06-09')), /^negotiation eu-anthropic-claude-mythos did not exist at that cut: not yet recorded by knownAt$/);
      expect(await parley.queries.list(cut(undefined, '2026-06-09'))).toEqual([]);
    });

    it('in the middle of the import: only what was recorded by then', async () => {
      // OpenAI's seven lines came first, one second apart: at +3 s only three of them were known.
      const knownAt = new Date(IMPORTED_AT + 3_000).toISOString();
      const state = await parley.queries.state(OPENAI, cut(undefined, knownAt));
      expect(state).toMatchObject({ status: 'open', statements: 1, revision: 2 });
      await notFound(parley.queries.state(ANTHROPIC, cut(undefined, knownAt)));
    });
  });

  describe('who said what', () => {
    it('finds every statement by "Regnier", in both negotiations', async () => {
      const statements = await parley.queries.statements({ speaker: 'Regnier' }, cut());
      expect(statements).toHaveLength(6);
      expect(statements.every((s) => s.speaker.name === 'Thomas Regnier' && s.status === 'current')).toBe(true);
      expect(new Set(statements.map((s) => s.negotiationId))).toEqual(new Set([OPENAI, ANTHROPIC]));
      expect(statements[0]).toMatchObject({ kind: 'paraphrase', occurredAt: '2026-05', recordedBy: 'importer', source: { publisher: 'Brief IA' } });
      expect('occurred' in statements[0]!).toBe(false);
    });

    it('narrows by negotiation, org and words', async () => {
      expect(await parley.queries.statements({ speaker: 'regnier', negotiation: ANTHROPIC }, cut())).toHaveLength(2);
      expect(await parley.queries.statements({ org: 'european commission' }, cut())).toHaveLength(7);
      const quoted = await parley.queries.statements({ q: 'four five meetings' }, cut());
      expect(quoted.map((s) => [s.speaker.name, s.kind, s.text])).toEqual([['European Commission', 'quote', 'four to five meetings']]);
      expect(await parley.queries.statements({ q: 'transparency' }, cut())).toHaveLength(1);
      expect(await parley.queries.statements({ negotiation: 'no-such-negotiation' }, cut())).toEqual([]);
    });

    it('bounds by occurredAt with from/to', async () => {
      expect(await parley.queries.statements({ to: endOf('2026-05-30') }, cut())).toEqual([]);
      expect(await parley.queries.statements({ from: intervalOf('2026-05').start, to: endOf('2026-05') }, cut())).toHaveLength(7);
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
          validFrom: '2026-04',
          validUntil: null,
          status: 'active',
        }),
      ]);
    });

    it('lists both Mythos grants by model, and none before April ends', async () => {
      expect(await parley.queries.access({ model: 'mythos' }, cut())).toHaveLength(2);
      expect(await parley.queries.access({}, cut('2026-04-29'))).toEqual([]);
      expect(await parley.queries.access({ model: 'GPT' }, cut())).toEqual([]);
    });
  });

  describe('the diff between two dates', () => {
    it('shows the Anthropic talks moving from open to progressing, with three statements, between 30 April and 31 May', async () => {
      const diff = await parley.queries.diff(ANTHROPIC, cut('2026-04-30'), cut('2026-05-31'));
      expect(diff.status).toEqual({ from: 'open', to: 'progressing' });
      expect(diff.statements).toEqual({ from: 0, to: 3 });
      expect(diff.meetings).toBeUndefined();
      expect(diff.grants).toEqual({ added: [], removed: [], changed: [] });
    });

    it('shows the whole OpenAI negotiation as new from a date when it did not exist yet', async () => {
      const diff = await parley.queries.diff(OPENAI, cut('2026-05-30'), cut('2026-05-31'));
      expect(diff.status).toEqual({ from: null, to: 'progressing' });
      expect(diff.offers.added).toMatchObject([{ offerId: 'openai-gpt-5-5-cyber-access', status: 'open' }]);
    });

    it('answers 404 when the negotiation was not even possibly opened at the "to" date', async () => {
      await notFound(parley.queries.diff(OPENAI, cut('2026-05-31'), cut('2026-04-30')), /at the "to" cut: not yet happened by asOf/);
    });

    it('compares with a state only possibly opened at the "to" date as with one not opened at all', async () => {
      const diff = await parley.queries.diff(OPENAI, cut('2026-04-30'), cut('2026-05-30'));
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
      expect(before).toHaveLength(15);
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

  it('on 30 April does not: 404, not yet happened by asOf', async () => {
    await notFound(parley.queries.state(ID, cut('2026-04-30')), /not yet happened by asOf/);
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
