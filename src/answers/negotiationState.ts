import { z } from 'zod';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { Exists as Existing } from '../../projections/existence.js';
import { grantStatus, type NegotiationState as FoldedState } from '../../projections/negotiationState.js';
import { OfferTerms } from '../events/catalogue.js';
import { NegotiationId, NegotiationStatus, Party } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { Exists } from './certainty.js';
import { cutFields, type WithoutCut } from './cut.js';
import { grantFields } from './grant.js';
import { PendingEvent, presentPendingEvent } from './pendingEvent.js';

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

/**
 * CONTRACT §4 NegotiationState: one negotiation at a cut. When its opening only possibly happened
 * by asOf (`exists: "possibly"`), the state is folded as if it had not: title "", subject null,
 * status "open", no parties, openedAt null; events that definitely happened still count.
 */
export const NegotiationState = z
  .object({
    id: NegotiationId,
    exists: Exists,
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
    pending: z.array(PendingEvent).meta({ description: 'events that possibly happened by asOf (not retracted), in valid-time order: they do not count in the state' }),
    revision: z.int().meta({ description: 'the highest stream revision among the events applied' }),
    ...cutFields,
  })
  .meta({ id: 'NegotiationState' });
export type NegotiationState = Answer<typeof NegotiationState>;

/** The state as a query returns it; the route adds the cut. */
export type NegotiationStateView = WithoutCut<NegotiationState>;

/**
 * A folded state as the API answers it: grants carry their status at the asOf cut (epoch ms);
 * `possible` are the events that possibly happened by then (retracted ones are left out).
 */
export function presentNegotiationState(state: FoldedState, asOf: number, exists: Existing, possible: readonly EffectiveEvent[]): NegotiationStateView {
  // The collection getters are own and enumerable: the rest holds their (built once) arrays.
  const { opened: _opened, grants, statements, revision, id, ...rest } = state;
  return {
    id,
    exists,
    ...rest,
    grants: grants.map((grant) => {
      const { revoked: _revoked, validUntilEnd: _end, ...shown } = grant;
      return { ...shown, status: grantStatus(grant, asOf) };
    }),
    statements,
    pending: possible.filter((e) => !e.retracted).map(presentPendingEvent),
    revision,
  };
}
