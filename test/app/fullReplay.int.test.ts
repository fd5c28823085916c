import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentStatement } from '../../src/answers/statement.js';
import { presentDashboard, presentLogSpan } from '../../src/answers/dashboard.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { fullReplay } from '../../src/app/fullReplay.js';
import type { ReplayedNegotiation } from '../../src/replay/replayNegotiation.js';
import { Workload } from '../bench/workload.js';
import { pendingAt, stateAt } from '../support/replay.js';
import { tempSqliteStore } from '../support/tempStore.js';

const WORKLOAD = { seed: 11, events: 3_000, negotiations: 30, bigStreamEvents: 600, runLength: 100 };

describe('a full replay of a store holding a synthetic workload (late events, corrections, retractions)', { timeout: 240_000 }, () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  let parley: Parley;
  const workload = new Workload(WORKLOAD);
  let lastRecorded = 0;

  beforeAll(async () => {
    temp = tempSqliteStore();
    let clock = 0;
    parley = createParley({ store: temp.store, now: () => clock });
    for (const run of workload.runs()) {
      clock = lastRecorded = run[run.length - 1]!.recordedAtMs;
      await parley.append({ negotiationId: run[0]!.negotiationId, inputs: run.map((e) => e.input), recordedBy: 'bench' });
    }
  });
  afterAll(async () => {
    await temp.dispose();
  });

  /** Cuts that matter: now; halfway through the recording (older knowledge); early in valid time. */
  const cuts = (): [string, Cut][] => [
    ['now', { asOf: Date.UTC(2030, 0), knownAt: Date.UTC(2030, 0) }],
    ['known halfway', { asOf: Date.UTC(2030, 0), knownAt: lastRecorded - 60 * 86_400_000 }],
    ['as of 2021', { asOf: Date.UTC(2021, 6), knownAt: Date.UTC(2030, 0) }],
  ];

  it('reads every event of every stream once', async () => {
    const replay = await fullReplay(temp.store, cuts()[0]![1]);
    expect(replay.events).toBe(WORKLOAD.events);
    expect(replay.negotiations).toBe(WORKLOAD.negotiations);
  });

  it.each([0, 1, 2])('answers as the queries do at cut %i: dashboard, access register, states (and as a naive replay does), timelines, statements', async (index) => {
    const [, cut] = cuts()[index]!;
    const replayed: ReplayedNegotiation[] = [];
    const replay = await fullReplay(temp.store, cut, (negotiation) => replayed.push(negotiation));

    expect({ ...presentDashboard(replay.dashboard), span: presentLogSpan(replay.span), lastPosition: replay.span.lastPosition }).toEqual(await parley.queries.dashboard(cut));
    expect(replay.access).toEqual(await parley.queries.access({}, cut));
    const listed = await parley.queries.list(cut);
    expect(replayed.map((n) => [n.negotiationId, n.existence])).toEqual(listed.map((n) => [n.id, n.exists]));
    let statements = 0;
    for (const negotiation of replayed) {
      const log = await temp.store.readStream(negotiation.negotiationId);
      expect(negotiation.state).toEqual(stateAt(log, cut, negotiation.negotiationId));
      expect(negotiation.timeline).toEqual(await parley.queries.timeline(negotiation.negotiationId, cut));
      const { opened: _opened, ...state } = negotiation.state;
      const answered = await parley.queries.state(negotiation.negotiationId, cut);
      expect(answered).toMatchObject({ ...state, exists: negotiation.existence, grants: expect.any(Array) });
      expect(answered.pending.map((p) => p.eventId)).toEqual(pendingAt(log, cut).map((e) => e.event.id));
      expect(negotiation.possible.filter((e) => !e.retracted).map((e) => e.event.id)).toEqual(answered.pending.map((p) => p.eventId));
      const expected = await parley.queries.statements({ negotiation: negotiation.negotiationId, includeRetracted: true }, cut);
      expect(negotiation.statements.map(presentStatement).sort(byEventId)).toEqual([...expected].sort(byEventId));
      if (negotiation.existence === 'yes') statements += negotiation.statements.length;
    }
    expect(replay.statements).toBe(statements);
    expect(statements).toBeGreaterThan(0);
  });
});

function byEventId(a: { eventId: string }, b: { eventId: string }): number {
  return a.eventId.localeCompare(b.eventId);
}
