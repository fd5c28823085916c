import { describe, expect, it } from 'vitest';
import { registerGrantsOf, type AccessFilter, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { endOf } from '../../src/time/timePoint.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** Given: two negotiations with grants. */
function world() {
  const recorder = new Recorder();
  const openai = new Story('eu-openai', recorder);
  openai.given([
    input.opened(),
    input.accessRequested('r-1'),
    input.accessGranted('g-office', { occurredAt: '2026-05-09', data: { grantee: 'AI Office', requestId: 'r-1', scope: 'monitoring', validUntil: '2026-06-30' } }),
    input.accessGranted('g-enisa', { occurredAt: '2026-05-10', data: { grantee: 'ENISA' } }),
    input.accessRevoked('g-enisa', { occurredAt: '2026-05-20' }),
  ]);
  const anthropic = new Story('eu-anthropic', recorder);
  anthropic.given([
    input.opened(),
    input.accessGranted('g-uk', { occurredAt: '2026-04', data: { grantee: 'UK AI Security Institute', grantor: 'Anthropic', model: 'Claude Mythos Preview' } }),
  ]);
  return [openai, anthropic];
}

/** A negotiation as the register reads it: its state at a cut, and the instant the cut's asOf ends. */
interface NegotiationAt {
  readonly state: NegotiationState;
  readonly asOf: number;
}

/** Given: the two negotiations at asOf. */
function worldAt(asOf: string): NegotiationAt[] {
  return world().map((story) => ({ state: story.at(asOf).reduce(evolveNegotiationState, initialNegotiationState(story.negotiationId)), asOf: endOf(asOf) }));
}

/** Each negotiation's grants listed in the register, in turn. */
const listed = (negotiations: readonly NegotiationAt[], filter: AccessFilter = {}): readonly RegisterGrant[] =>
  negotiations.flatMap(({ state, asOf }) => registerGrantsOf(state, asOf, filter));

/** When: the register lists the negotiations' grants (that match the filter). */
const register = (filter?: AccessFilter) => ProjectionSpecification.for((negotiations: readonly NegotiationAt[]) => listed(negotiations, filter));

describe('the access register', () => {
  it('lists every grant across negotiations with its negotiation, validity and status', () => {
    register().given(worldAt('2026-05-15')).then([
      { negotiationId: 'eu-openai', grantId: 'g-office', grantee: 'AI Office', grantor: 'OpenAI', model: 'GPT-5.5 Cyber', scope: 'monitoring', validFrom: '2026-05-09', validUntil: '2026-06-30', requestId: 'r-1', status: 'active' },
      { negotiationId: 'eu-openai', grantId: 'g-enisa', grantee: 'ENISA', grantor: 'OpenAI', model: 'GPT-5.5 Cyber', scope: null, validFrom: '2026-05-10', validUntil: null, status: 'active' },
      { negotiationId: 'eu-anthropic', grantId: 'g-uk', grantee: 'UK AI Security Institute', grantor: 'Anthropic', model: 'Claude Mythos Preview', scope: null, validFrom: '2026-04', validUntil: null, status: 'active' },
    ]);
  });

  it.each([
    ['2026-04-29', []],
    ['2026-04-30', [['g-uk', 'active']]],
    ['2026-05-09', [['g-office', 'active'], ['g-uk', 'active']]],
    ['2026-05-20', [['g-office', 'active'], ['g-enisa', 'revoked'], ['g-uk', 'active']]],
    ['2026-06-30', [['g-office', 'active'], ['g-enisa', 'revoked'], ['g-uk', 'active']]],
    ['2026-07-01', [['g-office', 'expired'], ['g-enisa', 'revoked'], ['g-uk', 'active']]],
  ])('at asOf=%s shows %j', (asOf, expected) => {
    register().given(worldAt(asOf)).then((grants) => expect(grants.map((g) => [g.grantId, g.status])).toEqual(expected));
  });

  it('records when a grant was revoked and leaves out the internal revoked flag', () => {
    register().given(worldAt('2026-06-01')).then((grants) => {
      const enisa = grants.find((g) => g.grantId === 'g-enisa')!;
      expect(enisa.revokedAt).toBe('2026-05-20');
      expect('revoked' in enisa).toBe(false);
    });
  });

  it.each<[AccessFilter, string[]]>([
    [{ grantee: 'UK AI Security Institute' }, ['g-uk']],
    [{ grantee: 'security institute' }, ['g-uk']],
    [{ grantee: 'office' }, ['g-office']],
    [{ grantee: 'nobody' }, []],
    [{ model: 'mythos' }, ['g-uk']],
    [{ model: 'GPT-5.5' }, ['g-office', 'g-enisa']],
    [{ grantee: 'ENISA', model: 'gpt' }, ['g-enisa']],
    [{ grantee: 'ENISA', model: 'mythos' }, []],
  ])('filters by %j', (filter, expected) => {
    register(filter).given(worldAt('2026-12-31')).then((grants) => expect(grants.map((g) => g.grantId)).toEqual(expected));
  });

  it('lists nothing for a negotiation without grants', () => {
    register().given([{ state: initialNegotiationState('x'), asOf: 0 }]).then([]);
  });
});

describe('replaying the same events twice', () => {
  it('gives an identical register (deep-equal and identical JSON)', () => {
    const first = listed(worldAt('2026-07-01'));
    const second = listed(worldAt('2026-07-01'));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
