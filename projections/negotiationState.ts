import type { EventData } from '../src/events/catalogue.js';
import type { NegotiationStatus, Party } from '../src/events/primitives.js';
import type { EffectiveEvent } from '../src/replay/effectiveEvent.js';
import { endOf } from '../src/time/timePoint.js';

export type OfferStatus = 'open' | 'countered' | 'accepted' | 'rejected' | 'withdrawn';
export type GrantStatus = 'active' | 'expired' | 'revoked';

export interface Offer {
  readonly offerId: string;
  readonly from: string;
  readonly to: string;
  readonly terms: EventData<'OfferMade'>['terms'];
  readonly summary?: string;
  readonly counters?: string;
  readonly status: OfferStatus;
  readonly madeAt: string;
  readonly respondedAt?: string;
  readonly reason?: string;
}

export interface AccessRequest {
  readonly requestId: string;
  readonly requester: string;
  readonly model: string;
  readonly scope: string | null;
  readonly status: 'pending' | 'granted';
  readonly requestedAt: string;
}

export interface Grant {
  readonly grantId: string;
  readonly grantee: string;
  readonly grantor: string;
  readonly model: string;
  readonly scope: string | null;
  readonly validFrom: string;
  readonly validUntil: string | null;
  /** The last millisecond validUntil covers, worked out once: grantStatus runs for every grant of every answer. */
  readonly validUntilEnd: number | null;
  /** Revoked or not; "expired" depends on the asOf cut and is decided by grantStatus. */
  readonly revoked: boolean;
  readonly revokedAt?: string;
  readonly requestId?: string;
}

/** The state of one negotiation, folded from its effective events in valid-time order. */
export interface NegotiationState {
  readonly id: string;
  readonly opened: boolean;
  readonly title: string;
  readonly subject: string | null;
  readonly status: NegotiationStatus;
  readonly parties: readonly Party[];
  readonly openedAt: string | null;
  readonly lastActivityAt: string | null;
  readonly meetings: { readonly min: number; readonly max: number; readonly lastAt: string | null };
  readonly offers: readonly Offer[];
  readonly requests: readonly AccessRequest[];
  readonly grants: readonly Grant[];
  readonly statements: number;
  readonly revision: number;
}

export function initialNegotiationState(id: string): NegotiationState {
  return {
    id,
    opened: false,
    title: '',
    subject: null,
    status: 'open',
    parties: [],
    openedAt: null,
    lastActivityAt: null,
    meetings: { min: 0, max: 0, lastAt: null },
    offers: [],
    requests: [],
    grants: [],
    statements: 0,
    revision: -1,
  };
}

/** Pure: returns a new state; unchanged parts are shared with the old one. */
export function evolveNegotiationState(state: NegotiationState, effective: EffectiveEvent): NegotiationState {
  const revision = Math.max(state.revision, effective.lastRevision);
  if (effective.retracted) return { ...state, revision };
  const change = changeOf(state, effective.event);
  // One copy of the state per event: replays fold every event of every negotiation.
  return change === undefined ? state : { ...state, revision, lastActivityAt: effective.event.occurredAt, ...change };
}

