import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cut } from '../../projections/effectiveEvent.js';
import { decisionFold } from '../../src/domain/decisionState.js';
import { parseFullTextQuery } from '../../src/app/fullTextQuery.js';
import { IndexedQueries } from '../../src/app/indexedQueries.js';
import type { Page, PageQuery } from '../../src/app/page.js';
import { NegotiationQueries, type GrantKey, type OrgKey, type StatementKey, type StatementQuery, type SummaryKey } from '../../src/app/queries.js';
import { ReadProjector } from '../../src/app/readProjector.js';
import { StreamCache } from '../../src/app/streamCache.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import type { EventStore } from '../../src/store/eventStore.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { endOf } from '../../src/time/timePoint.js';
import { Prng } from '../support/prng.js';
import { RandomStream, randomTimePoint } from '../support/randomStream.js';
import { tempSqliteStore } from '../support/tempStore.js';
import { freshDatabase } from '../store/postgresTarget.js';

/**
 * The oracle (issue: the read side at scale): over a generated workload of many negotiations
 * (late events, corrections that move and change events, retractions, grants that expire and
 * are revoked, EDTF dates), every indexed query answers at random cuts exactly what the pure
 * replay answers. The workload is appended in three parts, each through the append's own
 * projector or left to a catch-up, and the cuts are asked after each part.
 */

const STREAMS = 8;
const EVENTS_PER_STREAM = 140;
const CUTS_PER_PART = 340; // three parts: more than 1,000 cuts in all
const DAY = 86_400_000;
const SPEAKERS = ['Thomas Regnier', 'regnier', 'Ana Ruiz', 'Zoë Ångström', 'ångström', 'Nobody'];
const ORGS = ['European Commission', 'OpenAI', 'anthropic', 'ENISA', 'AI Office', 'UK AI Security Institute', 'commission', 'Nobody'];
const STATUSES = ['open', 'progressing', 'stalled', 'agreed', 'failed', 'closed'] as const;
// Searches whose stems and prefixes the replay's reading and the engines' agree on, over the generated texts ("statement N", "corrected N").
const SEARCHES = ['statement', 'corrected', 'stat*', 'correct*', '"corrected"', 'statement corrected', 'absent'];

/** Batches of every stream, in the order they were recorded across streams (one clock, as one Parley records them). */
function workload(): RecordedEvent[][] {
  const batches: RecordedEvent[][] = [];
  for (let i = 0; i < STREAMS; i++) {
    const stream = new RandomStream({ negotiationId: `oracle-${i}`, seed: 0x0_a11ce + i, events: EVENTS_PER_STREAM, clockStart: Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000, idStart: (i + 1) * 1_000_000 });
    while (stream.events.length < EVENTS_PER_STREAM) batches.push(stream.batch(stream.prng.int(1, 5)));
  }
  return batches.sort((a, b) => Date.parse(a[0]!.recordedAt) - Date.parse(b[0]!.recordedAt));
}

/** Cuts at the edges (an event's end and the millisecond before it; a batch's recordedAt and the one before) and at random. */
function randomCuts(prng: Prng, log: readonly RecordedEvent[], count: number): Cut[] {
  const first = Date.parse(log[0]!.recordedAt);
  const last = Date.parse(log.at(-1)!.recordedAt);
  const cuts: Cut[] = [];
  for (let i = 0; i < count; i++) {
    const edge = endOf(prng.pick(log).occurredAt) - (prng.chance(0.5) ? 1 : 0);
    const asOf = prng.chance(0.4) ? edge : endOf(randomTimePoint(prng, Date.parse('2025-01-01') + prng.int(0, 700) * DAY));
    const roll = prng.next();
    const knownAt =
      roll < 0.4 ? Number.POSITIVE_INFINITY : roll < 0.7 ? Date.parse(prng.pick(log).recordedAt) - (prng.chance(0.5) ? 1 : 0) : first + Math.floor(prng.next() * (last - first));
    cuts.push({ asOf: Number.isFinite(asOf) ? asOf : Date.parse('2027-01-01'), knownAt });
  }
  return cuts;
}

