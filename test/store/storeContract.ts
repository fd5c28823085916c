import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamVerifier } from '../../src/audit/hashChain.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../../src/errors.js';
import { NO_STREAM, type PendingEvent, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { readAllFrom, type EventStore } from '../../src/store/eventStore.js';
import { chain, following, meeting, negotiationId, newStream, opening, type EventContent } from './eventChain.js';
import { readOnChange } from './readOnChange.js';

export type StoreUnderTest = { store: EventStore; cleanup: () => Promise<void> } | { skip: string };

/**
 * What every EventStore adapter must do, registered as vitest tests. `makeStore` is called
 * before each test; it may hand out a store shared between tests (every test uses its own
 * negotiation ids and reads the global log only after its own starting mark), or say why the
 * adapter cannot be tested here, in which case the tests are skipped and the reason printed once.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`the ${name} store`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;
    let warned = false;

    beforeEach(async (context) => {
      const made = await makeStore();
      if ('skip' in made) {
        if (!warned) console.warn(`skipping the ${name} store contract: ${made.skip}`);
        warned = true;
        context.skip(made.skip);
        return;
      }
      store = made.store;
      cleanup = made.cleanup;
    });

    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    /** The last position in the global log before a test appends anything. */
    async function mark(): Promise<number> {
      let last = 0;
      for await (const event of readAllFrom(store)) last = event.position;
      return last;
    }

    /**
     * The global log may show an append a moment after it returns (PostgreSQL holds back rows
     * while an older transaction anywhere on the server is still open), never out of order.
     */
    function eventually(assertion: () => Promise<void>): Promise<void> {
      return vi.waitFor(assertion, { timeout: 10_000, interval: 50 });
    }

    async function rejection(promise: Promise<unknown>): Promise<unknown> {
      return promise.then(
        () => expect.fail('expected the append to be refused'),
        (error: unknown) => error,
      );
    }

    describe('appending to a new stream with NO_STREAM', () => {
      it('records the events as given and gives each a position', async () => {
        const id = negotiationId('new');
        const pending = newStream(id, 2);
        const recorded = await store.append(id, NO_STREAM, pending);
        expect(recorded.map(({ position: _position, seq: _seq, ...rest }) => rest)).toStrictEqual(pending);
        for (const event of recorded) expect(Number.isSafeInteger(event.position) && event.position >= 1).toBe(true);
        // A store with a Merkle log numbers its leaves densely (CONTRACT §8): a batch takes consecutive seqs.
        if (store.proofs) expect(recorded.map((event) => event.seq! - recorded[0]!.seq!)).toEqual(recorded.map((_, index) => index));
        expect(await store.readStream(id)).toStrictEqual(recorded);
      });

      it('refuses NO_STREAM once the stream exists, naming the actual revision', async () => {
        const id = negotiationId('exists');
        await store.append(id, NO_STREAM, newStream(id, 1));
        const error = await rejection(store.append(id, NO_STREAM, newStream(id)));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ negotiationId: id, expected: NO_STREAM, actual: 1 });
        expect((await store.readStream(id)).map((event) => event.revision)).toEqual([0, 1]);
      });
    });

    describe('appending with a stale expected revision', () => {
      it('throws WrongExpectedRevisionError with the actual revision and writes nothing', async () => {
        const id = negotiationId('stale');
        const first = await store.append(id, NO_STREAM, newStream(id, 2));
        const before = await store.readStream(id);
        const late = chain(id, [meeting(9)], { revision: 0, hash: first[0]!.hash });
        const error = await rejection(store.append(id, 0, late));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 0, actual: 2 });
        expect(await store.readStream(id)).toStrictEqual(before);
        expect(await store.findEvents([late[0]!.id])).toEqual([]);
      });
    });

    describe('two appends racing with the same expected revision', () => {
      it('lets exactly one of two stream openings win', async () => {
        const id = negotiationId('race-open');
        const [a, b] = [newStream(id), newStream(id)];
        const outcomes = await Promise.allSettled([store.append(id, NO_STREAM, a), store.append(id, NO_STREAM, b)]);
        await expectOneWinner(id, outcomes, [a, b]);
      });

      it('lets exactly one of two appends to an existing stream win', async () => {
        const id = negotiationId('race-next');
        const opened = await store.append(id, NO_STREAM, newStream(id));
        const [a, b] = [following(opened, [meeting(1)]), following(opened, [meeting(2), meeting(3)])];
        const outcomes = await Promise.allSettled([store.append(id, 0, a), store.append(id, 0, b)]);
        await expectOneWinner(id, outcomes, [a, b], opened);
      });

      async function expectOneWinner(
        id: string,
        outcomes: PromiseSettledResult<RecordedEvent[]>[],
        batches: PendingEvent[][],
        before: RecordedEvent[] = [],
      ): Promise<void> {
        const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(winners).toHaveLength(1);
        const loser = outcomes.find((outcome) => outcome.status === 'rejected');
        expect(loser?.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const stored = await store.readStream(id);
        expect(stored.map((event) => event.id)).toEqual([...before, ...batches[winners[0]!]!].map((event) => event.id));
      }
    });

    describe('an event id that is already stored', () => {
      it('throws DuplicateEventIdError for an id of the same stream and writes nothing', async () => {
        const id = negotiationId('dup-same');
        const opened = await store.append(id, NO_STREAM, newStream(id));
        const again = following(opened, [{ ...meeting(1), id: opened[0]!.id }]);
        const error = await rejection(store.append(id, 0, again));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect((error as DuplicateEventIdError).eventIds).toContain(opened[0]!.id);
        expect(await store.readStream(id)).toStrictEqual(opened);
      });

      it('throws DuplicateEventIdError for an id stored in another stream and writes nothing', async () => {
        const [one, two] = [negotiationId('dup-one'), negotiationId('dup-two')];
        const first = await store.append(one, NO_STREAM, newStream(one));
        const reused = chain(two, [{ ...opening(), id: first[0]!.id }]);
        const error = await rejection(store.append(two, NO_STREAM, reused));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.head(two)).toBeUndefined();
        expect(await store.findEvents([first[0]!.id])).toStrictEqual(first);
      });
    });

    describe('an atomic batch', () => {
      it('is refused whole when one of its events reuses a stored id', async () => {
        const id = negotiationId('batch-dup');
        const opened = await store.append(id, NO_STREAM, newStream(id));
        const batch = following(opened, [meeting(1), { ...meeting(2), id: opened[0]!.id }, meeting(3)]);
        expect(await rejection(store.append(id, 0, batch))).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(id)).toStrictEqual(opened);
        expect(await store.findEvents([batch[0]!.id, batch[2]!.id])).toEqual([]);
      });

      it('is refused whole when two of its events share an id', async () => {
        const id = negotiationId('batch-twice');
        const shared = randomUUID();
        const batch = chain(id, [opening(), { ...meeting(1), id: shared }, { ...meeting(2), id: shared }]);
        expect(await rejection(store.append(id, NO_STREAM, batch))).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.head(id)).toBeUndefined();
        expect(await store.findEvents([batch[0]!.id, shared])).toEqual([]);
      });

      it('is refused whole when its expected revision is stale', async () => {
        const id = negotiationId('batch-stale');
        const opened = await store.append(id, NO_STREAM, newStream(id, 1));
        const batch = chain(id, [meeting(5), meeting(6), meeting(7)], { revision: 0, hash: opened[0]!.hash });
        expect(await rejection(store.append(id, 0, batch))).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(id)).toStrictEqual(opened);
        expect(await store.findEvents(batch.map((event) => event.id))).toEqual([]);
      });
    });

    describe('a stream appended to several times', () => {
      it('has gapless revisions from 0 and an unbroken hash chain', async () => {
        const id = negotiationId('gapless');
        let recorded = await store.append(id, NO_STREAM, newStream(id));
        for (let round = 1; round <= 4; round++) {
          const next = following(recorded, Array.from({ length: round }, (_, i) => meeting(round * 10 + i)));
          recorded = await store.append(id, recorded[recorded.length - 1]!.revision, next);
        }
        const stored = await store.readStream(id);
        expect(stored.map((event) => event.revision)).toEqual(Array.from({ length: 11 }, (_, i) => i));
        const verifier = new StreamVerifier(id);
        for (const event of stored) verifier.check(event);
        expect(verifier.breaks).toEqual([]);
      });
    });

    describe('the global log', () => {
      /** Appends to three streams in turns; returns the ids in append order. */
      async function interleave(rounds: number): Promise<string[]> {
        const ids = [negotiationId('log-a'), negotiationId('log-b'), negotiationId('log-c')];
        const heads = new Map<string, RecordedEvent[]>();
        const order: string[] = [];
        for (let round = 0; round < rounds; round++) {
          for (const id of ids) {
            const previous = heads.get(id);
            const batch = previous ? following(previous, [meeting(round), meeting(round + 1)]) : newStream(id, 1);
            const recorded = await store.append(id, previous ? previous[previous.length - 1]!.revision : NO_STREAM, batch);
            heads.set(id, recorded);
            order.push(...recorded.map((event) => event.id));
          }
        }
        return order;
      }

      it('gives strictly increasing positions in append order across streams', async () => {
        const start = await mark();
        const order = await interleave(3);
        await eventually(async () => {
          const logged = await store.readAll(start, 1_000);
          expect(logged.map((event) => event.id)).toEqual(order);
          const positions = logged.map((event) => event.position);
          positions.forEach((position, i) => i > 0 && expect(position).toBeGreaterThan(positions[i - 1]!));
        });
      });

      it('pages readAll without gaps or duplicates', async () => {
        const start = await mark();
        const order = await interleave(4);
        await eventually(async () => {
          const seen: string[] = [];
          let after = start;
          for (;;) {
            const page = await store.readAll(after, 5);
            expect(page.length).toBeLessThanOrEqual(5);
            if (page.length === 0) break;
            seen.push(...page.map((event) => event.id));
            after = page[page.length - 1]!.position;
          }
          expect(seen).toEqual(order);
        });
      });

      it('is iterated whole by readAllFrom', async () => {
        const start = await mark();
        const order = await interleave(3);
        await eventually(async () => {
          const seen: string[] = [];
          for await (const event of readAllFrom(store, start, 4)) seen.push(event.id);
          expect(seen).toEqual(order);
        });
      });
    });

    describe('reading one stream', () => {
      it('starts at the given revision and stops at the limit', async () => {
        const id = negotiationId('read');
        const recorded = await store.append(id, NO_STREAM, newStream(id, 6));
        expect((await store.readStream(id, 3)).map((event) => event.revision)).toEqual([3, 4, 5, 6]);
        expect((await store.readStream(id, 2, 3)).map((event) => event.revision)).toEqual([2, 3, 4]);
        expect(await store.readStream(id, 0, 2)).toStrictEqual(recorded.slice(0, 2));
        expect(await store.readStream(id, 7)).toEqual([]);
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await store.readStream(negotiationId('none'))).toEqual([]);
      });
    });

    describe('the head of a stream', () => {
      it('is undefined before the first append and the last revision and hash after', async () => {
        const id = negotiationId('head');
        expect(await store.head(id)).toBeUndefined();
        const recorded = await store.append(id, NO_STREAM, newStream(id, 3));
        const last = recorded[recorded.length - 1]!;
        expect(await store.head(id)).toEqual({ revision: last.revision, hash: last.hash });
      });
    });

    describe('finding events by id', () => {
      it('returns the stored events across streams and leaves out unknown ids', async () => {
        const [one, two] = [negotiationId('find-one'), negotiationId('find-two')];
        const a = await store.append(one, NO_STREAM, newStream(one, 2));
        const b = await store.append(two, NO_STREAM, newStream(two));
        const found = await store.findEvents([a[2]!.id, randomUUID(), b[0]!.id]);
        expect(found.sort((x, y) => x.position - y.position)).toStrictEqual([a[2], b[0]]);
        expect(await store.findEvents([])).toEqual([]);
      });
    });

    describe('listing negotiations', () => {
      it('lists them in the order their streams were opened', async () => {
        const [c, a, b] = [negotiationId('list-c'), negotiationId('list-a'), negotiationId('list-b')];
        const openedC = await store.append(c, NO_STREAM, newStream(c));
        const openedA = await store.append(a, NO_STREAM, newStream(a));
        await store.append(c, 0, following(openedC, [meeting(1)]));
        await store.append(b, NO_STREAM, newStream(b));
        await store.append(a, 0, following(openedA, [meeting(2)]));
        const listed = (await store.listNegotiations()).filter((id) => [a, b, c].includes(id));
        expect(listed).toEqual([c, a, b]);
      });
    });

    describe('listing streams', () => {
      it('lists every stream that has events once, sorted by id', async () => {
        const [c, a, b] = [negotiationId('streams-c'), negotiationId('streams-a'), negotiationId('streams-b')];
        const openedC = await store.append(c, NO_STREAM, newStream(c));
        await store.append(a, NO_STREAM, newStream(a, 2));
        await store.append(c, 0, following(openedC, [meeting(1)]));
        await store.append(b, NO_STREAM, newStream(b));
        const listed = (await store.listStreams()).filter((id) => [a, b, c].includes(id));
        expect(listed).toEqual([a, b, c]);
        expect(await store.listStreams()).toEqual([...(await store.listStreams())].sort());
      });
    });

    describe('reading stored rows', () => {
      it('gives each row of a stream its columns and its event, from a revision, at most a limit', async () => {
        const id = negotiationId('rows');
        const recorded = await store.append(id, NO_STREAM, newStream(id, 4));
        const rows = await store.readStreamRows(id, 1, 3);
        expect(rows).toStrictEqual(
          recorded.slice(1, 4).map((event) => ({
            position: event.position,
            negotiationId: id,
            revision: event.revision,
            id: event.id,
            hash: event.hash,
            event,
          })),
        );
        expect(await store.readStreamRows(id, 5, 10)).toEqual([]);
        expect(await store.readStreamRows(negotiationId('no-rows'), 0, 10)).toEqual([]);
        expect(store.unreadable.list()).toEqual([]);
      });

      it('pages the global log as rows exactly as readAll pages its events', async () => {
        const start = await mark();
        const id = negotiationId('all-rows');
        await store.append(id, NO_STREAM, newStream(id, 6));
        await eventually(async () => {
          const events = await store.readAll(start, 100);
          const rows: RecordedEvent[] = [];
          for (let after = start; ; ) {
            const page = await store.readAllRows(after, 3);
            expect(page.length).toBeLessThanOrEqual(3);
            if (page.length === 0) break;
            for (const row of page) {
              expect(row).toMatchObject({ position: row.event!.position, negotiationId: row.event!.negotiationId, revision: row.event!.revision, id: row.event!.id, hash: row.event!.hash });
              rows.push(row.event!);
            }
            after = page[page.length - 1]!.position;
          }
          expect(rows).toStrictEqual(events);
          expect(events.filter((event) => event.negotiationId === id)).toHaveLength(7);
        });
      });
    });

    describe('the last position', () => {
      it('is where a reader of later appends starts: no event lies after it, and the next append does', async () => {
        const before = await store.lastPosition();
        expect(before).toBeGreaterThanOrEqual(await mark());
        expect(await store.readAllRows(before, 10)).toEqual([]);
        const id = negotiationId('last');
        const opened = await store.append(id, NO_STREAM, newStream(id, 2));
        await eventually(async () => {
          const last = await store.lastPosition();
          expect(last).toBeGreaterThanOrEqual(opened.at(-1)!.position);
          expect(await store.readAllRows(last, 10)).toEqual([]);
        });
        expect(await store.readAll(before, 10)).toStrictEqual(opened);
      });
    });

    describe('a subscriber', () => {
      it('is signalled after appends, so it reads them, and an unsubscribed listener no longer is', async () => {
        const id = negotiationId('live');
        const ofStream = (events: readonly RecordedEvent[]) => events.filter((event) => event.negotiationId === id);
        const kept = readOnChange(store, await mark());
        let dropped = 0;
        const unsubscribe = store.subscribe(() => dropped++);
        const opened = await store.append(id, NO_STREAM, newStream(id, 1));
        await vi.waitFor(() => expect(ofStream(kept.heard).map((event) => event.id)).toEqual(opened.map((event) => event.id)), { timeout: 10_000 });
        await vi.waitFor(() => expect(dropped).toBeGreaterThan(0), { timeout: 10_000 });
        expect(ofStream(kept.heard)).toStrictEqual(opened);

        unsubscribe();
        const signalled = dropped;
        const next = await store.append(id, 1, following(opened, [meeting(3)]));
        await vi.waitFor(() => expect(ofStream(kept.heard).map((event) => event.id)).toContain(next[0]!.id), { timeout: 10_000 });
        expect(dropped).toBe(signalled);
        kept.unsubscribe();
      });
    });

    describe('an event with unicode, numbers, a source and every TimePoint precision', () => {
      it('comes back exactly as given, plus a position', async () => {
        const id = negotiationId('round-trip');
        const contents: EventContent[] = [
          { ...opening('Accès aux modèles « cyber » — 東京 🤝'), occurredAt: '2026' },
          {
            type: 'StatementMade',
            occurredAt: '2026-05-12T09:30:00+02:00',
            source: {
              publisher: 'Politico Europe',
              title: 'EU in talks with OpenAI and Anthropic',
              url: 'https://example.eu/news?id=44&lang=fr#ü',
              publishedAt: '2026-05-12',
            },
            data: {
              speaker: { name: 'Thomas Regnier', org: 'European Commission', role: 'spokesperson' },
              text: 'Line one\nline two: "quoted" \\ back\u2028sep — e\u0301 👩‍💻 مرحبا \u0000 end',
              kind: 'quote',
              topics: ['cyber', 'ünïcödé'],
            },
          },
          { type: 'MeetingHeld', occurredAt: '2026-05', data: { count: { min: 3, max: 10_000 }, summary: 'z first', format: 'in-person' } },
        ];
        const pending = chain(id, contents);
        await store.append(id, NO_STREAM, pending);
        const stored = await store.readStream(id);
        const found = await store.findEvents(pending.map((event) => event.id));
        let logged: RecordedEvent[] = [];
        await eventually(async () => {
          logged = (await store.readAll(0, 100_000)).filter((event) => event.negotiationId === id);
          expect(logged).toHaveLength(pending.length);
        });
        for (const read of [stored, found.sort((x, y) => x.revision - y.revision), logged]) {
          expect(read.map(({ position: _position, seq: _seq, ...rest }) => rest)).toStrictEqual(pending);
          read.forEach((event, i) => {
            expect(JSON.stringify(event.data)).toBe(JSON.stringify(pending[i]!.data));
            expect(JSON.stringify(event.source)).toBe(JSON.stringify(pending[i]!.source));
            expect(event.position).toBeGreaterThanOrEqual(1);
          });
        }
      });
    });

    describe('a batch of 1,000 events', () => {
      it('is appended at once and read back in order with an unbroken chain', async () => {
        const id = negotiationId('large');
        const pending = newStream(id, 999);
        const recorded = await store.append(id, NO_STREAM, pending);
        expect(recorded).toHaveLength(1_000);
        const stored = await store.readStream(id);
        expect(stored).toStrictEqual(recorded);
        const verifier = new StreamVerifier(id);
        for (const event of stored) verifier.check(event);
        expect(verifier).toMatchObject({ checked: 1_000, breaks: [] });
        expect(await store.head(id)).toEqual({ revision: 999, hash: pending[999]!.hash });
      });
    });
  });
}
