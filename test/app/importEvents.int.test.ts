import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import { verifyStore } from '../../src/app/verifyStore.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { sealEvents } from '../../src/audit/seal.js';
import { ImportInterruptedError, ImportRejectedError } from '../../src/errors.js';
import { EventInput } from '../../src/events/eventInput.js';
import { GENESIS_HASH, NO_STREAM, type PendingEvent, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { storedForm } from '../../src/events/storedForm.js';
import { readAllFrom } from '../../src/store/eventStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { inputStream, jsonl, recordedStream } from '../cli/fixtures/eventLog.js';

let temp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
let parley: Parley;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

beforeEach(() => {
  temp = tempDir('import-service');
  store = new SqliteEventStore(join(temp.dir, 'parley.db'));
  parley = createParley({ store, now: () => NOW });
});
afterEach(async () => {
  await store.close();
  temp.remove();
});

const importText = (text: string, recordedBy = 'importer') => importEvents(parley, textLines('test.jsonl', text), { recordedBy });
const allEvents = async () => {
  const events: RecordedEvent[] = [];
  for await (const event of readAllFrom(store)) events.push(event);
  return events;
};
const rejection = async (promise: Promise<unknown>): Promise<ImportRejectedError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
};

describe('given a stream longer than one store batch', () => {
  it('imports it whole, in batches, and every chain verifies', async () => {
    const events = recordedStream('long-stream', 2_500);
    const result = await importText(jsonl(events));
    expect(result).toMatchObject({ imported: 2_500, skipped: 0, negotiations: ['long-stream'] });
    const stored = await allEvents();
    expect(stored.map(({ position: _p, seq: _s, ...event }) => event)).toEqual(events);
    expect(await verifyStore(store)).toMatchObject({ ok: true, checked: 2_500 });
  });
});

describe('given recorded events that continue a stream already in the store', () => {
  it('appends the ones after the store head and skips the ones it holds', async () => {
    const events = recordedStream('continued', 10);
    await importText(jsonl(events.slice(0, 4)));
    const result = await importText(jsonl(events));
    expect(result).toMatchObject({ imported: 6, skipped: 4 });
    expect((await store.head('continued'))?.hash).toBe(events[9]!.hash);
  });

  it('refuses the file when its first new event does not follow the store head', async () => {
    const events = recordedStream('behind', 10);
    await importText(jsonl(events.slice(0, 4)));
    const error = await rejection(importText(jsonl(events.slice(5))));
    expect(error.errors[0]).toEqual({ path: 'line 1', message: 'revision 5 does not follow revision 3, the last of negotiation behind' });
    expect(await store.head('behind')).toMatchObject({ revision: 3 });
  });
});