function randomStatementQuery(prng: Prng): StatementQuery {
  const filter: { -readonly [K in keyof StatementQuery]: StatementQuery[K] } = {};
  if (prng.chance(0.3)) filter.speaker = prng.pick(SPEAKERS);
  if (prng.chance(0.3)) filter.org = prng.pick(ORGS);
  if (prng.chance(0.2)) filter.negotiation = `oracle-${prng.int(0, STREAMS)}`; // one beyond the last: a negotiation that does not exist
  if (prng.chance(0.3)) filter.includeRetracted = true;
  if (prng.chance(0.3)) filter.includePossible = true;
  if (prng.chance(0.2)) filter.from = Date.parse('2025-06-01') + prng.int(0, 300) * DAY;
  if (prng.chance(0.2)) filter.to = Date.parse('2025-09-01') + prng.int(0, 300) * DAY;
  if (prng.chance(0.35)) filter.q = parseFullTextQuery(prng.pick(SEARCHES));
  return filter;
}

/** Every item of a paged query, read `limit` at a time. */
async function drain<T, K>(limit: number, read: (page: PageQuery<K>) => Promise<Page<T, K>>): Promise<T[]> {
  const items: T[] = [];
  let after: K | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await read({ limit, ...(after !== undefined && { after }) });
    items.push(...page.items);
    if (page.last === null) return items;
    after = page.last;
  }
  throw new Error('a paged query did not end');
}

/** A search's answer is ranked by each engine its own way: compared as a set, by event, without the engine's snippet. */
function asRankedSet(items: readonly object[]): string[] {
  return items.map((item) => JSON.stringify({ ...item, snippet: undefined })).sort();
}

interface Tally {
  cuts: number;
  queries: number;
  nonEmpty: number;
}

/** Asks one cut every cross-negotiation question of both sides; a mismatch fails with the cut and the question. */
async function expectSameAnswers(indexed: NegotiationQueries, replay: NegotiationQueries, cut: Cut, prng: Prng, tally: Tally): Promise<void> {
  // Now and then in small pages, each read after the last one's cursor.
  const pageSize = prng.chance(0.06) ? prng.int(2, 9) : 1_000;
  const status = prng.pick(STATUSES);
  const statementQuery = randomStatementQuery(prng);
  const grantee = prng.chance(0.5) ? prng.pick(ORGS) : undefined;
  const model = prng.chance(0.2) ? prng.pick(['m', 'N', 'X']) : undefined;
  const accessFilter = { ...(grantee !== undefined && { grantee }), ...(model !== undefined && { model }) };
  const org = prng.pick(ORGS);
  const questions: [string, (queries: NegotiationQueries) => Promise<unknown>][] = [
    ['dashboard', (q) => q.dashboard(cut)],
    ['list', (q) => drain(pageSize, (page: PageQuery<SummaryKey>) => q.listPage(cut, undefined, page))],
    [`list status=${status}`, (q) => drain(pageSize, (page: PageQuery<SummaryKey>) => q.listPage(cut, status, page))],
    [`statements ${JSON.stringify(statementQuery)}`, async (q) => {
      const items = await drain(pageSize, (page: PageQuery<StatementKey>) => q.statementsPage(statementQuery, cut, page));
      return statementQuery.q ? asRankedSet(items) : items;
    }],
    [`access ${JSON.stringify(accessFilter)}`, (q) => drain(pageSize, (page: PageQuery<GrantKey>) => q.accessPage(accessFilter, cut, page))],
    [`orgs/${org}`, (q) => drain(pageSize, (page: PageQuery<OrgKey>) => q.orgPage(org, cut, page))],
  ];
  for (const [question, ask] of questions) {
    const [actual, expected] = [await ask(indexed), await ask(replay)];
    tally.queries++;
    if (Array.isArray(expected) ? expected.length > 0 : true) tally.nonEmpty++;
    // toEqual only on a mismatch: thousands of deep comparisons would dominate the run.
    if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ cut, question, answer: actual }).toEqual({ cut, question, answer: expected });
  }
  tally.cuts++;
}

