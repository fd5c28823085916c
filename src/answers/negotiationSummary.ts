import { z } from 'zod';
import { grantStatus, type NegotiationState as FoldedState } from '../../projections/negotiationState.js';
import { NegotiationId, NegotiationStatus, Party } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { Meetings, Offer } from './negotiationState.js';

/** CONTRACT §4 NegotiationSummary: a negotiation as the list of them shows it. */
export const NegotiationSummary = z
  .object({
    id: NegotiationId,
    title: z.string(),
    status: NegotiationStatus,
    parties: z.array(Party),
    openedAt: TimePoint.nullable(),
    lastActivityAt: TimePoint.nullable(),
    meetings: Meetings,
    openOffers: z.int(),
    openOfferList: z.array(Offer).meta({ description: 'the open offers themselves; openOffers is their count' }),
    activeGrants: z.int(),
  })
  .meta({ id: 'NegotiationSummary' });
export type NegotiationSummary = Answer<typeof NegotiationSummary>;

/** A folded state summed up; grants count as active by their status at the asOf cut (epoch ms). */
export function summarizeNegotiation(state: FoldedState, asOf: number): NegotiationSummary {
  const open = state.offers.filter((o) => o.status === 'open');
  return {
    id: state.id,
    title: state.title,
    status: state.status,
    parties: state.parties,
    openedAt: state.openedAt,
    lastActivityAt: state.lastActivityAt,
    meetings: state.meetings,
    openOffers: open.length,
    openOfferList: open,
    activeGrants: state.grants.filter((g) => grantStatus(g, asOf) === 'active').length,
  };
}