/** The fields an event changes, or undefined for the events that leave the state alone. */
function changeOf(state: NegotiationState, event: EffectiveEvent['event']): Partial<NegotiationState> | undefined {
  const at = event.occurredAt;
  switch (event.type) {
    case 'NegotiationOpened':
      return {
        opened: true,
        title: event.data.title,
        subject: event.data.subject ?? null,
        parties: mergeParties(state.parties, event.data.parties),
        openedAt: at,
      };
    case 'PartyJoined':
      return { parties: mergeParties(state.parties, [event.data]) };
    case 'PartyLeft':
      return { parties: state.parties.filter((p) => p.org !== event.data.org) };
    case 'MeetingHeld': {
      const count = event.data.count ?? { min: 1, max: 1 };
      return { meetings: { min: state.meetings.min + count.min, max: state.meetings.max + count.max, lastAt: at } };
    }
    case 'OfferMade': {
      const { offerId, from, to, terms, summary, counters } = event.data;
      const offer: Offer = { offerId, from, to, terms, status: 'open', madeAt: at, ...(summary && { summary }), ...(counters && { counters }) };
      const offers = counters ? setOffer(state.offers, counters, { status: 'countered', respondedAt: at }) : state.offers;
      return { offers: replaced(offers, offer, (o) => o.offerId === offerId) };
    }
    case 'OfferAccepted':
      return { offers: setOffer(state.offers, event.data.offerId, { status: 'accepted', respondedAt: at }) };
    case 'OfferRejected':
      return { offers: setOffer(state.offers, event.data.offerId, { status: 'rejected', respondedAt: at, ...(event.data.reason && { reason: event.data.reason }) }) };
    case 'OfferWithdrawn':
      return { offers: setOffer(state.offers, event.data.offerId, { status: 'withdrawn', respondedAt: at, ...(event.data.reason && { reason: event.data.reason }) }) };
    case 'StatementMade':
      return { statements: state.statements + 1 };
    case 'AccessRequested': {
      const { requestId, requester, model, scope } = event.data;
      const request: AccessRequest = { requestId, requester, model, scope: scope ?? null, status: 'pending', requestedAt: at };
      return { requests: replaced(state.requests, request, (r) => r.requestId === requestId) };
    }
    case 'AccessGranted': {
      const { grantId, grantee, grantor, model, scope, validUntil, requestId } = event.data;
      const grant: Grant = {
        grantId, grantee, grantor, model, scope: scope ?? null, validFrom: at,
        validUntil: validUntil ?? null, validUntilEnd: validUntil === undefined ? null : endOf(validUntil),
        revoked: false, ...(requestId && { requestId }),
      };
      const requests = requestId ? state.requests.map((r) => (r.requestId === requestId ? { ...r, status: 'granted' as const } : r)) : state.requests;
      return { requests, grants: replaced(state.grants, grant, (g) => g.grantId === grantId) };
    }
    case 'AccessRevoked':
      return { grants: state.grants.map((g) => (g.grantId === event.data.grantId ? { ...g, revoked: true, revokedAt: at } : g)) };
    case 'StatusChanged':
      return { status: event.data.status };
    case 'EventCorrected':
    case 'EventRetracted':
      return undefined; // folded into the effective view before projections see events
  }
}

/** A grant's status at an asOf cut (epoch ms): expired once the cut is past the end of validUntil. */
export function grantStatus(grant: Grant, asOf: number): GrantStatus {
  if (grant.revoked) return 'revoked';
  if (grant.validUntilEnd !== null && asOf > grant.validUntilEnd) return 'expired';
  return 'active';
}

function mergeParties(parties: readonly Party[], added: readonly Party[]): Party[] {
  const byOrg = new Map(parties.map((p) => [p.org, p]));
  for (const party of added) byOrg.set(party.org, { org: party.org, role: party.role });
  return [...byOrg.values()];
}

/** The list with `item` last, in place of any entry it replaces; copied once (folds of long negotiations run this for every offer). */
function replaced<T>(list: readonly T[], item: T, replaces: (entry: T) => boolean): T[] {
  return list.some(replaces) ? [...list.filter((entry) => !replaces(entry)), item] : [...list, item];
}

function setOffer(offers: readonly Offer[], offerId: string, change: Partial<Offer>): Offer[] {
  return offers.map((o) => (o.offerId === offerId ? { ...o, ...change } : o));
}

/** The state as the API answers it (CONTRACT §4 NegotiationState, without the cut fields). */
export function presentNegotiationState(state: NegotiationState, asOf: number) {
  const { opened: _opened, grants, ...rest } = state;
  return {
    ...rest,
    grants: grants.map((grant) => {
      const { revoked: _revoked, validUntilEnd: _end, ...shown } = grant;
      return { ...shown, status: grantStatus(grant, asOf) };
    }),
  };
}
export type NegotiationStateView = ReturnType<typeof presentNegotiationState>;

/** CONTRACT §4 NegotiationSummary. */
export function summarizeNegotiation(state: NegotiationState, asOf: number) {
  return {
    id: state.id,
    title: state.title,
    status: state.status,
    parties: state.parties,
    openedAt: state.openedAt,
    lastActivityAt: state.lastActivityAt,
    meetings: state.meetings,
    openOffers: state.offers.filter((o) => o.status === 'open').length,
    activeGrants: state.grants.filter((g) => grantStatus(g, asOf) === 'active').length,
  };
}
export type NegotiationSummary = ReturnType<typeof summarizeNegotiation>;
