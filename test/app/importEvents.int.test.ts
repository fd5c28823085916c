import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import { verifyStore } from '../../src/app/verifyStore.js';
import { ImportRejectedError } from '../../src/errors.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
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
    expect(stored.map(({ position: _p, ...event }) => event)).toEqual(events);
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
