import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState } from '../../projections/negotiationState.js';
import { presentNegotiationState, type NegotiationStateView } from '../../src/answers/negotiationState.js';
import { diffStates } from '../../src/app/stateDiff.js';
import { endOf } from '../../src/time/timePoint.js';
import * as input from '../support/inputs.js';
import { Story } from '../support/story.js';

/** Given: a negotiation that moves through May 2026. */
function story(): Story {
  const s = new Story();
  s.given([
    input.opened({ occurredAt: '2026-05-01' }),
    input.offerMade('o-1', { occurredAt: '2026-05-03' }),
    input.accessRequested('r-1', { occurredAt: '2026-05-04' }),
    input.accessGranted('g-1', { occurredAt: '2026-05-05', data: { validUntil: '2026-05-20' } }),
    input.meeting({ occurredAt: '2026-05-10' }),
    input.partyJoined('ENISA', { occurredAt: '2026-05-11' }),
    input.partyLeft('OpenAI', { occurredAt: '2026-05-12' }),
    input.offerAccepted('o-1', { occurredAt: '2026-05-13' }),
    input.accessGranted('g-2', { occurredAt: '2026-05-14', data: { requestId: 'r-1' } }),
    input.statement('s', { occurredAt: '2026-05-15' }),
    input.statusChanged('agreed', { occurredAt: '2026-05-16' }),
  ]);
  return s;
}

/** The presented state at asOf, or null when the negotiation did not exist then. */
function at(s: Story, asOf: string): NegotiationStateView | null {
  const state = s.at(asOf).reduce(evolveNegotiationState, initialNegotiationState(s.negotiationId));
  return state.opened ? presentNegotiationState(state, endOf(asOf), 'yes', []) : null;
}

describe('the diff between two dates', () => {
  const s = story();
  const diff = diffStates(at(s, '2026-05-05'), at(s, '2026-05-31')!);

  it('shows the status change', () => {
    expect(diff.status).toEqual({ from: 'open', to: 'agreed' });
  });

  it('shows parties added and removed', () => {
    expect(diff.parties).toEqual({ added: [{ org: 'ENISA', role: 'observer' }], removed: [{ org: 'OpenAI', role: 'provider' }] });
  });

  it('shows meetings and statements that changed', () => {
    expect(diff.meetings).toEqual({ from: { min: 0, max: 0, lastAt: null }, to: { min: 1, max: 1, lastAt: '2026-05-10' } });
    expect(diff.statements).toEqual({ from: 0, to: 1 });
  });

  it('shows an offer that changed, with both versions', () => {
    expect(diff.offers.added).toEqual([]);
    expect(diff.offers.removed).toEqual([]);
    expect(diff.offers.changed).toHaveLength(1);
    expect(diff.offers.changed[0]).toMatchObject({ id: 'o-1', from: { status: 'open' }, to: { status: 'accepted', respondedAt: '2026-05-13' } });
  });

  it('shows a request granted, a grant expired and a grant added', () => {
    expect(diff.requests.changed).toMatchObject([{ id: 'r-1', from: { status: 'pending' }, to: { status: 'granted' } }]);
    expect(diff.grants.changed).toMatchObject([{ id: 'g-1', from: { status: 'active' }, to: { status: 'expired' } }]);
    expect(diff.grants.added).toMatchObject([{ grantId: 'g-2', status: 'active' }]);
  });

  it('leaves out what did not change', () => {
    expect('title' in diff).toBe(false);
  });
});

describe('the diff from before the negotiation existed', () => {
  it('shows everything as new', () => {
    const s = story();
    const diff = diffStates(at(s, '2026-04-30'), at(s, '2026-05-03')!);
    expect(diff.status).toEqual({ from: null, to: 'open' });
    expect(diff.title).toEqual({ from: null, to: 'Access to GPT-5.5 Cyber' });
    expect(diff.parties.added).toHaveLength(2);
    expect(diff.offers.added).toMatchObject([{ offerId: 'o-1' }]);
  });
});

describe('the diff of a state with itself', () => {
  it('is empty', () => {
    const s = story();
    expect(diffStates(at(s, '2026-05-31'), at(s, '2026-06-30')!)).toEqual({
      parties: { added: [], removed: [] },
      offers: { added: [], removed: [], changed: [] },
      requests: { added: [], removed: [], changed: [] },
      grants: { added: [], removed: [], changed: [] },
    });
  });
});

describe('the diff backwards in time', () => {
  it('shows what was removed', () => {
    const s = story();
    const diff = diffStates(at(s, '2026-05-31'), at(s, '2026-05-02')!);
    expect(diff.offers.removed).toMatchObject([{ offerId: 'o-1' }]);
    expect(diff.grants.removed.map((g) => (g as { grantId: string }).grantId)).toEqual(['g-1', 'g-2']);
    expect(diff.status).toEqual({ from: 'agreed', to: 'open' });
  });
});

describe('replaying the same events twice', () => {
  it('gives an identical diff (deep-equal and identical JSON)', () => {
    const first = diffStates(at(story(), '2026-05-05'), at(story(), '2026-05-31')!);
    const second = diffStates(at(story(), '2026-05-05'), at(story(), '2026-05-31')!);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
