import { z } from 'zod';
import { grantStatus, type NegotiationState as FoldedState } from '../../projections/negotiationState.js';
import { OfferTerms } from '../events/catalogue.js';
import { NegotiationId, NegotiationStatus, Party } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { cutFields, type WithoutCut } from './cut.js';
import { grantFields } from './grant.js';

/** Meetings held: a range when a count was uncertain (max null: some count was only "at least"), and when the last one was. */
export const Meetings = z.object({
  min: z.int(),
  max: z.int().nullable().meta({ description: 'null: unknown, some meeting was recorded as "at least" a number' }),
  lastAt: TimePoint.nullable(),
});

export const Offer = z
  .object({
    offerId: z.string(),
    from: z.string(),
    to: z.string(),
    terms: OfferTerms,
    summary: z.string().optional(),
    counters: z.string().optional(),
    status: z.enum(['open', 'countered', 'accepted', 'rejected', 'withdrawn']),
    madeAt: TimePoint,
    respondedAt: TimePoint.optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'Offer' });
export type Offer = Answer<typeof Offer>;

/** CONTRACT §4 NegotiationState: one negotiation at a cut. */
export const NegotiationState = z
  .object({
    id: NegotiationId,
    title: z.string(),
    subject: z.string().nullable(),
    status: NegotiationStatus,
    parties: z.array(Party),
    openedAt: TimePoint.nullable(),
    lastActivityAt: TimePoint.nullable(),
    meetings: Meetings,
    offers: z.array(Offer),
    requests: z.array(
      z.object({ requestId: z.string(), requester: z.string(), model: z.string(), scope: z.string().nullable(), status: z.enum(['pending', 'granted']), requestedAt: TimePoint }),
    ),
    grants: z.array(z.object(grantFields)),
    statements: z.int(),
    revision: z.int().meta({ description: 'the highest stream revision among the events applied' }),
    ...cutFields,
  })
  .meta({ id: 'NegotiationState' });
export type NegotiationState = Answer<typeof NegotiationState>;

/** The state as a query returns it; the route adds the cut. */
export type NegotiationStateView = WithoutCut<NegotiationState>;

/** A folded state as the API answers it: grants carry their status at the asOf cut (epoch ms). */
export function presentNegotiationState(state: FoldedState, asOf: number): NegotiationStateView {
  // The collection getters are own and enumerable: the rest holds their (built once) arrays.
  const { opened: _opened, grants, ...rest } = state;
  return {
    ...rest,
    grants: grants.map((grant) => {
      const { revoked: _revoked, validUntilEnd: _end, ...shown } = grant;
      return { ...shown, status: grantStatus(grant, asOf) };
    }),
  };
}
