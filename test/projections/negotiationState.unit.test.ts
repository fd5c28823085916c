import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, grantStatus, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { presentNegotiationState } from '../../src/answers/negotiationState.js';
import { endOf } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** When: the effective events are folded into the state. */
const negotiationState = ProjectionSpecification.for({ evolve: evolveNegotiationState, initialState: () => initialNegotiationState('n') });
/** The same fold, for the presenters. */
const fold = (events: readonly EffectiveEvent[], id = 'n'): NegotiationState => events.reduce(evolveNegotiationState, initialNegotiationState(id));
/** The state as the API presents it at asOf. */
const present = (story: Story, asOf = '2030') => presentNegotiationState(fold(story.at(asOf)), endOf(asOf), 'yes', []);

describe('no events', () => {
  it('is a negotiation that does not exist', () => {
    negotiationState.given([]).then((state) => expect(state).toMatchObject({ opened: false, status: 'open', parties: [], openedAt: null, meetings: { min: 0, max: 0, lastAt: null }, revision: -1 }));
  });
});

describe('NegotiationOpened', () => {
  it('makes the negotiation exist, open, with its title, subject, parties and openedAt', () => {
    const story = new Story();
    story.given([input.opened({ occurredAt: '2026-05-04', data: { subject: 'cyber models' } })]);
    negotiationState.given(story.at()).then((state) =>
      expect(state).toMatchObject({
        opened: true,
        status: 'open',
        title: 'Access to GPT-5.5 Cyber',
        subject: 'cyber models',
        parties: [{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }],
        openedAt: '2026-05-04',
        lastActivityAt: '2026-05-04',
        revision: 0,
      }),
    );
  });

  it('has a null subject when none is given', () => {
    const story = new Story();
    story.given([input.opened()]);
    negotiationState.given(story.at()).then((state) => expect(state.subject).toBeNull());
  });
});

describe('parties', () => {
  it('join and leave', () => {
    const story = new Story();
    story.given([input.opened(), input.partyJoined('ENISA', { occurredAt: '2026-05-02' }), input.partyLeft('OpenAI', { occurredAt: '2026-05-03' })]);
    negotiationState.given(story.at()).then((state) => expect(state.parties).toEqual([{ org: 'European Commission', role: 'regulator' }, { org: 'ENISA', role: 'observer' }]));
    negotiationState.given(story.at('2026-05-02')).then((state) => expect(state.parties.map((p) => p.org)).toEqual(['European Commission', 'OpenAI', 'ENISA']));
  });

  it('joining again changes the role, not the count', () => {
    const story = new Story();
    story.given([input.opened(), input.partyJoined('OpenAI', { data: { role: 'mediator' } })]);
    negotiationState.given(story.at()).then((state) => expect(state.parties).toEqual([{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'mediator' }]));
  });

  it('leaving when not a party changes nothing', () => {
    const story = new Story();
    story.given([input.opened(), input.partyLeft('ENISA')]);
    negotiationState.given(story.at()).then((state) => expect(state.parties).toHaveLength(2));
  });
});

describe('meetings', () => {
  it('count 1–1 each by default', () => {
    const story = new Story();
    story.given([input.opened(), input.meeting({ occurredAt: '2026-05-02' }), input.meeting({ occurredAt: '2026-05-03' })]);
    negotiationState.given(story.at()).then((state) => expect(state.meetings).toEqual({ min: 2, max: 2, lastAt: '2026-05-03' }));
  });

  it('add up count ranges', () => {
    const story = new Story();
    story.given([input.opened(), input.meeting({ data: { count: { min: 4, max: 5 } } }), input.meeting({ occurredAt: '2026-05-06' }), input.meeting({ occurredAt: '2026-05-07', data: { count: { min: 2, max: 2 } } })]);
    negotiationState.given(story.at()).then((state) => expect(state.meetings).toEqual({ min: 7, max: 8, lastAt: '2026-05-07' }));
  });

  it('keep lastAt at the latest occurredAt when an earlier meeting is recorded later', () => {
    const story = new Story();
    story.given([input.opened(), input.meeting({ occurredAt: '2026-05-20T10:00:00+02:00' })]);
    story.given([input.meeting({ occurredAt: '2026-05-10' })]);
    negotiationState.given(story.at()).then((state) => expect(state.meetings).toEqual({ min: 2, max: 2, lastAt: '2026-05-20T10:00:00+02:00' }));
  });

  it('only count the meetings that happened by asOf', () => {
    const story = new Story();
    story.given([input.opened(), input.meeting({ occurredAt: '2026-05-02' }), input.meeting({ occurredAt: '2026-05', data: { count: { min: 3, max: 4 } } })]);
    negotiationState.given(story.at('2026-05-30')).then((state) => expect(state.meetings).toEqual({ min: 1, max: 1, lastAt: '2026-05-02' }));
    negotiationState.given(story.at('2026-05-31')).then((state) => expect(state.meetings).toEqual({ min: 4, max: 5, lastAt: '2026-05-02' }));
  });
});

