import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/events/eventInput.js';
import { NO_STREAM, type PendingEvent, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { decisionFold } from '../../src/domain/decisionState.js';
import { StreamCache } from '../../src/app/streamCache.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';
import { cutAt } from '../support/replay.js';
import { tempSqliteStore } from '../support/tempStore.js';

const AT = '2026-05-20T10:00:00.000Z';
const pending = (events: readonly RecordedEvent[]): PendingEvent[] => events.map(({ position: _position, ...event }) => event);

describe('StreamCache over a real SQLite store', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let recorder: Recorder;

  beforeEach(() => {
    temp = tempSqliteStore();
    recorder = new Recorder();
  });
  afterEach(async () => {
    await temp.dispose();
  });

  /** Appends a batch straight to the store, as another writer would. */
  async function write(store: SqliteEventStore, negotiationId: string, inputs: EventInput[]): Promise<RecordedEvent[]> {
    const before = recorder.stream(negotiationId).length;
    return store.append(negotiationId, before - 1 < 0 ? NO_STREAM : before - 1, pending(recorder.record(negotiationId, inputs, AT)));
  }

  describe('a stream that has no events', () => {
    it('is undefined', async () => {
      const cache = new StreamCache(temp.store, decisionFold);
      expect(await cache.get('nowhere')).toBeUndefined();
    });
  });

  describe('a stream another writer appends to', () => {
    it('is caught up on the next use, in the same view', async () => {
      await write(temp.store, 'a', [input.opened(), input.offerMade('o-1')]);
      const cache = new StreamCache(temp.store, decisionFold);
      const first = await cache.get('a');
      expect(first?.view.size).toBe(2);

      const otherWriter = new SqliteEventStore(temp.path);
      try {
        await write(otherWriter, 'a', [input.meeting(), input.accessGranted('g-1')]);
      } finally {
        await otherWriter.close();
      }

      const second = await cache.get('a');
      expect(second?.view).toBe(first?.view);
      expect(second?.view.size).toBe(4);
      expect(second?.view.state(cutAt('2026-12-31')).meetings.min).toBe(1);
      expect(second?.decision.revision).toBe(3);
      expect([...second!.decision.grantIds]).toEqual(['g-1']);
      expect([...second!.decision.offerIds]).toEqual(['o-1']);
      expect(second?.decision.hash).toBe(recorder.stream('a').at(-1)!.hash);
    });
  });

  describe('events this process has just appended', () => {
    it('are absorbed into a cached stream', async () => {
      await write(temp.store, 'a', [input.opened()]);
      const cache = new StreamCache(temp.store, decisionFold);
      const entry = await cache.get('a');
      const added = await write(temp.store, 'a', [input.meeting()]);
      cache.absorb('a', added);
      expect(entry?.view.size).toBe(2);
      cache.absorb('a', added); // absorbing twice adds nothing
      expect(entry?.view.size).toBe(2);
      expect((await cache.get('a'))?.view.size).toBe(2);
    });

    it('that do not follow on make the cache drop the stream and read it afresh', async () => {
      await write(temp.store, 'a', [input.opened()]);
      const cache = new StreamCache(temp.store, decisionFold);
      const entry = await cache.get('a');
      await write(temp.store, 'a', [input.meeting()]);
      const gapped = await write(temp.store, 'a', [input.meeting()]);
      cache.absorb('a', gapped);
      const fresh = await cache.get('a');
      expect(fresh?.view).not.toBe(entry?.view);
      expect(fresh?.view.size).toBe(3);
      expect(fresh?.decision.revision).toBe(2);
    });
  });

  describe('more events than the limit', () => {
    async function streams(...names: string[]) {
      for (const name of names) await write(temp.store, name, [input.opened(), input.meeting(), input.meeting()]);
    }

    it('evicts the least recently used streams, never the one in use', async () => {
      await streams('a', 'b', 'c');
      const cache = new StreamCache(temp.store, decisionFold, { maxEvents: 7 });
      const a = (await cache.get('a'))!.view;
      const b = (await cache.get('b'))!.view; // 6 events: both kept
      expect((await cache.get('a'))!.view).toBe(a); // a is now the most recently used
      const c = (await cache.get('c'))!.view; // 9 > 7: b goes
      expect((await cache.get('c'))!.view).toBe(c);
      expect((await cache.get('a'))!.view).toBe(a);
      const bAgain = (await cache.get('b'))!.view; // read afresh; now c is the oldest and goes
      expect(bAgain).not.toBe(b);
      expect(bAgain.size).toBe(3);
      expect((await cache.get('a'))!.view).toBe(a);
      expect((await cache.get('c'))!.view).not.toBe(c);
    });

    it('still serves a stream larger than the limit on its own', async () => {
      await streams('a', 'b');
      const cache = new StreamCache(temp.store, decisionFold, { maxEvents: 2 });
      const a = (await cache.get('a'))!.view;
      expect(a.size).toBe(3);
      expect((await cache.get('a'))!.view).toBe(a);
      const b = (await cache.get('b'))!.view;
      expect((await cache.get('b'))!.view).toBe(b);
      expect((await cache.get('a'))!.view).not.toBe(a);
    });

    it('counts a forgotten stream out of the limit', async () => {
      await streams('a', 'b');
      const cache = new StreamCache(temp.store, decisionFold, { maxEvents: 6 });
      const a = (await cache.get('a'))!.view;
      await cache.get('b');
      cache.forget('b');
      cache.forget('b'); // forgetting twice does not count it out twice
      await streams('c');
      await cache.get('c'); // 6 events with a and c: nothing evicted
      expect((await cache.get('a'))!.view).toBe(a);
    });
  });
});
