import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { presentNegotiationState } from '../../src/answers/negotiationState.js';
import { summarizeNegotiation } from '../../src/answers/negotiationSummary.js';
import { endOf } from '../../src/time/timePoint.js';
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
    const presented = presentNegotiationState(state, endOf('2026-06-15'));
    expect(presented.grants.map((g) => [g.grantId, g.status])).toEqual([
      ['g-1', 'active'],
      ['g-2', 'expired'],
      ['g-3', 'revoked'],
    ]);
    expect(presented.grants.every((g) => !('revoked' in g))).toBe(true);
    expect('opened' in presented).toBe(false);
  });

  it('summarize with open offers and active grants counted', () => {
    expect(summarizeNegotiation(state, endOf('2026-06-15'))).toMatchObject({ id: 'n', status: 'open', openOffers: 1, activeGrants: 1, openedAt: '2026-05-01', meetings: { min: 0, max: 0, lastAt: null } });
    expect(summarizeNegotiation(state, endOf('2026-05-31')).activeGrants).toBe(2);
  });
});