describe('offers', () => {
  it('are open when made, with madeAt and their terms', () => {
    const story = new Story();
    story.given([input.opened(), input.offerMade('o-1', { occurredAt: '2026-05-05', data: { terms: { model: 'GPT-5.5 Cyber', beneficiaries: ['AI Office', 'ENISA'] }, summary: 'candidates' } })]);
    negotiationState.given(story.at()).then((state) =>
      expect(state.offers).toEqual([
        { offerId: 'o-1', from: 'OpenAI', to: 'European Commission', terms: { model: 'GPT-5.5 Cyber', beneficiaries: ['AI Office', 'ENISA'] }, summary: 'candidates', status: 'open', madeAt: '2026-05-05' },
      ]),
    );
  });

  it.each([
    ['accepted', input.offerAccepted('o-1', { occurredAt: '2026-05-09' }), undefined],
    ['rejected', input.offerRejected('o-1', { occurredAt: '2026-05-09', data: { reason: 'too narrow' } }), 'too narrow'],
    ['withdrawn', input.offerWithdrawn('o-1', { occurredAt: '2026-05-09', data: { reason: 'superseded' } }), 'superseded'],
  ])('become %s with respondedAt', (status, response, reason) => {
    const story = new Story();
    story.given([input.opened(), input.offerMade('o-1'), response]);
    negotiationState.given(story.at()).then(({ offers: [offer] }) => {
      expect(offer).toMatchObject({ offerId: 'o-1', status, madeAt: '2026-05-05', respondedAt: '2026-05-09' });
      expect(offer?.reason).toBe(reason);
    });
    negotiationState.given(story.at('2026-05-08')).then(({ offers: [offer] }) => {
      expect(offer).toMatchObject({ status: 'open' });
      expect(offer?.respondedAt).toBeUndefined();
    });
  });

  it('become countered when a counter-offer names them; the counter-offer is open', () => {
    const story = new Story();
    story.given([input.opened(), input.offerMade('o-1'), input.offerMade('o-2', { occurredAt: '2026-05-07', data: { from: 'European Commission', to: 'OpenAI', counters: 'o-1' } })]);
    negotiationState.given(story.at()).then((state) =>
      expect(state.offers.map((o) => [o.offerId, o.status, o.respondedAt, o.counters])).toEqual([
        ['o-1', 'countered', '2026-05-07', undefined],
        ['o-2', 'open', undefined, 'o-1'],
      ]),
    );
  });
});

