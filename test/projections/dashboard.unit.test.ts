import { describe, expect, it } from 'vitest';
import { evolveDashboard, initialDashboard, LATEST_ACTIVITY, type DashboardSummary } from '../../projections/dashboard.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { presentDashboard } from '../../src/answers/dashboard.js';
import { endOf } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** A negotiation as the dashboard takes it in: its state at a cut, its last applied events, and the instant the cut's asOf ends. */
interface NegotiationAt {
  readonly state: NegotiationState;
  readonly latest: readonly EffectiveEvent[];
  readonly asOf: number;
}

/** The opened negotiations among the stories, at asOf. */
function seenAt(stories: readonly Story[], asOf = '2030'): NegotiationAt[] {
  return stories.flatMap((story) => {
    const applied = story.at(asOf);
    const state = applied.reduce(evolveNegotiationState, initialNegotiationState(story.negotiationId));
    return state.opened ? [{ state, latest: applied.slice(-LATEST_ACTIVITY), asOf: endOf(asOf) }] : [];
  });
}

const addNegotiation = (summary: DashboardSummary, { state, latest, asOf }: NegotiationAt): DashboardSummary => evolveDashboard(summary, 'yes', state, latest, asOf);

/** When: each negotiation (its state and its last applied events) is added to the summary. */
const summarizing = ProjectionSpecification.for({ evolve: addNegotiation, initialState: () => initialDashboard });

/** The summary of the stories at asOf, for the presenter. */
function dashboard(stories: readonly Story[], asOf = '2030'): DashboardSummary {
  return seenAt(stories, asOf).reduce(addNegotiation, initialDashboard);
}

/** Given: two negotiations. */
function world() {
  const recorder = new Recorder();
  const a = new Story('a', recorder);
  a.given([
    input.opened({ occurredAt: '2026-05-01' }),
    input.meeting({ occurredAt: '2026-05-02', data: { count: { min: 4, max: 5 } } }),
    input.offerMade('o-1', { occurredAt: '2026-05-03' }),
    input.offerMade('o-2', { occurredAt: '2026-05-03' }),
    input.offerAccepted('o-2', { occurredAt: '2026-05-04' }),
    input.accessGranted('g-1', { occurredAt: '2026-05-05', data: { validUntil: '2026-05-31' } }),
    input.statement('s', { occurredAt: '2026-05-06' }),
    input.statusChanged('progressing', { occurredAt: '2026-05-07' }),
  ]);
  const b = new Story('b', recorder);
  b.given([
    input.opened({ occurredAt: '2026-05-01' }),
    input.meeting({ occurredAt: '2026-05-12T09:30:00+02:00' }), // 07:30Z
    input.accessGranted('g-2', { occurredAt: '2026-05-08' }),
    input.statement('t', { occurredAt: '2026-05-09' }),
    input.statement('u', { occurredAt: '2026-05-10' }),
  ]);
  const c = new Story('c', recorder);
  c.given([input.opened({ occurredAt: '2026-05-01' }), input.meeting({ occurredAt: '2026-05-12T08:00:00Z' }), input.statusChanged('stalled', { occurredAt: '2026-05-11' })]);
  return [a, b, c];
}