describe('given event inputs after recorded events of the same stream', () => {
  it('records the inputs now, by the importer, chained onto the recorded events', async () => {
    const recorded = recordedStream('mixed', 3);
    const inputs = inputStream('mixed', 6).slice(3);
    const result = await importText(jsonl([...recorded, ...inputs]), 'clerk');
    expect(result).toMatchObject({ imported: 6, skipped: 0 });
    const stored = await allEvents();
    expect(stored.slice(3).map((e) => [e.revision, e.recordedBy, e.recordedAt])).toEqual([
      [3, 'clerk', new Date(NOW).toISOString()],
      [4, 'clerk', new Date(NOW).toISOString()],
      [5, 'clerk', new Date(NOW).toISOString()],
    ]);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});

describe('given event inputs imported while the clock ticks on every reading', () => {
  it('records the lines written between two waits for the store at one instant, and each later window at a later one', async () => {
    let ms = NOW;
    const ticking = createParley({ store, now: () => (ms += 1) });
    const streams = ['first-window', 'second-window'].map((id) => inputStream(id, 40));
    // A batch of 1,000 events (the most one append takes) and the in-flight limit of 4,000 make three windows: 4,000 events, then the rest.
    const long = inputStream('long-window', 4_500);
    await importEvents(ticking, textLines('ticking.jsonl', jsonl([...streams.flat(), ...long])), { recordedBy: 'clock' });
    const stored = await allEvents();
    const instants = (id: string) => [...new Set(stored.filter((e) => e.negotiationId === id).map((e) => e.recordedAt))];
    expect(instants('first-window')).toHaveLength(1);
    expect(instants('second-window')).toEqual(instants('first-window'));
    const longInstants = instants('long-window');
    expect(longInstants.length).toBeGreaterThan(1);
    expect(longInstants).toEqual([...longInstants].sort());
    expect(Date.parse(longInstants[0]!)).toBeGreaterThan(NOW);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});

describe('given a domain rule broken late in the file', () => {
  it('writes nothing, not even the streams before it', async () => {
    const first = inputStream('first-stream', 5);
    const second = inputStream('second-stream', 2);
    const bad = { negotiationId: 'second-stream', id: randomUUID(), type: 'AccessRevoked', occurredAt: '2026-05', data: { grantId: 'missing' } };
    const error = await rejection(importText(jsonl([...first, ...second, bad])));
    expect(error.errors).toEqual([{ path: 'line 8', message: 'AccessRevoked: grant missing does not exist' }]);
    expect(await allEvents()).toEqual([]);
  });

  it('refuses a recorded stream that does not start with NegotiationOpened', async () => {
    const events = recordedStream('headless', 3);
    const headless = recordedStream('headless', 3).slice(1);
    expect(events).toHaveLength(3);
    const error = await rejection(importText(jsonl(headless)));
    expect(error.errors[0]?.path).toBe('line 1');
    expect(error.errors[0]?.message).toMatch(/revision 1 of negotiation headless, which has no earlier event/);
  });
});

describe('given the same event id twice in one file', () => {
  it('skips an exact repeat', async () => {
    const events = recordedStream('repeated', 3);
    const result = await importText(jsonl([...events, events[1]]));
    expect(result).toMatchObject({ imported: 3, skipped: 1 });
  });

  it('refuses a repeat with other content under the same hash', async () => {
    const events = recordedStream('forged-repeat', 3);
    const forged = { ...events[1]!, recordedBy: 'mallory' };
    const error = await rejection(importText(jsonl([...events, forged])));
    expect(error.errors).toEqual([{ path: 'line 4', message: `event id ${events[1]!.id} is also used by line 2, with other content` }]);
  });

  it('refuses two different inputs under one id', async () => {
    const [opened, offer] = inputStream('clash', 2);
    const clash = { ...offer!, id: opened!.id };
    const error = await rejection(importText(jsonl([opened, clash])));
    expect(error.errors[0]).toEqual({ path: 'line 2', message: `event id ${String(opened!.id)} is also used by line 1, with other content` });
  });
});

describe('given event inputs without ids', () => {
  it('records them under new ids and reports that a second import would record them again', async () => {
    const lines = inputStream('no-ids', 3).map(({ id: _id, ...line }) => line);
    const result = await importText(jsonl(lines));
    expect(result).toMatchObject({ imported: 3, withoutId: 3 });
    expect(new Set((await allEvents()).map((e) => e.id)).size).toBe(3);
  });
});

describe('given a "__proto__" key deep inside a correction patch', () => {
  it('refuses the line and leaves Object.prototype alone', async () => {
    const [opened] = inputStream('pollution', 1);
    const line = `{"negotiationId":"pollution","type":"EventCorrected","occurredAt":"2026-05","data":{"targetEventId":"${String(opened!.id)}","reason":"x","data":{"__proto__":{"polluted":true}}}}`;
    const error = await rejection(importText(`${JSON.stringify(opened)}\n${line}\n`));
    expect(error.errors[0]).toEqual({ path: 'line 2', message: '"__proto__" is not allowed as a key' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('given an input line whose names are padded and whose members are not in the schema order', () => {
  it('stores the event as the schema reads it, names trimmed and members in order', async () => {
    const [opened] = inputStream('padded', 1);
    const line = { negotiationId: 'padded', data: { role: 'observer', org: '  ENISA  ' }, occurredAt: '2026-02', type: 'PartyJoined', id: randomUUID() };
    await importText(jsonl([opened, line]));
    const stored = (await allEvents())[1]!;
    expect(JSON.stringify(stored.data)).toBe('{"org":"ENISA","role":"observer"}');
    expect(Object.keys(stored).slice(0, 5)).toEqual(['id', 'type', 'negotiationId', 'revision', 'occurredAt']);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});

describe('given a recorded line that chains onto an input line of the same stream', () => {
  it('imports both: the input is sealed now, and the recorded line verifies against its hash', async () => {
    const [opened] = inputStream('chained', 1);
    const { negotiationId: _n, ...input } = opened!;
    const [first] = sealEvents({ negotiationId: 'chained', revision: NO_STREAM, hash: GENESIS_HASH }, [storedForm(EventInput.parse(input))], {
      recordedAt: new Date(NOW).toISOString(),
      recordedBy: 'importer',
      newId: randomUUID,
    });
    const next: Omit<PendingEvent, 'hash'> = { id: randomUUID(), type: 'StatusChanged', negotiationId: 'chained', revision: 1, occurredAt: '2026-03', recordedAt: new Date(NOW).toISOString(), recordedBy: 'elsewhere', data: { status: 'stalled' } };
    const recorded = { ...next, hash: chainHash(first!.hash, next) };
    const result = await importText(jsonl([opened, recorded]));
    expect(result).toMatchObject({ imported: 2, skipped: 0 });
    expect((await allEvents()).map((event) => event.hash)).toEqual([first!.hash, recorded.hash]);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});

describe('given a stream that another writer moves on between the check and the writing', () => {
  it('refuses the import of that stream as interrupted, and keeps the other writer’s event', async () => {
    const lines = inputStream('moved', 4);
    await importText(jsonl(lines.slice(0, 1)));
    const head = (await store.head('moved'))!;
    const [other] = sealEvents({ negotiationId: 'moved', ...head }, [{ type: 'StatusChanged', occurredAt: '2026-03', data: { status: 'stalled' } }], {
      recordedAt: new Date(NOW).toISOString(),
      recordedBy: 'other',
      newId: randomUUID,
    });
    let moved = false;
    const onProgress = ({ phase, lines: checked }: { phase: string; lines: number }) => {
      if (phase !== 'check' || checked < 3 || moved) return;
      moved = true;
      void store.append('moved', head.revision, [other!]); // queued before the import's first append
    };
    const error = await importEvents(parley, textLines('test.jsonl', jsonl(lines.slice(1))), { recordedBy: 'importer', onProgress }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as Error).message).toMatch(/^negotiation moved changed while importing/);
    expect((await allEvents()).map((event) => event.recordedBy)).toEqual(['importer', 'other']);
  });
});
