import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_STREAM, type RecordedEvent } from '../../src/events/recordedEvent.js';
import type { EventStore } from '../../src/store/eventStore.js';
import {
  MAX_MS,
  MIN_MS,
  type DashboardTotals,
  type FoundRow,
  type ReadChange,
  type ReadCut,
  type ReadModel,
  type ReadRow,
  type StreamSpan,
  type Supersede,
  type SummaryTotals,
} from '../../src/store/readModel.js';
import { following, meeting, negotiationId, newStream } from './eventChain.js';

/** A store with a read model, empty of events and rows, and how to let it go. */
export type ReadModelStoreUnderTest = { store: EventStore; cleanup: () => Promise<void> } | { skip: string };

/** Valid time: 2026-05-<day>, epoch ms. */
export const day = (n: number): number => Date.UTC(2026, 4, n);
/** Transaction time: 2026-06-<day>, epoch ms. */
export const learned = (n: number): number => Date.UTC(2026, 5, n);

const NO_SPAN: StreamSpan = { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null };

/** A stream the tests appended to: its order among streams and the events so far. */
export interface TestStream {
  readonly id: string;
  readonly streamNo: number;
  readonly events: readonly RecordedEvent[];
}

/** What a test says of a change; the rest (stream, revisions) comes from the append. */
export interface ChangeParts {
  readonly recordedAt: number;
  readonly rows?: readonly ReadRow[];
  readonly supersede?: readonly Supersede[];
  readonly reset?: boolean;
  readonly span?: StreamSpan;
}

const BLANK: Omit<ReadRow, 'family' | 'key' | 'validFrom' | 'validTo'> = {
  end: 0,
  order: 0,
  orderText: '',
  start: 0,
  position: 1,
  status: '',
  who: '',
  what: '',
  orgs: [],
  text: '',
  body: '',
};

export function totals(over: Partial<SummaryTotals> = {}): SummaryTotals {
  return {
    existsYes: 1,
    meetingsMin: 0,
    meetingsMax: 0,
    lastAt: null,
    lastAtStart: MIN_MS,
    lastAtEnd: MIN_MS,
    openOffers: 0,
    activeGrants: 0,
    statements: 0,
    activityStart: MIN_MS,
    activityRecordedAt: '',
    ...over,
  };
}

/** A summary row over [from, to): its body names it by `label`. */
export function summary(label: string, from: number, to: number, over: Partial<ReadRow> = {}): ReadRow {
  return { ...BLANK, family: 'summary', key: 'n', validFrom: from, validTo: to, end: from, status: 'open', totals: totals(), body: label, ...over };
}

/** A statement row: definite from `end` on, in the order (start, recordedAt, stream, position). */
export function statement(
  key: string,
  start: number,
  over: Partial<ReadRow> & { recordedAt?: string } = {},
): ReadRow {
  const { recordedAt = '2026-06-01T00:00:00.000Z', ...rest } = over;
  return {
    ...BLANK,
    family: 'statement',
    key,
    validFrom: start,
    validTo: MAX_MS,
    end: start,
    order: start,
    orderText: recordedAt,
    start,
    status: 'current',
    body: key,
    ...rest,
  };
}

export function grant(key: string, from: number, to: number, order: number, over: Partial<ReadRow> = {}): ReadRow {
  return { ...BLANK, family: 'grant', key, validFrom: from, validTo: to, end: from, order, start: from, status: 'active', body: key, ...over };
}

/**
 * The read-model port's behaviour, for every store that keeps one. `makeStore` is called before
 * each test and must hand out a store without events or rows (the lookups read every stream).
 */
