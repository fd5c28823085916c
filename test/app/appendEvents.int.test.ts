import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamVerifier } from '../../src/audit/hashChain.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import type { AppendOutcome } from '../../src/app/appendOnce.js';
import { DomainRuleError, EventIdConflictError, ParleyError, ValidationError, WrongExpectedRevisionError } from '../../src/errors.js';
import type { EventInput } from '../../src/events/eventInput.js';
import { NO_STREAM, RecordedEvent } from '../../src/events/recordedEvent.js';
import { readAllFrom, type EventStore } from '../../src/store/eventStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { eventId, idSequence } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

const N = 'eu-openai';
const START = Date.parse('2026-06-01T10:00:00.000Z');

async function everything(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readAllFrom(store)) events.push(event);
  return events;
}

/** The error an append is refused with; fails the test when the append succeeds. */
async function refusal(append: Promise<AppendOutcome>): Promise<ParleyError> {
  try {
    await append;
  } catch (error) {
    if (error instanceof ParleyError) return error;
    throw error;
  }
  throw new Error('expected the append to be refused');
}

/** Every stream in the store re-verified from its stored events (CONTRACT §6). */
async function verifyChains(store: EventStore): Promise<{ checked: number; breaks: unknown[] }> {
  let checked = 0;
  const breaks: unknown[] = [];
  for (const negotiationId of await store.listNegotiations()) {
    const verifier = new StreamVerifier(negotiationId);
    for (const event of await store.readStream(negotiationId)) verifier.check(event);
    checked += verifier.checked;
    breaks.push(...verifier.breaks);
  }
  return { checked, breaks };
}

