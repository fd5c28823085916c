import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { presentNegotiationState } from '../../src/answers/negotiationState.js';
import { summarizeNegotiation } from '../../src/answers/negotiationSummary.js';
import { endOf } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import { possibleAt } from '../support/replay.js';
import * as input from '../support/inputs.js';
import { Story } from '../support/story.js';

/** When: the effective events are folded into the state. */
const fold = (events: readonly EffectiveEvent[], id = 'n'): NegotiationState => events.reduce(evolveNegotiationState, initialNegotiationState(id));

describe('presentNegotiationState and summarizeNegotiation', () => {
  const story = new Story();
  story.given([
    input.opened(),
    input.offerMade('o-1'),
    input.offerMade('o-2'),
    input.offerAccepted('o-2'),
    input.accessGranted('g-1'),
    input.accessGranted('g-2', { data: { validUntil: '2026-05-31' } }),
    input.accessGranted('g-3'),
    input.accessRevoked('g-3'),
  ]);
  const state = fold(story.at('2026-06-15'));

  it('present grants with their status at asOf and without internal fields', () => {
    const presented = presentNegotiationState(state, endOf('2026-06-15'), 'yes', []);
    expect(presented.grants.map((g) => [g.grantId, g.status])).toEqual([
      ['g-1', 'active'],
      ['g-2', 'expired'],
      ['g-3', 'revoked'],
    ]);
    expect(presented.grants.every((g) => !('revoked' in g))).toBe(true);
    expect('opened' in presented).toBe(false);
  });

  it('summarize with open offers and active grants counted', () => {
    expect(summarizeNegotiation(state, endOf('2026-06-15'), 'yes', [])).toMatchObject({ id: 'n', status: 'open', openOffers: 1, activeGrants: 1, openedAt: '2026-05-01', meetings: { min: 0, max: 0, lastAt: null } });
    expect(summarizeNegotiation(state, endOf('2026-05-31'), 'yes', []).activeGrants).toBe(2);
  });
});

describe('a negotiation whose opening only possibly happened by asOf', () => {
  const story = new Story();
  story.given([input.opened({ occurredAt: '2026-05' }), input.offerMade('o-1', { occurredAt: '2026-05' }), { ...input.meeting({ occurredAt: '2026-05' }), id: eventId(1) }]);
  story.given([input.retracted(eventId(1))]);
  const asOf = endOf('2026-05-12');
  const possible = possibleAt(story.events, { asOf, knownAt: Number.POSITIVE_INFINITY });
  const presented = presentNegotiationState(fold(story.at('2026-05-12')), asOf, 'possibly', possible);

  it('is presented empty, as if not opened, with exists "possibly" after its id', () => {
    expect(presented).toMatchObject({ id: 'n', exists: 'possibly', title: '', subject: null, status: 'open', parties: [], openedAt: null, offers: [], statements: 0, revision: -1 });
    expect(Object.keys(presented).slice(0, 2)).toEqual(['id', 'exists']);
  });

  it('lists what possibly happened in pending, in valid-time order, each with its interval and a summary; retracted events left out', () => {
    expect(presented.pending).toEqual([
      { eventId: story.events[0]!.id, type: 'NegotiationOpened', occurredAt: '2026-05', occurredAtInterval: { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' }, summary: 'Negotiation opened: Access to GPT-5.5 Cyber' },
      { eventId: story.events[1]!.id, type: 'OfferMade', occurredAt: '2026-05', occurredAtInterval: { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' }, summary: 'OpenAI offered GPT-5.5 Cyber to European Commission' },
    ]);
  });

  it('summed up, it says so and counts what is pending', () => {
    expect(summarizeNegotiation(fold(story.at('2026-05-12')), asOf, 'possibly', possible)).toMatchObject({ exists: 'possibly', title: '', pending: 2, openOffers: 0 });
  });
});