export function describeReadModelContract(name: string, makeStore: () => Promise<ReadModelStoreUnderTest>): void {
  describe(`the ${name} read model`, () => {
    let store: EventStore;
    let rm: ReadModel;
    let cleanup: (() => Promise<void>) | undefined;
    let warned = false;

    beforeEach(async (context) => {
      const made = await makeStore();
      if ('skip' in made) {
        if (!warned) console.warn(`skipping the ${name} read model contract: ${made.skip}`);
        warned = true;
        context.skip(made.skip);
        return;
      }
      store = made.store;
      rm = store.readModel!;
      cleanup = made.cleanup;
    });

    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    function changeOf(stream: { id: string; streamNo: number }, recorded: readonly RecordedEvent[], after: number, parts: ChangeParts): ReadChange {
      return {
        negotiationId: stream.id,
        streamNo: stream.streamNo,
        recordedAt: parts.recordedAt,
        supersede: parts.supersede ?? [],
        rows: parts.rows ?? [],
        revision: recorded[recorded.length - 1]!.revision,
        after,
        span: parts.span ?? NO_SPAN,
        ...(parts.reset && { reset: true }),
      };
    }

    /** Opens a stream (with `meetings` meetings after the opening), its change worked out by the append. */
    async function open(label: string, parts?: ChangeParts, meetings = 0): Promise<TestStream> {
      const id = negotiationId(label);
      const recorded = await store.append(id, NO_STREAM, newStream(id, meetings), parts && ((events) => changeOf({ id, streamNo: events[0]!.position }, events, -1, parts)));
      return { id, streamNo: recorded[0]!.position, events: recorded };
    }

    /** Appends one meeting to the stream, with this change (none: the stream falls behind). */
    async function add(stream: TestStream, parts?: ChangeParts): Promise<TestStream> {
      const last = stream.events[stream.events.length - 1]!;
      const pending = following(stream.events, [meeting(stream.events.length)]);
      const recorded = await store.append(stream.id, last.revision, pending, parts && ((events) => changeOf(stream, events, last.revision, parts)));
      return { ...stream, events: [...stream.events, ...recorded] };
    }

    /** A change for the stream's events so far, as a catch-up would apply it. */
    function catchUp(stream: TestStream, after: number, parts: ChangeParts): ReadChange {
      return changeOf(stream, stream.events, after, parts);
    }

    const bodies = (rows: readonly FoundRow[]) => rows.map((row) => row.body);
    /** The dashboard totals, each status counted (a store may leave out the statuses it counted none of). */
    const dashboard = async (cut: ReadCut, latest: number): Promise<DashboardTotals> => {
      const found = await rm.dashboardTotals(cut, latest);
      return { ...found, byStatus: { open: 0, progressing: 0, stalled: 0, agreed: 0, failed: 0, closed: 0, ...found.byStatus } };
    };
    const at = (asOf: number, knownAt: number): ReadCut => ({ asOf, knownAt });

    describe('a summary superseded from a later valid time', () => {
      it('keeps the earlier part and closes the rest, so the old reading stays at the old knownAt', async () => {
        const s = await open('supersede', { recordedAt: learned(1), rows: [summary('opened', day(1), MAX_MS)] });
        await add(s, {
          recordedAt: learned(5),
          supersede: [{ family: 'summary', from: day(10) }],
          rows: [summary('met', day(10), MAX_MS, { status: 'progressing' })],
        });
        const read = async (asOf: number, knownAt: number) => bodies(await rm.summaries(at(asOf, knownAt), { limit: 10 }));
        expect(await read(day(5), learned(5))).toEqual(['opened']);
        expect(await read(day(12), learned(5))).toEqual(['met']);
        expect(await read(day(12), learned(3))).toEqual(['opened']);
        expect(await read(day(5), learned(3))).toEqual(['opened']);
        expect(await read(day(12), learned(1) - 1)).toEqual([]);
        expect(await read(day(1) - 1, learned(5))).toEqual([]);
      });

      it('replaces rows written at the same transaction time whole, leaving no second reading', async () => {
        const s = await open('same-time', { recordedAt: learned(1), rows: [summary('opened', day(1), MAX_MS)] });
        const next = await add(s, {
          recordedAt: learned(5),
          supersede: [{ family: 'summary', from: day(10) }],
          rows: [summary('met', day(10), MAX_MS, { status: 'progressing' })],
        });
        await add(next, {
          recordedAt: learned(5),
          supersede: [{ family: 'summary', from: day(20) }],
          rows: [summary('agreed', day(20), MAX_MS, { status: 'agreed' })],
        });
        const read = async (asOf: number, knownAt: number) => bodies(await rm.summaries(at(asOf, knownAt), { limit: 10 }));
        expect(await read(day(5), learned(5))).toEqual(['opened']);
        expect(await read(day(15), learned(5))).toEqual(['met']);
        expect(await read(day(25), learned(5))).toEqual(['agreed']);
        expect(await read(day(25), learned(3))).toEqual(['opened']);
      });

      it('drops rows recorded after the superseding change, which never were visible at its time', async () => {
        const s = await open('later-row', { recordedAt: learned(9), rows: [summary('late', day(1), MAX_MS)] });
        await add(s, {
          recordedAt: learned(5),
          supersede: [{ family: 'summary', from: day(10) }],
          rows: [summary('early', day(10), MAX_MS, { status: 'progressing' })],
        });
        const read = async (asOf: number, knownAt: number) => bodies(await rm.summaries(at(asOf, knownAt), { limit: 10 }));
        expect(await read(day(12), learned(6))).toEqual(['early']);
        expect(await read(day(12), learned(9))).toEqual(['early']);
        expect(await read(day(12), learned(4))).toEqual([]);
      });
    });

    describe('a supersession naming one key', () => {
      it('closes only that key’s rows', async () => {
        const s = await open('keyed', {
          recordedAt: learned(1),
          rows: [grant('g1', day(1), MAX_MS, 0, { body: 'g1 old' }), grant('g2', day(2), MAX_MS, 1)],
        });
        await add(s, {
          recordedAt: learned(2),
          supersede: [{ family: 'grant', key: 'g1', from: day(5) }],
          rows: [grant('g1', day(5), MAX_MS, 0, { status: 'revoked', body: 'g1 new' })],
        });
        expect(bodies(await rm.grants(at(day(6), learned(2)), { limit: 10 }))).toEqual(['g1 new', 'g2']);
        expect(bodies(await rm.grants(at(day(3), learned(2)), { limit: 10 }))).toEqual(['g1 old', 'g2']);
        expect(bodies(await rm.grants(at(day(6), learned(1)), { limit: 10 }))).toEqual(['g1 old', 'g2']);
      });
    });

    describe('a change that resets its stream', () => {
      it('drops every earlier row, closed ones too, before adding its own', async () => {
        const s = await open('reset', { recordedAt: learned(1), rows: [summary('first', day(1), MAX_MS)] });
        const next = await add(s, { recordedAt: learned(2), supersede: [{ family: 'summary', from: day(3) }], rows: [summary('second', day(3), MAX_MS)] });
        await add(next, { recordedAt: learned(4), reset: true, supersede: [], rows: [summary('again', day(1), MAX_MS)] });
        expect(bodies(await rm.summaries(at(day(5), learned(1)), { limit: 10 }))).toEqual([]);
        expect(bodies(await rm.summaries(at(day(5), learned(3)), { limit: 10 }))).toEqual([]);
        expect(bodies(await rm.summaries(at(day(5), learned(4)), { limit: 10 }))).toEqual(['again']);
      });
    });

    describe('summaries at a cut', () => {
      it('answer in stream order, filtered by status among existing negotiations, paged by stream', async () => {
        const a = await open('sum-a', { recordedAt: learned(1), rows: [summary('a', day(1), MAX_MS, { status: 'open' })] });
        const b = await open('sum-b', { recordedAt: learned(1), rows: [summary('b', day(1), MAX_MS, { status: 'agreed' })] });
        await open('sum-c', { recordedAt: learned(1), rows: [summary('c', day(1), MAX_MS, { status: 'open' })] });
        await open('sum-d', { recordedAt: learned(1), rows: [summary('d', day(1), MAX_MS, { status: 'open', totals: totals({ existsYes: 0 }) })] });
        const cut = at(day(2), learned(2));
        expect(bodies(await rm.summaries(cut, { limit: 10 }))).toEqual(['a', 'b', 'c', 'd']);
        expect(bodies(await rm.summaries(cut, { status: 'open', limit: 10 }))).toEqual(['a', 'c']);
        expect(bodies(await rm.summaries(cut, { limit: 2 }))).toEqual(['a', 'b']);
        expect(bodies(await rm.summaries(cut, { after: { streamNo: b.streamNo, order: 0 }, limit: 10 }))).toEqual(['c', 'd']);
        expect(bodies(await rm.summaries(cut, { status: 'open', after: { streamNo: a.streamNo, order: 0 }, limit: 10 }))).toEqual(['c']);
        const [first] = await rm.summaries(cut, { limit: 1 });
        expect(first).toMatchObject({ negotiationId: a.id, streamNo: a.streamNo, key: 'n', body: 'a' });
      });
    });

    describe('the dashboard totals', () => {
      it('are zero over no summaries', async () => {
        expect(await dashboard(at(day(1), learned(1)), 5)).toEqual({
          negotiations: 0,
          byStatus: { open: 0, progressing: 0, stalled: 0, agreed: 0, failed: 0, closed: 0 },
          possiblyOpen: 0,
          meetingsMin: 0,
          meetingsMax: 0,
          lastAt: null,
          openOffers: 0,
          activeGrants: 0,
          statements: 0,
          latest: [],
        });
      });

      it('add up the summaries at the cut, with the latest activity best first', async () => {
        const one = { recordedAt: learned(1) };
        const a = await open('dash-a', {
          ...one,
          rows: [
            summary('a', day(1), MAX_MS, {
              status: 'open',
              totals: totals({ meetingsMin: 1, meetingsMax: 2, lastAt: '2026-05-01', lastAtStart: day(1), lastAtEnd: day(2), openOffers: 1, activeGrants: 2, statements: 3, activityStart: day(3), activityRecordedAt: '2026-06-01T00:00:00.000Z' }),
            }),
          ],
        });
        const b = await open('dash-b', {
          ...one,
          rows: [
            summary('b', day(1), MAX_MS, {
              status: 'agreed',
              totals: totals({ meetingsMin: 2, meetingsMax: 3, lastAt: '2026-05', lastAtStart: day(1), lastAtEnd: learned(1), statements: 1, activityStart: day(3), activityRecordedAt: '2026-06-02T00:00:00.000Z' }),
            }),
          ],
        });
        const c = await open('dash-c', {
          ...one,
          rows: [summary('c', day(1), MAX_MS, { status: 'open', totals: totals({ existsYes: 0, meetingsMin: 1, meetingsMax: 1, activityStart: day(5), activityRecordedAt: '2026-06-01T00:00:00.000Z' }) })],
        });
        const d = await open('dash-d', { ...one, rows: [summary('d', day(1), MAX_MS, { status: 'stalled', totals: totals({ activityStart: day(3), activityRecordedAt: '2026-06-02T00:00:00.000Z' }) })] });
        await open('dash-e', { ...one, rows: [summary('e', day(1), MAX_MS, { status: 'open' })] });
        const totalsAt = await dashboard(at(day(10), learned(2)), 3);
        expect({ ...totalsAt, latest: undefined }).toEqual({
          negotiations: 4,
          byStatus: { open: 2, progressing: 0, stalled: 1, agreed: 1, failed: 0, closed: 0 },
          possiblyOpen: 1,
          meetingsMin: 4,
          meetingsMax: 6,
          lastAt: '2026-05',
          openOffers: 1,
          activeGrants: 2,
          statements: 4,
          latest: undefined,
        });
        // (start DESC, recordedAt DESC, stream ASC); e has no activity.
        expect(totalsAt.latest.map((row) => row.negotiationId)).toEqual([c.id, b.id, d.id]);
        expect((await dashboard(at(day(10), learned(2)), 10)).latest.map((row) => row.negotiationId)).toEqual([c.id, b.id, d.id, a.id]);
      });

      it('have no meetings maximum when one summary’s is unbounded, and take the later stream on a tie of the last meeting', async () => {
        const last = { lastAt: '2026-05-03', lastAtStart: day(3), lastAtEnd: day(4) };
        await open('max-a', { recordedAt: learned(1), rows: [summary('a', day(1), MAX_MS, { totals: totals({ meetingsMin: 1, meetingsMax: 1, ...last }) })] });
        await open('max-b', { recordedAt: learned(1), rows: [summary('b', day(1), MAX_MS, { totals: totals({ meetingsMin: 2, meetingsMax: null, ...last, lastAt: '2026-05-03~' }) })] });
        const result = await dashboard(at(day(10), learned(2)), 3);
        expect(result).toMatchObject({ meetingsMin: 3, meetingsMax: null, lastAt: '2026-05-03~' });
      });

      it('read only the summaries at the cut', async () => {
        const s = await open('dash-cut', { recordedAt: learned(1), rows: [summary('open', day(1), MAX_MS, { totals: totals({ meetingsMin: 1 }) })] });
        await add(s, { recordedAt: learned(3), supersede: [{ family: 'summary', from: day(5) }], rows: [summary('agreed', day(5), MAX_MS, { status: 'agreed', totals: totals({ meetingsMin: 2 }) })] });
        expect(await dashboard(at(day(6), learned(2)), 1)).toMatchObject({ negotiations: 1, meetingsMin: 1, byStatus: { open: 1, agreed: 0 } });
        expect(await dashboard(at(day(6), learned(3)), 1)).toMatchObject({ negotiations: 1, meetingsMin: 2, byStatus: { open: 0, agreed: 1 } });
        expect(await dashboard(at(day(4), learned(3)), 1)).toMatchObject({ negotiations: 1, meetingsMin: 1, byStatus: { open: 1, agreed: 0 } });
        expect(await dashboard(at(day(1) - 1, learned(3)), 1)).toMatchObject({ negotiations: 0 });
      });
    });

    describe('statements at a cut', () => {
      let a: TestStream;
      let b: TestStream;
      beforeEach(async () => {
        a = await open('st-a', {
          recordedAt: learned(1),
          rows: [
            statement('s1', day(2), { who: 'ursula von der leyen', what: 'european commission', position: 2 }),
            statement('s2', day(4), { who: 'sam altman', what: 'openai', position: 3 }),
            statement('s3', day(4), { who: 'dario amodei', what: 'anthropic', position: 4, recordedAt: '2026-06-01T00:00:00.000Z' }),
            statement('s4', day(6), { who: 'sam altman', what: 'openai', position: 5, status: 'retracted' }),
            statement('s5', day(7), { who: 'sam altman', what: 'openai', position: 6, end: day(9) }),
            statement('s6', day(20), { who: 'sam altman', what: 'openai', position: 7 }),
          ],
        });
        b = await open('st-b', {
          recordedAt: learned(1),
          rows: [
            statement('t1', day(4), { who: 'henna virkkunen', what: 'european commission', position: 20, recordedAt: '2026-05-31T00:00:00.000Z' }),
            statement('t2', day(4), { who: 'sam altman', what: 'openai', position: 21 }),
          ],
        });
      });
      const cut = () => at(day(8), learned(2));
      const base = { includeRetracted: false, includePossible: false, limit: 20 };

      it('answer the definite, unretracted ones begun by asOf in (start, recordedAt, stream, position) order', async () => {
        expect(bodies(await rm.statements(cut(), base))).toEqual(['s1', 't1', 's2', 's3', 't2']);
        const [first] = await rm.statements(cut(), { ...base, limit: 1 });
        expect(first).toMatchObject({ negotiationId: a.id, streamNo: a.streamNo, key: 's1', end: day(2), order: day(2), orderText: '2026-06-01T00:00:00.000Z', start: day(2), position: 2, body: 's1' });
      });

      it('take the possible and the retracted ones when asked', async () => {
        expect(bodies(await rm.statements(cut(), { ...base, includePossible: true }))).toEqual(['s1', 't1', 's2', 's3', 't2', 's5']);
        expect(bodies(await rm.statements(cut(), { ...base, includeRetracted: true }))).toEqual(['s1', 't1', 's2', 's3', 't2', 's4']);
        expect(bodies(await rm.statements(at(day(30), learned(2)), base))).toEqual(['s1', 't1', 's2', 's3', 't2', 's5', 's6']);
      });

      it('filter by speaker and org text, negotiation and interval', async () => {
        expect(bodies(await rm.statements(cut(), { ...base, speaker: 'altman' }))).toEqual(['s2', 't2']);
        expect(bodies(await rm.statements(cut(), { ...base, speaker: 'n' }))).toEqual(['s1', 't1', 's2', 't2']);
        expect(bodies(await rm.statements(cut(), { ...base, org: 'commission' }))).toEqual(['s1', 't1']);
        expect(bodies(await rm.statements(cut(), { ...base, speaker: 'sam', org: 'anthropic' }))).toEqual([]);
        expect(bodies(await rm.statements(cut(), { ...base, speaker: '' }))).toEqual(['s1', 't1', 's2', 's3', 't2']);
        expect(bodies(await rm.statements(cut(), { ...base, negotiation: b.id }))).toEqual(['t1', 't2']);
        expect(bodies(await rm.statements(cut(), { ...base, from: day(3) }))).toEqual(['t1', 's2', 's3', 't2']);
        expect(bodies(await rm.statements(cut(), { ...base, to: day(3) }))).toEqual(['s1']);
        expect(bodies(await rm.statements(cut(), { ...base, includePossible: true, to: day(8) }))).toEqual(['s1', 't1', 's2', 's3', 't2']);
      });

      it('page on strictly after the last row of a page', async () => {
        const pages: string[][] = [];
        let after: FoundRow | undefined;
        for (;;) {
          const page = await rm.statements(cut(), { ...base, limit: 2, ...(after && { after }) });
          if (page.length === 0) break;
          pages.push(bodies(page));
          after = page[page.length - 1];
        }
        expect(pages).toEqual([['s1', 't1'], ['s2', 's3'], ['t2']]);
      });

      it('leave out what a later change superseded, at a knownAt after it', async () => {
        await add(a, {
          recordedAt: learned(3),
          supersede: [{ family: 'statement', key: 's2', from: MIN_MS }],
          rows: [statement('s2', day(4), { who: 'sam altman', what: 'openai', position: 3, status: 'retracted', body: 's2 retracted' })],
        });
        expect(bodies(await rm.statements(at(day(8), learned(3)), { ...base, speaker: 'altman' }))).toEqual(['t2']);
        expect(bodies(await rm.statements(at(day(8), learned(3)), { ...base, speaker: 'altman', includeRetracted: true }))).toEqual(['s2 retracted', 't2', 's4']);
        expect(bodies(await rm.statements(at(day(8), learned(2)), { ...base, speaker: 'altman' }))).toEqual(['s2', 't2']);
      });
    });

    describe('statements searched by text', () => {
      beforeEach(async () => {
        await open('fts', {
          recordedAt: learned(1),
          rows: [
            statement('long', day(2), { text: 'After a long day of talks in Brussels about the budget, the timetable and the staffing of the office, the negotiations went on.', position: 2 }),
            statement('short', day(3), { text: 'Negotiations, negotiations and more negotiations.', position: 3 }),
            statement('phrase', day(4), { text: 'The Commission asked for access to cyber capable models before the summer.', position: 4 }),
            statement('reversed', day(5), { text: 'Models that are capable in cyber operations were discussed.', position: 5 }),
            statement('other', day(6), { text: 'Nothing was agreed.', position: 6 }),
          ],
        });
      });
      const search = (terms: ({ word: string; prefix: boolean } | { phrase: string[] })[], over = {}) =>
        rm.statements(at(day(10), learned(2)), { includeRetracted: false, includePossible: false, limit: 10, q: { terms }, ...over });

      it('finds a word through its stem, ranks the text full of it first, and marks the matches', async () => {
        const found = await search([{ word: 'negotiating', prefix: false }]);
        expect(bodies(found)).toEqual(['short', 'long']);
        expect(found[0]!.rank!).toBeGreaterThan(found[1]!.rank!);
        expect(found[0]!.snippet).toContain('«Negotiations»');
        expect(found[1]!.snippet).toContain('«negotiations»');
      });

      it('finds a prefix only when asked for one', async () => {
        expect(bodies(await search([{ word: 'negot', prefix: true }]))).toEqual(['short', 'long']);
        expect(bodies(await search([{ word: 'negot', prefix: false }]))).toEqual([]);
      });

      it('finds a phrase only in its order, and needs every term', async () => {
        expect(bodies(await search([{ phrase: ['cyber', 'capable', 'models'] }]))).toEqual(['phrase']);
        expect(bodies(await search([{ word: 'cyber', prefix: false }, { word: 'models', prefix: false }])).sort()).toEqual(['phrase', 'reversed']);
        expect(bodies(await search([{ word: 'cyber', prefix: false }, { word: 'budget', prefix: false }]))).toEqual([]);
      });

      it('pages on strictly after the last row, by rank and then by the statement order', async () => {
        for (const terms of [[{ word: 'negotiations', prefix: false }], [{ word: 'cyber', prefix: false }], [{ word: 'cap', prefix: true }]]) {
          const all = await search(terms);
          const paged: FoundRow[] = [];
          let after: FoundRow | undefined;
          for (;;) {
            const page = await search(terms, { limit: 1, ...(after && { after }) });
            if (page.length === 0) break;
            paged.push(...page);
            after = page[0];
          }
          expect(paged).toEqual(all);
          expect(all.length).toBeGreaterThan(1);
        }
      });
    });

    describe('grants at a cut', () => {
      it('answer in (stream, order) order, filtered by grantee and model text, paged', async () => {
        const a = await open('gr-a', {
          recordedAt: learned(1),
          rows: [
            grant('a2', day(1), MAX_MS, 1, { who: 'european commission', what: 'gpt-5 cyber' }),
            grant('a1', day(1), MAX_MS, 0, { who: 'enisa', what: 'gpt-5 cyber' }),
            grant('a3', day(1), day(3), 2, { who: 'enisa', what: 'claude mythos' }),
          ],
        });
        await open('gr-b', { recordedAt: learned(1), rows: [grant('b1', day(1), MAX_MS, 0, { who: 'european commission', what: 'claude mythos' })] });
        const cut = at(day(5), learned(2));
        expect(bodies(await rm.grants(cut, { limit: 10 }))).toEqual(['a1', 'a2', 'b1']);
        expect(bodies(await rm.grants(at(day(2), learned(2)), { limit: 10 }))).toEqual(['a1', 'a2', 'a3', 'b1']);
        expect(bodies(await rm.grants(cut, { grantee: 'commission', limit: 10 }))).toEqual(['a2', 'b1']);
        expect(bodies(await rm.grants(cut, { model: 'cyber', limit: 10 }))).toEqual(['a1', 'a2']);
        expect(bodies(await rm.grants(cut, { grantee: 'commission', model: 'mythos', limit: 10 }))).toEqual(['b1']);
        expect(bodies(await rm.grants(cut, { limit: 1 }))).toEqual(['a1']);
        expect(bodies(await rm.grants(cut, { after: { streamNo: a.streamNo, order: 0, position: 1 }, limit: 10 }))).toEqual(['a2', 'b1']);
      });
    });

    describe('org items at a cut', () => {
      it('answer the rows of every family naming the org, definite statements and meetings only, in (start, stream, position, family) order', async () => {
        const meetingRow = (key: string, start: number, over: Partial<ReadRow> = {}): ReadRow => ({
          ...statement(key, start, over),
          family: 'meeting',
          orderText: '',
          status: '',
        });
        const a = await open('org-a', {
          recordedAt: learned(1),
          rows: [
            summary('summary a', day(1), MAX_MS, { start: day(1), position: 1, orgs: ['openai', 'european commission'] }),
            statement('said', day(3), { position: 3, orgs: ['openai'] }),
            statement('retracted', day(3), { position: 4, orgs: ['openai'], status: 'retracted' }),
            statement('possible', day(3), { position: 5, orgs: ['openai'], end: day(20) }),
            meetingRow('met', day(2), { position: 2, orgs: ['openai', 'anthropic'] }),
            grant('granted', day(4), MAX_MS, 0, { position: 6, orgs: ['openai'] }),
            { ...grant('offered', day(4), MAX_MS, 0, { position: 6, orgs: ['openai'] }), family: 'offer' },
          ],
        });
        await open('org-b', { recordedAt: learned(1), rows: [summary('summary b', day(1), MAX_MS, { start: day(1), position: 1, orgs: ['anthropic'] })] });
        const cut = at(day(10), learned(2));
        const items = await rm.orgItems(cut, { org: 'openai', limit: 20 });
        expect(bodies(items)).toEqual(['summary a', 'met', 'said', 'granted', 'offered']);
        expect(items.map((item) => item.family)).toEqual(['summary', 'meeting', 'statement', 'grant', 'offer']);
        expect(items[0]).toMatchObject({ negotiationId: a.id, streamNo: a.streamNo, family: 'summary' });
        expect(bodies(await rm.orgItems(at(day(30), learned(2)), { org: 'openai', limit: 20 }))).toEqual(['summary a', 'met', 'said', 'possible', 'granted', 'offered']);
        expect(bodies(await rm.orgItems(cut, { org: 'anthropic', limit: 20 }))).toEqual(['summary b', 'met']);
        expect(bodies(await rm.orgItems(cut, { org: 'open', limit: 20 }))).toEqual([]);
        const granted = items[3]!;
        expect(bodies(await rm.orgItems(cut, { org: 'openai', limit: 20, after: { start: granted.start, streamNo: granted.streamNo, position: granted.position, family: 'grant' } }))).toEqual(['offered']);
        expect(bodies(await rm.orgItems(cut, { org: 'openai', limit: 2 }))).toEqual(['summary a', 'met']);
      });

      it('follow a supersession: the kept part keeps its organisations', async () => {
        const s = await open('org-kept', { recordedAt: learned(1), rows: [summary('before', day(1), MAX_MS, { orgs: ['openai'] })] });
        await add(s, { recordedAt: learned(2), supersede: [{ family: 'summary', from: day(5) }], rows: [summary('after', day(5), MAX_MS, { orgs: ['anthropic'] })] });
        expect(bodies(await rm.orgItems(at(day(3), learned(2)), { org: 'openai', limit: 5 }))).toEqual(['before']);
        expect(bodies(await rm.orgItems(at(day(6), learned(2)), { org: 'openai', limit: 5 }))).toEqual([]);
        expect(bodies(await rm.orgItems(at(day(6), learned(1)), { org: 'openai', limit: 5 }))).toEqual(['before']);
        expect(bodies(await rm.orgItems(at(day(6), learned(2)), { org: 'anthropic', limit: 5 }))).toEqual(['after']);
      });
    });

    describe('the span of every stream', () => {
      it('has null ends while no stream has one', async () => {
        expect(await rm.span()).toEqual(NO_SPAN);
        await open('span-none', { recordedAt: learned(1) });
        expect(await rm.span()).toEqual(NO_SPAN);
      });

      it('takes the earliest start and the latest end, the earlier stream’s on a tie', async () => {
        const end = (text: string, ms: number) => ({ text, ms });
        await open('span-a', {
          recordedAt: learned(1),
          span: { occurredFrom: end('2026-05-02', day(2)), occurredTo: end('2026-05-09', day(9)), recordedFrom: end('a-rf', learned(1)), recordedTo: end('a-rt', learned(3)) },
        });
        await open('span-b', {
          recordedAt: learned(1),
          span: { occurredFrom: end('2026-05-02T00:00Z', day(2)), occurredTo: end('2026-05-10', day(10)), recordedFrom: end('b-rf', learned(1)), recordedTo: end('b-rt', learned(3)) },
        });
        await open('span-c', { recordedAt: learned(1), span: { ...NO_SPAN, occurredFrom: end('2026-05-03', day(3)) } });
        expect(await rm.span()).toEqual({
          occurredFrom: end('2026-05-02', day(2)),
          occurredTo: end('2026-05-10', day(10)),
          recordedFrom: end('a-rf', learned(1)),
          recordedTo: end('a-rt', learned(3)),
        });
      });
    });

    describe('streams the read model does not cover', () => {
      it('are behind after an append without a projector, or whose projector gave no change, in stream order', async () => {
        const covered = await open('covered', { recordedAt: learned(1) });
        const a = await store.append(...plain('plain-a'));
        const b = await open('projected-b', { recordedAt: learned(1) });
        await add(b);
        const c = negotiationId('undefined-c');
        await store.append(c, NO_STREAM, newStream(c, 1), () => undefined);
        expect(await rm.behind()).toEqual([
          { negotiationId: a[0]!.negotiationId, revision: -1 },
          { negotiationId: b.id, revision: 0 },
          { negotiationId: c, revision: -1 },
        ]);
        expect((await rm.behind()).map((stream) => stream.negotiationId)).not.toContain(covered.id);
      });

      it('stay behind when an append’s change follows a revision the read model does not cover', async () => {
        const opened = await open('gap', { recordedAt: learned(1), rows: [summary('opened', day(1), MAX_MS)] });
        const unprojected = await add(opened);
        await add(unprojected, { recordedAt: learned(3), supersede: [{ family: 'summary', from: day(5) }], rows: [summary('after the gap', day(5), MAX_MS)] });
        expect(await rm.behind()).toEqual([{ negotiationId: opened.id, revision: 0 }]);
        expect(bodies(await rm.summaries(at(day(6), learned(3)), { limit: 5 }))).toEqual(['opened']);
      });

      it('catch up through applyChanges, which skips a change whose stream has moved on', async () => {
        const opened = await open('catch-up', { recordedAt: learned(1), rows: [summary('opened', day(1), MAX_MS)] });
        const next = await add(opened);
        expect(await rm.behind()).toEqual([{ negotiationId: opened.id, revision: 0 }]);
        const stale = catchUp(opened, -1, { recordedAt: learned(2), rows: [summary('stale', day(1), MAX_MS)] });
        const caught = catchUp(next, 0, { recordedAt: learned(3), supersede: [{ family: 'summary', from: day(5) }], rows: [summary('caught up', day(5), MAX_MS)] });
        await rm.applyChanges([stale, caught]);
        expect(await rm.behind()).toEqual([]);
        expect(bodies(await rm.summaries(at(day(6), learned(3)), { limit: 5 }))).toEqual(['caught up']);
        expect(bodies(await rm.summaries(at(day(2), learned(3)), { limit: 5 }))).toEqual(['opened']);
        await rm.applyChanges([caught]);
        expect(bodies(await rm.summaries(at(day(2), learned(3)), { limit: 5 }))).toEqual(['opened']);
        expect(bodies(await rm.summaries(at(day(6), learned(3)), { limit: 5 }))).toEqual(['caught up']);
      });

      it('are every stream after clearReadModel, which forgets every row', async () => {
        const a = await open('clear-a', { recordedAt: learned(1), rows: [summary('a', day(1), MAX_MS, { orgs: ['openai'] }), statement('s', day(2), { text: 'negotiations' })] });
        const b = await open('clear-b', { recordedAt: learned(1), rows: [grant('g', day(1), MAX_MS, 0, { who: 'enisa' })] }, 2);
        await rm.clearReadModel();
        expect(await rm.behind()).toEqual([
          { negotiationId: a.id, revision: -1 },
          { negotiationId: b.id, revision: -1 },
        ]);
        const cut = at(day(10), learned(2));
        expect(await rm.summaries(cut, { limit: 5 })).toEqual([]);
        expect(await rm.grants(cut, { limit: 5 })).toEqual([]);
        expect(await rm.statements(cut, { includePossible: true, includeRetracted: true, limit: 5 })).toEqual([]);
        expect(await rm.statements(cut, { includePossible: true, includeRetracted: true, limit: 5, q: { terms: [{ word: 'negotiations', prefix: false }] } })).toEqual([]);
        expect(await rm.orgItems(cut, { org: 'openai', limit: 5 })).toEqual([]);
        expect((await dashboard(cut, 5)).negotiations).toBe(0);
        await rm.applyChanges([catchUp(a, -1, { recordedAt: learned(4), rows: [summary('a again', day(1), MAX_MS)] })]);
        expect(await rm.behind()).toEqual([{ negotiationId: b.id, revision: -1 }]);
        expect(bodies(await rm.summaries(at(day(10), learned(4)), { limit: 5 }))).toEqual(['a again']);
      });
    });

    describe('an append whose projector throws', () => {
      it('fails with the projector’s error and writes neither events nor rows', async () => {
        const id = negotiationId('throws');
        const failure = new Error('no change for you');
        await expect(
          store.append(id, NO_STREAM, newStream(id), () => {
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.readStream(id)).toEqual([]);
        expect(await rm.behind()).toEqual([]);
        const s = await open('after-throw', { recordedAt: learned(1), rows: [summary('fine', day(1), MAX_MS)] });
        await expect(
          store.append(s.id, 0, following(s.events, [meeting(1)]), (events) => {
            if (events.length > 0) throw failure;
            return undefined;
          }),
        ).rejects.toBe(failure);
        expect(await store.readStream(s.id)).toHaveLength(1);
        expect(await rm.behind()).toEqual([]);
        expect(bodies(await rm.summaries(at(day(2), learned(2)), { limit: 5 }))).toEqual(['fine']);
      });
    });

    /** An opening append with no projector. */
    function plain(label: string): Parameters<EventStore['append']> {
      const id = negotiationId(label);
      return [id, NO_STREAM, newStream(id)];
    }
  });
}