describe('appending events to a real SQLite store', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;
  let clock: number;

  beforeEach(() => {
    temp = tempSqliteStore();
    clock = START;
    parley = createParley({ store: temp.store, now: () => clock, newId: idSequence(1_000) });
  });
  afterEach(async () => {
    await temp.dispose();
  });

  const append = (inputs: EventInput[], more: { negotiationId?: string; expectedRevision?: number; recordedBy?: string } = {}) =>
    parley.append({ negotiationId: more.negotiationId ?? N, inputs, recordedBy: more.recordedBy ?? 'alice', ...(more.expectedRevision !== undefined && { expectedRevision: more.expectedRevision }) });

  describe('one event', () => {
    it('is recorded at revision 0 with the clock’s time, the principal and a server-given id', async () => {
      const outcome = await append([input.opened()]);
      expect(outcome).toEqual({
        created: true,
        negotiationId: N,
        revision: 0,
        position: outcome.events[0]!.position,
        events: [{ id: eventId(1_000), revision: 0, position: outcome.events[0]!.position, recordedAt: '2026-06-01T10:00:00.000Z' }],
      });
      const [stored] = await temp.store.readStream(N);
      expect(RecordedEvent.parse(stored)).toMatchObject({ id: eventId(1_000), recordedBy: 'alice', recordedAt: '2026-06-01T10:00:00.000Z', occurredAt: '2026-05-01' });
    });
  });

  describe('a batch', () => {
    it('is recorded atomically with consecutive revisions and increasing positions', async () => {
      await append([input.opened()]);
      clock += 1_000;
      const outcome = await append([input.meeting(), input.offerMade('o-1'), { ...input.statement('s'), id: eventId(7) }]);
      expect(outcome.created).toBe(true);
      expect(outcome.events.map((e) => e.revision)).toEqual([1, 2, 3]);
      expect(outcome.revision).toBe(3);
      const positions = outcome.events.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(3);
      expect(outcome.position).toBe(positions[2]);
      expect(outcome.events[2]!.id).toBe(eventId(7));
      expect(outcome.events.every((e) => e.recordedAt === '2026-06-01T10:00:01.000Z')).toBe(true);
    });

    it('with a domain error anywhere is refused whole (422), and the store is unchanged', async () => {
      await append([input.opened()]);
      const before = await everything(temp.store);
      const error = await refusal(append([input.meeting(), input.offerAccepted('o-404')]));
      expect(error).toBeInstanceOf(DomainRuleError);
      expect(error.status).toBe(422);
      expect(error.message).toMatch(/event 1 \(OfferAccepted\)/);
      expect(await everything(temp.store)).toEqual(before);
      // …and the stream still takes valid events afterwards.
      expect((await append([input.meeting()])).revision).toBe(1);
    });

    it('that does not open a new stream is refused (422)', async () => {
      expect((await refusal(append([input.meeting()]))).status).toBe(422);
      expect(await temp.store.listNegotiations()).toEqual([]);
    });
  });

  describe('a retry of an earlier append (same ids, same content)', () => {
    it('answers as the first append did, with created: false, and adds nothing', async () => {
      const batch = [{ ...input.opened(), id: eventId(1) }, { ...input.meeting(), id: eventId(2) }];
      const first = await append(batch);
      clock += 60_000;
      const before = await everything(temp.store);
      const retry = await append(batch, { recordedBy: 'bob' });
      expect(retry).toEqual({ ...first, created: false });
      expect(await everything(temp.store)).toEqual(before);
    });

    it('answers the same even with an If-Match that is stale by now', async () => {
      const batch = [{ ...input.opened(), id: eventId(1) }];
      const first = await append(batch, { expectedRevision: NO_STREAM });
      await append([input.meeting()]);
      expect(await append(batch, { expectedRevision: NO_STREAM })).toEqual({ ...first, created: false });
    });

    it('of a single event inside a longer stream answers with its own revision and position', async () => {
      await append([input.opened(), input.meeting()]);
      const single = { ...input.statement('s'), id: eventId(3) };
      const first = await append([single]);
      await append([input.meeting()]);
      expect(await append([single])).toEqual({ ...first, created: false });
    });
  });

  describe('an id already recorded', () => {
    it('with other content is refused (409), and the store is unchanged', async () => {
      await append([{ ...input.opened(), id: eventId(1) }, { ...input.meeting(), id: eventId(2) }]);
      const before = await everything(temp.store);
      const error = await refusal(append([{ ...input.meeting({ occurredAt: '2026-05-05' }), id: eventId(2) }]));
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect(error.status).toBe(409);
      expect(error.message).toContain(eventId(2));
      expect(await everything(temp.store)).toEqual(before);
    });

    it.each<[string, (e: EventInput) => EventInput]>([
      ['other data', (e) => ({ ...e, data: { ...e.data, count: { min: 2, max: 3 } } }) as EventInput],
      ['another type', (e) => ({ ...input.statusChanged('agreed'), id: e.id })],
      ['another source', (e) => ({ ...e, source: { publisher: 'Politico' } })],
    ])('with %s is refused (409)', async (_label, change) => {
      const meeting = { ...input.meeting(), id: eventId(2) };
      await append([{ ...input.opened(), id: eventId(1) }, meeting]);
      expect((await refusal(append([change(meeting)]))).status).toBe(409);
    });

    it('in another negotiation is refused (409), even with the same content', async () => {
      const opening = { ...input.opened(), id: eventId(1) };
      await append([opening]);
      expect((await refusal(append([opening], { negotiationId: 'eu-anthropic' }))).status).toBe(409);
      expect(await temp.store.listNegotiations()).toEqual([N]);
    });

    it('as part of a batch with new events is refused (409): a partial overlap is not a retry', async () => {
      await append([{ ...input.opened(), id: eventId(1) }, { ...input.meeting(), id: eventId(2) }]);
      const before = await everything(temp.store);
      const error = await refusal(append([{ ...input.meeting(), id: eventId(2) }, { ...input.meeting(), id: eventId(3) }]));
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/part of this batch/);
      expect(await everything(temp.store)).toEqual(before);
    });
  });

  describe('an id repeated within one batch', () => {
    it('is refused (400) naming where, and nothing is recorded', async () => {
      const error = await refusal(append([{ ...input.opened(), id: eventId(1) }, { ...input.meeting(), id: eventId(1) }]));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.status).toBe(400);
      expect((error as ValidationError).errors).toEqual([{ path: '/1/id', message: `repeats ${eventId(1)}` }]);
      expect(await everything(temp.store)).toEqual([]);
    });
  });

  describe('If-Match (expectedRevision)', () => {
    it('appends when it names the last revision, including NO_STREAM for a new stream', async () => {
      expect((await append([input.opened()], { expectedRevision: NO_STREAM })).revision).toBe(0);
      expect((await append([input.meeting(), input.meeting()], { expectedRevision: 0 })).revision).toBe(2);
      expect((await append([input.meeting()], { expectedRevision: 2 })).revision).toBe(3);
    });

    it.each([
      [0, 1],
      [2, 1],
      [NO_STREAM, 1],
    ])('refuses expectedRevision %i when the stream is at %i (412), and the store is unchanged', async (expected, actual) => {
      await append([input.opened(), input.meeting()]);
      const before = await everything(temp.store);
      const error = await refusal(append([input.meeting()], { expectedRevision: expected }));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error.status).toBe(412);
      expect(error).toMatchObject({ expected, actual });
      expect(await everything(temp.store)).toEqual(before);
    });

    it('refuses a revision for a stream that does not exist (412)', async () => {
      expect((await refusal(append([input.opened()], { expectedRevision: 0 }))).status).toBe(412);
    });
  });

  describe('concurrent appends from the same process without expectedRevision', () => {
    it('all succeed, with gapless revisions and a chain that verifies', async () => {
      await append([input.opened()]);
      const appends = Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0 ? append([input.meeting(), input.statement(`s${i}`)]) : append([i % 3 === 1 ? input.offerMade(`o-${i}`) : input.meeting()]),
      );
      const outcomes = await Promise.all(appends);
      expect(outcomes.every((o) => o.created)).toBe(true);
      const revisions = outcomes.flatMap((o) => o.events.map((e) => e.revision)).sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      const stored = await temp.store.readStream(N);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 81 }, (_, i) => i));
      expect(await verifyChains(temp.store)).toEqual({ checked: 81, breaks: [] });
    });

    it('into several streams at once all succeed, each stream gapless', async () => {
      const streams = ['a', 'b', 'c'];
      await Promise.all(streams.map((negotiationId) => append([input.opened()], { negotiationId })));
      await Promise.all(Array.from({ length: 45 }, (_, i) => append([input.meeting()], { negotiationId: streams[i % 3]! })));
      for (const negotiationId of streams) {
        expect((await temp.store.readStream(negotiationId)).map((e) => e.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i));
      }
    });
  });

  describe('two writers on the same file', () => {
    it('both succeed without expectedRevision, the stream stays gapless and the chain verifies', async () => {
      await append([input.opened()]);
      const otherStore = new SqliteEventStore(temp.path);
      try {
        const other = createParley({ store: otherStore, now: () => clock, newId: idSequence(50_000) });
        const outcomes = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? parley : other).append({ negotiationId: N, inputs: [input.meeting()], recordedBy: i % 2 === 0 ? 'alice' : 'bob' })),
        );
        expect(outcomes.every((o) => o.created)).toBe(true);
        expect((await temp.store.readStream(N)).map((e) => e.revision)).toEqual(Array.from({ length: 41 }, (_, i) => i));
        expect(await verifyChains(temp.store)).toEqual({ checked: 41, breaks: [] });
      } finally {
        await otherStore.close();
      }
    });
  });

  describe('after all kinds of appends, refusals and retries', () => {
    it('every hash chain verifies', async () => {
      await append([{ ...input.opened(), id: eventId(1) }, { ...input.offerMade('o-1'), id: eventId(2) }]);
      await append([{ ...input.opened(), id: eventId(3) }], { negotiationId: 'b' });
      await refusal(append([input.offerAccepted('o-9')]));
      await refusal(append([input.meeting()], { expectedRevision: 0 }));
      await refusal(append([{ ...input.meeting(), id: eventId(2) }]));
      await append([{ ...input.opened(), id: eventId(1) }, { ...input.offerMade('o-1'), id: eventId(2) }]);
      clock += 5_000;
      await append([input.corrected(eventId(2), { data: { summary: 'clarified' } }), input.offerAccepted('o-1')], { expectedRevision: 1 });
      await append([input.retracted(eventId(3))], { negotiationId: 'b' });
      expect(await verifyChains(temp.store)).toEqual({ checked: 6, breaks: [] });
    });

    it('a tampered event is caught by the verifier', async () => {
      await append([input.opened(), input.meeting(), input.meeting()]);
      const events = await temp.store.readStream(N);
      const verifier = new StreamVerifier(N);
      for (const event of events) verifier.check(event.revision === 1 ? { ...event, occurredAt: '2026-05-30' } : event);
      expect(verifier.breaks).toEqual([{ negotiationId: N, revision: 1, eventId: events[1]!.id, problem: 'hash-mismatch' }]);
    });
  });
});
