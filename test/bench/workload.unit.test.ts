import { describe, expect, it } from 'vitest';
import { sealEvents } from '../../src/audit/seal.js';
import { decide } from '../../src/domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState } from '../../src/domain/decisionState.js';
import { EventInput } from '../../src/events/eventInput.js';
import { intervalOf } from '../../src/time/timePoint.js';
import { Workload, type WorkloadEvent } from './workload.js';

const SMALL = { events: 6_000, negotiations: 60, bigStreamEvents: 1_000, runLength: 100 };
const DAY = 86_400_000;

function all(workload: Workload): WorkloadEvent[] {
  return [...workload.events()];
}

describe('the bench workload generator', () => {
  describe('given the same seed twice', () => {
    it('makes the same events in the same order', () => {
      const a = all(new Workload({ ...SMALL, seed: 7 }));
      const b = all(new Workload({ ...SMALL, seed: 7 }));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });

    it('makes other events for another seed', () => {
      const a = all(new Workload({ ...SMALL, seed: 7 })).map((e) => e.input.id);
      const b = all(new Workload({ ...SMALL, seed: 8 })).map((e) => e.input.id);
      expect(b).not.toEqual(a);
    });
  });

  describe('given the default mix at a small scale', () => {
    const workload = new Workload({ ...SMALL, seed: 20_260_512 });
    const events = all(workload);
    const byStream = new Map<string, WorkloadEvent[]>();
    for (const event of events) byStream.set(event.negotiationId, [...(byStream.get(event.negotiationId) ?? []), event]);

    it('has exactly the events and negotiations asked for, one of them long', () => {
      expect(events).toHaveLength(SMALL.events);
      expect(byStream.size).toBe(SMALL.negotiations);
      expect(byStream.get(workload.bigNegotiationId)).toHaveLength(SMALL.bigStreamEvents);
    });

    it('gives every event a distinct id and records them in time order', () => {
      expect(new Set(events.map((e) => e.input.id)).size).toBe(events.length);
      expect(events.every((e, i) => i === 0 || e.recordedAtMs >= events[i - 1]!.recordedAtMs)).toBe(true);
    });

    it('records runs of up to runLength events of one negotiation', () => {
      const runs = [...workload.runs()];
      expect(runs.every((run) => run.length >= 1 && run.length <= SMALL.runLength && run.every((e) => e.negotiationId === run[0]!.negotiationId))).toBe(true);
      expect(runs.flat()).toHaveLength(SMALL.events);
    });

    it('sends only events the EventInput schema accepts', () => {
      const refused = events.filter((e) => !EventInput.safeParse(e.input).success);
      expect(refused.map((e) => e.input.id)).toEqual([]);
    });

    it('passes the domain rules: every stream opens first, references exist, corrections target earlier events', () => {
      const states = new Map<string, DecisionState>();
      let revisionCheck = 0;
      for (const { negotiationId, input, recordedAtMs } of events) {
        const state = states.get(negotiationId) ?? initialDecisionState(negotiationId);
        states.set(negotiationId, state);
        const sealing = { recordedAt: new Date(recordedAtMs).toISOString(), recordedBy: 'test', newId: () => 'unused' };
        const [pending] = sealEvents(state, decide({ negotiationId, inputs: [input] }, state), sealing);
        evolveDecisionState(state, { ...pending!, position: ++revisionCheck });
      }
      expect(revisionCheck).toBe(SMALL.events);
      for (const stream of byStream.values()) expect(stream[0]!.input.type).toBe('NegotiationOpened');
    });

    it('records about 10 % of events late, each well before what its stream already had', () => {
      const late = events.filter((e) => e.late);
      expect(late.length / events.length).toBeGreaterThan(0.085);
      expect(late.length / events.length).toBeLessThan(0.115);
      for (const stream of byStream.values()) {
        let latest = Number.NEGATIVE_INFINITY;
        for (const event of stream) {
          const start = intervalOf(event.input.occurredAt).start;
          if (event.late) expect(start).toBeLessThan(latest - DAY);
          else if (event.input.type !== 'EventCorrected' && event.input.type !== 'EventRetracted') latest = Math.max(latest, start);
        }
      }
    });

    it('has about 3 % corrections and retractions, about two corrections to each retraction', () => {
      const corrected = events.filter((e) => e.input.type === 'EventCorrected').length;
      const retracted = events.filter((e) => e.input.type === 'EventRetracted').length;
      expect((corrected + retracted) / events.length).toBeGreaterThan(0.02);
      expect((corrected + retracted) / events.length).toBeLessThan(0.04);
      expect(corrected).toBeGreaterThan(retracted);
    });

    it('writes TimePoints mostly as instants and days, some as months', () => {
      const precisions = events.map((e) => intervalOf(e.input.occurredAt).precision);
      const share = (p: string) => precisions.filter((x) => x === p).length / precisions.length;
      expect(share('instant') + share('day')).toBeGreaterThan(0.85);
      expect(share('month')).toBeGreaterThan(0.03);
      expect(share('year')).toBe(0);
    });

    it('carries realistic payloads: statements of a few hundred characters, offers with terms, meetings with participants', () => {
      const statements = events.flatMap((e) => (e.input.type === 'StatementMade' ? [e.input.data.text.length] : []));
      const mean = statements.reduce((a, b) => a + b, 0) / statements.length;
      expect(mean).toBeGreaterThan(200);
      expect(mean).toBeLessThan(600);
      const offers = events.flatMap((e) => (e.input.type === 'OfferMade' ? [e.input.data.terms] : []));
      expect(offers.length).toBeGreaterThan(0);
      expect(offers.every((t) => (t.beneficiaries?.length ?? 0) > 0 && (t.conditions?.length ?? 0) > 0)).toBe(true);
      const meetings = events.flatMap((e) => (e.input.type === 'MeetingHeld' ? [e.input.data.participants ?? []] : []));
      expect(meetings.every((p) => p.length >= 2)).toBe(true);
      const bytes = events.reduce((sum, e) => sum + JSON.stringify(e.input).length, 0) / events.length;
      expect(bytes).toBeGreaterThan(400);
    });
  });
});
