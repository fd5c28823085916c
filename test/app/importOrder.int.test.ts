import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/app/importEvents.js';
import { textLines } from '../../src/app/jsonLines.js';
import { createParley } from '../../src/app/parley.js';
import { verifyStore } from '../../src/app/verifyStore.js';
import { readAllFrom } from '../../src/store/eventStore.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { Workload } from '../bench/workload.js';
import { tempDir } from '../cli/cliHarness.js';

const temp = tempDir('import-order');
afterAll(temp.remove);

const EVENTS = 3_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

/** EventInput lines of the seeded workload (corrections and retractions included), grouped by stream or interleaved as in an export. */
function log(order: 'grouped' | 'interleaved', events = EVENTS): string {
  const workload = new Workload({ seed: 11, events, negotiations: 6, bigStreamEvents: events / 6, runLength: order === 'grouped' ? events : 1 });
  const lines: string[] = [];
  for (const { negotiationId, input } of workload.events()) lines.push(JSON.stringify({ negotiationId, ...input }));
  return `${lines.join('\n')}\n`;
}

/**
 * Imports into a fresh store whose stream cache is smaller than the log, as any log larger
 * than the cache's default (DEFAULT_CACHE_EVENTS) has; returns the milliseconds taken and the store.
 */
async function timedImport(name: string, text: string): Promise<{ ms: number; store: SqliteEventStore }> {
  const store = new SqliteEventStore(join(temp.dir, `${name}.db`));
  const parley = createParley({ store, now: () => NOW, cacheEvents: 300 });
  const started = performance.now();
  await importEvents(parley, textLines(`${name}.jsonl`, text), { recordedBy: 'importer' });
  return { ms: performance.now() - started, store };
}

/** Each stream's event ids in revision order. */
async function streamsOf(store: SqliteEventStore): Promise<Map<string, string[]>> {
  const streams = new Map<string, string[]>();
  for await (const event of readAllFrom(store)) {
    const ids = streams.get(event.negotiationId) ?? [];
    expect(event.revision).toBe(ids.length);
    ids.push(event.id);
    streams.set(event.negotiationId, ids);
  }
  return streams;
}

describe('given a log whose streams are interleaved, as in any export in global order', () => {
  it('imports it in about the time the same log grouped by stream takes, with the same streams, and every chain verifies', async () => {
    await (await timedImport('warm-up', log('interleaved', 500))).store.close(); // compiled code for both runs
    const grouped = await timedImport('grouped', log('grouped'));
    const interleaved = await timedImport('interleaved', log('interleaved'));
    try {
      expect(await verifyStore(interleaved.store)).toMatchObject({ ok: true, checked: EVENTS });
      const expected = await streamsOf(grouped.store);
      const actual = await streamsOf(interleaved.store);
      expect(actual.size).toBe(6);
      expect(new Map([...actual].sort())).toEqual(new Map([...expected].sort()));
      // Linear planning and writing: the order of the lines changes little. (A cost that grew
      // with the streams' lengths made this log take over ten times as long.)
      expect(interleaved.ms).toBeLessThan(2.5 * grouped.ms);
    } finally {
      await grouped.store.close();
      await interleaved.store.close();
    }
  });
});