describe('the dashboard', () => {
  it('counts negotiations by status', () => {
    summarizing.given(seenAt(world())).then((summary) => {
      expect(summary.negotiations).toBe(3);
      expect(summary.byStatus).toEqual({ open: 1, progressing: 1, stalled: 1, agreed: 0, failed: 0, closed: 0 });
    });
  });

  it('adds up meetings and takes the latest meeting across negotiations, comparing instants in UTC', () => {
    // b's meeting reads 09:30 but is 07:30Z; c's at 08:00Z is the latest.
    summarizing.given(seenAt(world())).then((summary) => expect(summary.meetings).toEqual({ min: 6, max: 7, lastAt: '2026-05-12T08:00:00Z' }));
  });

  it('counts open offers, active grants (expired ones left out) and statements', () => {
    summarizing.given(seenAt(world(), '2026-05-31')).then((summary) => expect(summary).toMatchObject({ openOffers: 1, activeGrants: 2, statements: 3 }));
    summarizing.given(seenAt(world(), '2026-06-01')).then((summary) => expect(summary).toMatchObject({ openOffers: 1, activeGrants: 1, statements: 3 }));
  });

  it('shows the latest activity across negotiations, newest first, at most ten', () => {
    const summary = presentDashboard(dashboard(world()));
    expect(summary.latestActivity).toHaveLength(LATEST_ACTIVITY);
    expect(summary.latestActivity.slice(0, 4).map((a) => [a.negotiationId, a.type, a.occurredAt])).toEqual([
      ['c', 'MeetingHeld', '2026-05-12T08:00:00Z'],
      ['b', 'MeetingHeld', '2026-05-12T09:30:00+02:00'],
      ['c', 'StatusChanged', '2026-05-11'],
      ['b', 'StatementMade', '2026-05-10'],
    ]);
    expect(Object.keys(summary.latestActivity[0]!).sort()).toEqual(['eventId', 'negotiationId', 'occurredAt', 'recordedAt', 'recordedBy', 'type']);
  });

  it('follows the asOf cut', () => {
    summarizing.given(seenAt(world(), '2026-05-04')).then((summary) => {
      expect(summary).toMatchObject({ negotiations: 3, openOffers: 1, activeGrants: 0, statements: 0, meetings: { min: 4, max: 5, lastAt: '2026-05-02' } });
      expect(summary.latestActivity[0]).toMatchObject({ negotiationId: 'a', type: 'OfferAccepted' });
    });
  });

  it('leaves retracted events out of the latest activity', () => {
    const story = new Story('r');
    story.given([input.opened(), { ...input.meeting({ occurredAt: '2026-05-20' }), id: eventId(1) }]);
    story.given([input.retracted(eventId(1))]);
    summarizing.given(seenAt([story])).then((summary) => {
      expect(summary.latestActivity.map((a) => a.type)).toEqual(['NegotiationOpened']);
      expect(summary.meetings).toEqual({ min: 0, max: 0, lastAt: null });
    });
  });

  it('counts a negotiation only possibly opened by asOf apart from the negotiations, and what definitely happened in it where it belongs', () => {
    const story = new Story('maybe');
    story.given([input.opened({ occurredAt: '2026-05' }), input.meeting({ occurredAt: '2026-05-04' }), input.statement('s', { occurredAt: '2026-05-05' })]);
    const applied = story.at('2026-05-12'); // the meeting and the statement, not the opening
    const state = applied.reduce(evolveNegotiationState, initialNegotiationState('maybe'));
    expect(state.opened).toBe(false);
    const summary = evolveDashboard(dashboard(world()), 'possibly', state, applied, endOf('2026-05-12'));
    const before = dashboard(world());
    expect(summary).toMatchObject({ possiblyOpen: 1, negotiations: before.negotiations, byStatus: before.byStatus });
    expect(summary.meetings.min).toBe(before.meetings.min + 1);
    expect(summary.statements).toBe(before.statements + 1);
    expect(summary.latestActivity.map((a) => a.negotiationId)).toContain('maybe');
    expect(summary.negotiations).toBe(3);
    expect(Object.values(summary.byStatus).reduce((a, b) => a + b)).toBe(3);
  });

  it('places an event with an open start ("no later than") at its end among the latest activity', () => {
    const story = new Story('open-start');
    story.given([input.opened({ occurredAt: '2026-01' }), input.meeting({ occurredAt: '2026-04-07/2026-04-09' }), input.statement('late', { occurredAt: '../2026-05-11' }), input.meeting({ occurredAt: '2026-03-02' })]);
    const applied = story.at('2026-06');
    const state = applied.reduce(evolveNegotiationState, initialNegotiationState('open-start'));
    const summary = evolveDashboard(initialDashboard, 'yes', state, applied, endOf('2026-06'));
    expect(summary.latestActivity.map((a) => a.occurredAt)).toEqual(['../2026-05-11', '2026-04-07/2026-04-09', '2026-03-02', '2026-01']);
  });

  it('is empty with no negotiations', () => {
    expect(presentDashboard(dashboard([]))).toEqual({ ...initialDashboard, latestActivity: [] });
  });
});

describe('replaying the same events twice', () => {
  it('gives an identical dashboard (deep-equal and identical JSON)', () => {
    const first = presentDashboard(dashboard(world()));
    const second = presentDashboard(dashboard(world()));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