/** Appends the batches as a Parley does: through the append's projector when the stream is in the cache, else left behind for a catch-up. */
async function appendAll(store: EventStore, cache: StreamCache<unknown>, projector: ReadProjector, batches: readonly RecordedEvent[][], prng: Prng): Promise<void> {
  for (const batch of batches) {
    const negotiationId = batch[0]!.negotiationId;
    if (prng.chance(0.8)) await cache.get(negotiationId);
    const pending = batch.map(({ position: _position, ...event }) => event);
    await store.append(negotiationId, batch[0]!.revision - 1, pending, projector.forAppend(negotiationId));
  }
}

function describeOracle(engine: string, open: () => Promise<{ store: EventStore; dispose: () => Promise<void> } | { skip: string }>): void {
  describe(`the indexed queries on ${engine}, over a generated workload of ${STREAMS} negotiations`, { timeout: 600_000 }, () => {
    let target: { store: EventStore; dispose: () => Promise<void> } | { skip: string };
    beforeAll(async () => {
      target = await open();
      if ('skip' in target) console.warn(`skipping the ${engine} oracle: ${target.skip}`);
    });
    afterAll(async () => {
      if (!('skip' in target)) await target.dispose();
    });

    it('answer exactly what the pure replay answers, at more than 1,000 random cuts, as the log grows', async (context) => {
      if ('skip' in target) return context.skip();
      const { store } = target;
      const cache = new StreamCache(store, decisionFold);
      const projector = new ReadProjector(store, cache);
      const indexed = new IndexedQueries(store, cache, store.readModel!, projector);
      const replay = new NegotiationQueries(store, new StreamCache(store, decisionFold));
      const batches = workload();
      const log = batches.flat();
      const prng = new Prng(0x0_0ac1e);
      const tally: Tally = { cuts: 0, queries: 0, nonEmpty: 0 };
      const parts = [batches.slice(0, batches.length / 3), batches.slice(batches.length / 3, (2 * batches.length) / 3), batches.slice((2 * batches.length) / 3)];
      let appended: RecordedEvent[] = [];
      for (const part of parts) {
        await appendAll(store, cache as StreamCache<unknown>, projector, part, prng);
        appended = [...appended, ...part.flat()];
        await projector.catchUp();
        // The indexed side must answer from its tables, not fall back to the replay.
        expect(await projector.ready()).toBe(true);
        expect(await store.readModel!.behind()).toEqual([]);
        for (const cut of randomCuts(prng, appended, CUTS_PER_PART)) await expectSameAnswers(indexed, replay, cut, prng, tally);
      }
      // The workload is what it claims, and the questions found answers.
      const types = new Set(log.map((event) => event.type));
      for (const type of ['EventCorrected', 'EventRetracted', 'AccessRevoked', 'StatementMade', 'OfferMade', 'StatusChanged']) expect(types).toContain(type);
      expect(log.some((event) => event.type === 'AccessGranted' && (event.data as { validUntil?: string }).validUntil !== undefined)).toBe(true);
      expect(log.some((event) => event.occurredAt.includes('/') || /[~?%]$/.test(event.occurredAt))).toBe(true);
      expect(tally.cuts).toBeGreaterThanOrEqual(1_000);
      expect(tally.nonEmpty).toBeGreaterThan(tally.queries / 2);
    });
  });
}

describeOracle('SQLite', async () => {
  const temp = tempSqliteStore();
  return { store: temp.store, dispose: temp.dispose };
});

describeOracle('PostgreSQL', async () => {
  const adminUrl = process.env.PARLEY_TEST_POSTGRES_URL;
  if (!adminUrl) return { skip: 'PARLEY_TEST_POSTGRES_URL is not set' };
  const database = await freshDatabase(adminUrl);
  const store = await PostgresEventStore.open(database.url);
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});
