import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countEvents, exportEvents } from '../../src/app/exportEvents.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { tempDir } from '../cli/cliHarness.js';
import { recordedStream } from '../cli/fixtures/eventLog.js';

let temp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;

beforeEach(() => {
  temp = tempDir('export-service');
  store = new SqliteEventStore(join(temp.dir, 'parley.db'));
});
afterEach(async () => {
  await store.close();
  temp.remove();
});

describe('given two streams appended in turns', () => {
  it('exports every event in global order, each the stored object with its position and seq', async () => {
    const a = recordedStream('alpha', 1_500);
    const b = recordedStream('beta', 3);
    await store.append('alpha', -1, a.slice(0, 1_000));
    await store.append('beta', -1, b);
    await store.append('alpha', 999, a.slice(1_000));
    const lines: string[] = [];
    for await (const line of exportEvents(store)) lines.push(line);
    const expected = [...a.slice(0, 1_000), ...b, ...a.slice(1_000)].map((event, i) => `${JSON.stringify({ ...event, position: i + 1, seq: i })}\n`);
    expect(lines).toEqual(expected);
    expect(await countEvents(store)).toBe(1_503);
  });
});
