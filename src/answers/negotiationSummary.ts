import { z } from 'zod';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { Exists as Existing } from '../../projections/existence.js';
import { grantStatus, type NegotiationState as FoldedState } from '../../projections/negotiationState.js';
import { NegotiationId, NegotiationStatus, Party } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';
import { Exists } from './certainty.js';
import { Meetings, Offer } from './negotiationState.js';

/** CONTRACT §4 NegotiationSummary: a negotiation as the list of them shows it. */
export const NegotiationSummary = z
  .object({
    id: NegotiationId,
    exists: Exists,
    title: z.string(),
    status: NegotiationStatus,
    parties: z.array(Party),
    openedAt: TimePoint.nullable(),
    lastActivityAt: TimePoint.nullable(),
    meetings: Meetings,
    openOffers: z.int(),
    openOfferList: z.array(Offer).meta({ description: 'the open offers themselves; openOffers is their count' }),
    activeGrants: z.int(),
    pending: z.int().meta({ description: 'how many events possibly happened by asOf (the state\'s `pending`)' }),
  })
  .meta({ id: 'NegotiationSummary' });
export type NegotiationSummary = Answer<typeof NegotiationSummary>;

/**
 * A folded state summed up; grants count as active by their status at the asOf cut (epoch ms);
 * `possible` are the events that possibly happened by then (retracted ones are not counted).
 */
export function summarizeNegotiation(state: FoldedState, asOf: number, exists: Existing, possible: readonly EffectiveEvent[]): NegotiationSummary {
  const open = state.offers.filter((o) => o.status === 'open');
  return {
    id: state.id,
    exists,
    title: state.title,
    status: state.status,
    parties: state.parties,
    openedAt: state.openedAt,
    lastActivityAt: state.lastActivityAt,
    meetings: state.meetings,
    openOffers: open.length,
    openOfferList: open,
    activeGrants: state.grants.filter((g) => grantStatus(g, asOf) === 'active').length,
    pending: possible.filter((e) => !e.retracted).length,
  };
}
