import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api.js';
import { StreamLogs } from '../../web/src/streamLogs.js';
import type { RecordedEvent, TimelineEntry } from '../../web/src/types.js';

/** A raw log of `size` events, e-0 … e-(size − 1), and the entry of one of them. */
const event = (revision: number): RecordedEvent => ({
  id: `e-${revision}`,
  type: 'MeetingHeld',
  negotiationId: 'n',
  revision,
  position: revision + 1,
  occurredAt: '2026-05-04',
  occurredAtInterval: { start: '2026-05-04T00:00:00.000Z', end: '2026-05-04T23:59:59.999Z' },
  recordedAt: '2026-05-04T09:00:00.000Z',
  recordedBy: 'test',
  data: {},
  hash: '0'.repeat(64),
});
const entry = (revision: number, marks: Partial<TimelineEntry> = {}): TimelineEntry => ({
  ...event(revision),
  retracted: false,
  corrections: [],
  original: { occurredAt: '2026-05-04', data: {} },
  certainty: 'definite',
  occurredAtInterval: { start: '2026-05-04T00:00:00.000Z', end: '2026-05-04T23:59:59.999Z' },
  ...marks,
});

/** A server whose log of negotiation n holds `size` events; records each fromRevision asked for. */
function server(initial: number) {
  const asked: number[] = [];
  let size = initial;
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(String(input), 'http://parley.test');
    const from = Number(url.searchParams.get('fromRevision'));
    asked.push(from);
    const items = Array.from({ length: Math.max(0, size - from) }, (_, i) => event(from + i));
    return new Response(JSON.stringify({ items }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const api = new ApiClient({ current: () => undefined, ask: () => Promise.reject(new Error('no token wanted')) }, fetchFn, 'http://parley.test');
  return { logs: new StreamLogs(api), asked, grow: (to: number) => (size = to) };
}

describe("a negotiation's raw log, as the timeline panel asks for it", () => {
  it('is not read for a timeline without corrections or retractions', async () => {
    const { logs, asked } = server(3);
    await expect(logs.covering('n', [entry(0), entry(1), entry(2)])).resolves.toEqual(new Map());
    expect(asked).toEqual([]);
  });

  it('is read once for the corrections a timeline names, and kept for the renders after', async () => {
    const { logs, asked } = server(3);
    const timeline = [entry(0), entry(1, { corrections: ['e-2'] })];
    const log = await logs.covering('n', timeline);
    expect([...log.keys()]).toEqual(['e-0', 'e-1', 'e-2']);
    await logs.covering('n', timeline);
    expect(asked).toEqual([0]);
  });

  it('is read on from the revision held when a later timeline names an event recorded since', async () => {
    const { logs, asked, grow } = server(3);
    await logs.covering('n', [entry(1, { corrections: ['e-2'] })]);
    grow(5);
    const log = await logs.covering('n', [entry(0, { retracted: true, retraction: { eventId: 'e-4', reason: 'never happened', recordedAt: '2026-05-05T09:00:00.000Z' } }), entry(1, { corrections: ['e-2', 'e-3'] })]);
    expect([...log.keys()]).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4']);
    expect(asked).toEqual([0, 3]);
  });
});
