import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportWriter } from '../../src/app/importWriter.js';
import { ImportInterruptedError } from '../../src/errors.js';
import { readAllFrom } from '../../src/store/eventStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { recordedStream } from '../cli/fixtures/eventLog.js';

let temp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;

beforeEach(() => {
  temp = tempDir('import-writer');
  store = new SqliteEventStore(join(temp.dir, 'parley.db'));
});
afterEach(async () => {
  await store.close();
  temp.remove();
});

const positions = async () => {
  const order: string[] = [];
  for await (const event of readAllFrom(store)) order.push(`${event.negotiationId}/${event.revision}`);
  return order;
};

describe('given batches of several streams handed over without waiting', () => {
  it('stores them in the order given, a stream split in two batches included', async () => {
    const writer = new ImportWriter(store);
    const a = recordedStream('alpha', 4);
    const b = recordedStream('beta', 2);
    const c = recordedStream('gamma', 2);
    await writer.write({ negotiationId: 'alpha', events: a.slice(0, 2) });
    await writer.write({ negotiationId: 'beta', events: b });
    await writer.write({ negotiationId: 'alpha', events: a.slice(2) });
    await writer.write({ negotiationId: 'gamma', events: c });
    await writer.settle();
    expect(writer.written).toBe(8);
    expect(await positions()).toEqual(['alpha/0', 'alpha/1', 'beta/0', 'beta/1', 'alpha/2', 'alpha/3', 'gamma/0', 'gamma/1']);
  });
});

describe('given a stream that another writer moved on before the import reached it', () => {
  it('reports the interruption once the batches are settled, and keeps the batches that did go in', async () => {
    const a = recordedStream('alpha', 3);
    const b = recordedStream('beta', 2);
    await store.append('beta', -1, b.slice(0, 1)); // the other writer
    const writer = new ImportWriter(store);
    await writer.write({ negotiationId: 'alpha', events: a });
    await writer.write({ negotiationId: 'beta', events: b });
    const error = await writer.settle().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as Error).message).toMatch(/^negotiation beta changed while importing/);
    expect(await positions()).toEqual(['beta/0', 'alpha/0', 'alpha/1', 'alpha/2']);
  });
});
