import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { EventInput } from '../../src/events/eventInput.js';
import * as input from '../support/inputs.js';
import { Story } from '../support/story.js';

const BEFORE = { occurredAt: '2026-05-01' };
const AFTER = { occurredAt: '2026-05-02' };
const PREFIX: EventInput[] = [input.opened(BEFORE), input.offerMade('o-1', BEFORE), input.accessGranted('g-1', BEFORE), input.partyJoined('ENISA', BEFORE)];

/** The effective events of a negotiation that starts with PREFIX (all on one day) and goes on with `then` (on the next). */
function story(then: EventInput[]): EffectiveEvent[] {
  const s = new Story();
  s.given([...PREFIX, ...then]);
  return s.at();
}

const foldOn = (state: NegotiationState, events: readonly EffectiveEvent[]) => events.reduce(evolveNegotiationState, state);

describe('two folds going on from one state, as folds resuming from a snapshot do', () => {
  const accepted = story([input.offerAccepted('o-1', AFTER), input.accessRevoked('g-1', AFTER), input.partyLeft('ENISA', AFTER), input.offerMade('o-2', AFTER)]);
  const rejected = story([input.offerRejected('o-1', { ...AFTER, data: { reason: 'too narrow' } }), input.offerMade('o-3', AFTER)]);
  const shared = foldOn(initialNegotiationState('n'), accepted.slice(0, PREFIX.length));

  it('leaves the shared state as it was, whichever is read first', () => {
    const a = foldOn(shared, accepted.slice(PREFIX.length));
    const b = foldOn(shared, rejected.slice(PREFIX.length));
    expect(b.offers.map((o) => [o.offerId, o.status, o.reason])).toEqual([['o-1', 'rejected', 'too narrow'], ['o-3', 'open', undefined]]);
    expect(a.offers.map((o) => [o.offerId, o.status])).toEqual([['o-1', 'accepted'], ['o-2', 'open']]);
    expect(a.grants.map((g) => g.revoked)).toEqual([true]);
    expect(a.parties.map((p) => p.org)).toEqual(['European Commission', 'OpenAI']);
    expect(shared.offers.map((o) => [o.offerId, o.status])).toEqual([['o-1', 'open']]);
    expect(shared.grants.map((g) => g.revoked)).toEqual([false]);
    expect(shared.parties.map((p) => p.org)).toEqual(['European Commission', 'OpenAI', 'ENISA']);
    expect(b.grants.map((g) => g.revoked)).toEqual([false]);
  });

  it('gives each the state a fold from scratch gives', () => {
    expect(foldOn(shared, accepted.slice(PREFIX.length))).toEqual(foldOn(initialNegotiationState('n'), accepted));
    expect(foldOn(shared, rejected.slice(PREFIX.length))).toEqual(foldOn(initialNegotiationState('n'), rejected));
  });
});

describe('a state given as a plain object', () => {
  it('is folded on like one the fold built', () => {
    const events = story([input.offerAccepted('o-1', AFTER)]);
    const built = foldOn(initialNegotiationState('n'), events.slice(0, PREFIX.length));
    const plain: NegotiationState = JSON.parse(JSON.stringify(built)) as NegotiationState;
    expect(foldOn(plain, events.slice(PREFIX.length))).toEqual(foldOn(built, events.slice(PREFIX.length)));
    expect(foldOn(plain, events.slice(PREFIX.length)).offers[0]!.status).toBe('accepted');
  });
});