describe('access requests and grants', () => {
  it('a request is pending, then granted by a grant that answers it', () => {
    const story = new Story();
    story.given([input.opened(), input.accessRequested('r-1', { occurredAt: '2026-05-08', data: { scope: 'testing' } }), input.accessGranted('g-1', { occurredAt: '2026-05-09', data: { requestId: 'r-1' } })]);
    negotiationState.given(story.at('2026-05-08')).then((state) => expect(state.requests).toEqual([{ requestId: 'r-1', requester: 'European Commission', model: 'GPT-5.5 Cyber', scope: 'testing', status: 'pending', requestedAt: '2026-05-08' }]));
    negotiationState.given(story.at('2026-05-09')).then((state) => expect(state.requests[0]?.status).toBe('granted'));
  });

  it('a grant without validUntil is active from its occurredAt and stays active', () => {
    const story = new Story();
    story.given([input.opened(), input.accessGranted('g-1', { occurredAt: '2026-05-09', data: { scope: 'direct testing' } })]);
    expect(present(story, '2026-05-08').grants).toEqual([]);
    expect(present(story, '2099').grants).toEqual([
      { grantId: 'g-1', grantee: 'AI Office', grantor: 'OpenAI', model: 'GPT-5.5 Cyber', scope: 'direct testing', validFrom: '2026-05-09', validUntil: null, status: 'active' },
    ]);
  });

  describe('a grant valid until a day', () => {
    const story = new Story();
    story.given([input.opened(), input.accessGranted('g-1', { occurredAt: '2026-05-09', data: { validUntil: '2026-06-30' } })]);

    it.each([
      ['2026-06-29', 'active'],
      ['2026-06-30T12:00:00Z', 'active'], // still active during that day
      ['2026-06-30', 'active'],
      ['2026-07-01T00:00:00Z', 'expired'],
      ['2026-07-01', 'expired'],
      ['2027', 'expired'],
    ])('at asOf=%s is %s', (asOf, status) => {
      expect(present(story, asOf).grants[0]?.status).toBe(status);
      negotiationState.given(story.at(asOf)).then((state) => expect(grantStatus(state.grants[0]!, endOf(asOf))).toBe(status));
    });
  });

  it('a grant valid until a month expires after the month ends', () => {
    const story = new Story();
    story.given([input.opened(), input.accessGranted('g-1', { data: { validUntil: '2026-06' } })]);
    expect(present(story, '2026-06-30').grants[0]?.status).toBe('active');
    expect(present(story, '2026-07-01').grants[0]?.status).toBe('expired');
  });

  it('a revoked grant is revoked, also after its validUntil, and active before the revocation', () => {
    const story = new Story();
    story.given([input.opened(), input.accessGranted('g-1', { occurredAt: '2026-05-09', data: { validUntil: '2026-06-30' } }), input.accessRevoked('g-1', { occurredAt: '2026-05-20' })]);
    expect(present(story, '2026-05-19').grants[0]?.status).toBe('active');
    expect(present(story, '2026-05-20').grants[0]?.status).toBe('revoked');
    expect(present(story, '2026-08-01').grants[0]?.status).toBe('revoked');
    negotiationState.given(story.at()).then((state) => expect(state.grants[0]).toMatchObject({ revoked: true, revokedAt: '2026-05-20' }));
  });
});

describe('status', () => {
  it('follows StatusChanged in valid-time order', () => {
    const story = new Story();
    story.given([input.opened(), input.statusChanged('progressing', { occurredAt: '2026-05-10' })]);
    story.given([input.statusChanged('stalled', { occurredAt: '2026-05-08' })]); // recorded later, happened earlier
    negotiationState.given(story.at('2026-05-07')).then((state) => expect(state.status).toBe('open'));
    negotiationState.given(story.at('2026-05-08')).then((state) => expect(state.status).toBe('stalled'));
    negotiationState.given(story.at('2026-05-10')).then((state) => expect(state.status).toBe('progressing'));
  });
});

describe('statements', () => {
  it('are counted', () => {
    const story = new Story();
    story.given([input.opened(), input.statement('one'), input.statement('two', { occurredAt: '2026-05-20' })]);
    negotiationState.given(story.at('2026-05-19')).then((state) => expect(state.statements).toBe(1));
    negotiationState.given(story.at()).then((state) => expect(state.statements).toBe(2));
  });
});

describe('corrections and retractions', () => {
  it('a retracted event is ignored by the state but still raises its revision', () => {
    const story = new Story();
    story.given([input.opened(), { ...input.meeting(), id: eventId(1) }, { ...input.statement('s'), id: eventId(2) }]);
    story.given([input.retracted(eventId(1)), input.retracted(eventId(2))]);
    negotiationState.given(story.at()).then((state) => {
      expect(state.meetings).toEqual({ min: 0, max: 0, lastAt: null });
      expect(state.statements).toBe(0);
      expect(state.revision).toBe(4);
      expect(state.lastActivityAt).toBe('2026-05-01');
    });
  });

  it('a corrected event counts as corrected', () => {
    const story = new Story();
    story.given([input.opened(), { ...input.offerMade('o-1'), id: eventId(1) }]);
    story.given([input.corrected(eventId(1), { data: { to: 'AI Office', terms: { model: 'GPT-5.5 Cyber', access: 'API' } } })]);
    negotiationState.given(story.at()).then((state) => expect(state.offers[0]).toMatchObject({ to: 'AI Office', terms: { access: 'API' } }));
  });
});

describe('replaying the same events twice', () => {
  it('gives identical state (deep-equal and identical JSON)', () => {
    const story = new Story();
    story.given([input.opened(), input.meeting(), input.offerMade('o-1'), input.accessRequested('r-1'), input.accessGranted('g-1', { data: { requestId: 'r-1', validUntil: '2026-06' } }), input.statement('s'), input.statusChanged('agreed')]);
    const first = presentNegotiationState(fold(story.at()), endOf('2030'), 'yes', []);
    const second = presentNegotiationState(fold(story.at()), endOf('2030'), 'yes', []);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
