import type { EventData } from '../src/events/catalogue.js';
import type { NegotiationStatus, Party } from '../src/events/primitives.js';
import type { EffectiveEvent } from './effectiveEvent.js';
import { endOf } from '../src/time/timePoint.js';
import { ChangeList, type ChangeRules } from './changeList.js';

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
  /** `max` null: unknown, since some meeting was counted as "at least" (v2). */
  readonly meetings: { readonly min: number; readonly max: number | null; readonly lastAt: string | null };
  readonly offers: readonly Offer[];
  readonly requests: readonly AccessRequest[];
  readonly grants: readonly Grant[];
  readonly statements: number;
  readonly revision: number;
}

/** The four collections of a state, as persistent change lists: a fold step adds to one in O(1). */
interface Collections {
  readonly parties: ChangeList<Party, PartyChange>;
  readonly offers: ChangeList<Offer, OfferChange>;
  readonly requests: ChangeList<AccessRequest, RequestChange>;
  readonly grants: ChangeList<Grant, GrantChange>;
}

type PartyChange = { readonly joined: readonly Party[] } | { readonly left: string };
type OfferChange = { readonly made: Offer } | { readonly responded: string; readonly change: Partial<Offer> };
type RequestChange = { readonly requested: AccessRequest } | { readonly granted: string };
type GrantChange = { readonly granted: Grant } | { readonly revoked: string; readonly at: string };

/** Joining keeps an org where it first joined, with its latest role; leaving removes it. */
const PARTY_RULES: ChangeRules<Party, PartyChange> = {
  keyOf: (party) => party.org,
  apply(parties, change) {
    if ('left' in change) parties.delete(change.left);
    else for (const party of change.joined) parties.set(party.org, { org: party.org, role: party.role });
  },
};

/** A re-made offer goes last, in place of its old entry; a response changes the offer where it stands. */
const OFFER_RULES: ChangeRules<Offer, OfferChange> = {
  keyOf: (offer) => offer.offerId,
  apply(offers, change) {
    if ('made' in change) replace(offers, change.made.offerId, change.made);
    else update(offers, change.responded, (offer) => ({ ...offer, ...change.change }));
  },
};

const REQUEST_RULES: ChangeRules<AccessRequest, RequestChange> = {
  keyOf: (request) => request.requestId,
  apply(requests, change) {
    if ('requested' in change) replace(requests, change.requested.requestId, change.requested);
    else update(requests, change.granted, (request) => ({ ...request, status: 'granted' as const }));
  },
};

const GRANT_RULES: ChangeRules<Grant, GrantChange> = {
  keyOf: (grant) => grant.grantId,
  apply(grants, change) {
    if ('granted' in change) replace(grants, change.granted.grantId, change.granted);
    else update(grants, change.revoked, (grant) => ({ ...grant, revoked: true, revokedAt: change.at }));
  },
};

/** `item` last under `key`, in place of any entry it replaces. */
function replace<T>(items: Map<string, T>, key: string, item: T): void {
  items.delete(key);
  items.set(key, item);
}

function update<T>(items: Map<string, T>, key: string, changed: (item: T) => T): void {
  const item = items.get(key);
  if (item !== undefined) items.set(key, changed(item));
}

/** Where a state built here keeps its collections; not enumerable, so comparisons and JSON see the arrays only. */
const COLLECTIONS = Symbol('collections');

/** What one event changes: plain fields, and collections grown by a change. */
type Change = Partial<Omit<NegotiationState, keyof Collections | 'id' | 'revision' | 'lastActivityAt'> & Collections>;

/**
 * The state after `change`, with its collection arrays read through getters (own and enumerable,
 * so equality and JSON see them as plain fields), each built once from its change list on first
 * read. Every state is built here, field by field, so all have one shape.
 */
function stateOf(base: NegotiationState, collections: Collections, revision: number, lastActivityAt: string | null, change: Change): NegotiationState {
  const parties = change.parties ?? collections.parties;
  const offers = change.offers ?? collections.offers;
  const requests = change.requests ?? collections.requests;
  const grants = change.grants ?? collections.grants;
  const unchanged = parties === collections.parties && offers === collections.offers && requests === collections.requests && grants === collections.grants;
  const fields = {
    id: base.id,
    opened: change.opened ?? base.opened,
    title: change.title ?? base.title,
    subject: change.subject === undefined ? base.subject : change.subject,
    status: change.status ?? base.status,
    openedAt: change.openedAt === undefined ? base.openedAt : change.openedAt,
    lastActivityAt,
    meetings: change.meetings ?? base.meetings,
    statements: change.statements ?? base.statements,
    revision,
  };
  return new FoldedState(fields, unchanged ? collections : { parties, offers, requests, grants });
}

/** How a state reads a collection: own and enumerable, so equality and JSON see a plain field. */
function readCollection<K extends keyof Collections>(key: K): PropertyDescriptor {
  return { enumerable: true, get(this: FoldedState) { return this[COLLECTIONS][key].items(); } };
}
const PARTIES = readCollection('parties');
const OFFERS = readCollection('offers');
const REQUESTS = readCollection('requests');
const GRANTS = readCollection('grants');

/** A state built by the fold: its fields in the order of NegotiationState, its collections as change lists. */
class FoldedState implements NegotiationState {
  declare readonly id: string;
  declare readonly opened: boolean;
  declare readonly title: string;
  declare readonly subject: string | null;
  declare readonly status: NegotiationStatus;
  declare readonly parties: readonly Party[];
  declare readonly openedAt: string | null;
  declare readonly lastActivityAt: string | null;
  declare readonly meetings: NegotiationState['meetings'];
  declare readonly offers: readonly Offer[];
  declare readonly requests: readonly AccessRequest[];
  declare readonly grants: readonly Grant[];
  declare readonly statements: number;
  declare readonly revision: number;
  declare readonly [COLLECTIONS]: Collections;

  constructor(fields: Omit<NegotiationState, keyof Collections>, collections: Collections) {
    // Fields declared, not initialised, and defined here one by one in this order: JSON of a state
    // (and of its presentation) lists fields as NegotiationState does.
    this.id = fields.id;
    this.opened = fields.opened;
    this.title = fields.title;
    this.subject = fields.subject;
    this.status = fields.status;
    Object.defineProperty(this, 'parties', PARTIES);
    this.openedAt = fields.openedAt;
    this.lastActivityAt = fields.lastActivityAt;
    this.meetings = fields.meetings;
    Object.defineProperty(this, 'offers', OFFERS);
    Object.defineProperty(this, 'requests', REQUESTS);
    Object.defineProperty(this, 'grants', GRANTS);
    this.statements = fields.statements;
    this.revision = fields.revision;
    Object.defineProperty(this, COLLECTIONS, { value: collections });
  }
}

/**
 * Builds a state's collection arrays now. Worth it for a snapshot that later folds go on from:
 * reading a state after it then builds only what changed since, not the whole negotiation.
 */
export function buildCollections(state: NegotiationState): void {
  const collections = (state as { [COLLECTIONS]?: Collections })[COLLECTIONS];
  if (!collections) return;
  collections.parties.items();
  collections.offers.items();
  collections.requests.items();
  collections.grants.items();
}

/** The collections of any state; one not built here (a plain object) gets change lists based on its arrays. */
function collectionsOf(state: NegotiationState): Collections {
  return (state as { [COLLECTIONS]?: Collections })[COLLECTIONS] ?? {
    parties: ChangeList.of(PARTY_RULES, state.parties),
    offers: ChangeList.of(OFFER_RULES, state.offers),
    requests: ChangeList.of(REQUEST_RULES, state.requests),
    grants: ChangeList.of(GRANT_RULES, state.grants),
  };
}

const NO_CHANGE: Change = {};

export function initialNegotiationState(id: string): NegotiationState {
  const empty: NegotiationState = {
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
  return stateOf(empty, collectionsOf(empty), empty.revision, empty.lastActivityAt, NO_CHANGE);
}

/**
 * Pure: returns a new state; unchanged parts are shared with the old one. Every step is O(1)
 * whatever the size of the collections: each grows by one change (replays fold every event).
 */
export function evolveNegotiationState(state: NegotiationState, effective: EffectiveEvent): NegotiationState {
  const revision = Math.max(state.revision, effective.lastRevision);
  const collections = collectionsOf(state);
  if (effective.retracted) return stateOf(state, collections, revision, state.lastActivityAt, NO_CHANGE);
  const change = changeOf(state, collections, effective.event);
  return change === undefined ? state : stateOf(state, collections, revision, effective.event.occurredAt, change);
}

/** The fields an event changes, or undefined for the events that leave the state alone. */
function changeOf(state: NegotiationState, collections: Collections, event: EffectiveEvent['event']): Change | undefined {
  const at = event.occurredAt;
  switch (event.type) {
    case 'NegotiationOpened':
      return {
        opened: true,
        title: event.data.title,
        subject: event.data.subject ?? null,
        parties: collections.parties.with({ joined: event.data.parties }),
        openedAt: at,
      };
    case 'PartyJoined':
      return { parties: collections.parties.with({ joined: [event.data] }) };
    case 'PartyLeft':
      return { parties: collections.parties.with({ left: event.data.org }) };
    case 'MeetingHeld': {
      const count = event.data.count ?? { min: 1, max: 1 };
      const max = state.meetings.max === null || count.max === undefined ? null : state.meetings.max + count.max;
      return { meetings: { min: state.meetings.min + count.min, max, lastAt: at } };
    }
    case 'OfferMade': {
      const { offerId, from, to, terms, summary, counters } = event.data;
      const offer: Offer = { offerId, from, to, terms, status: 'open', madeAt: at, ...(summary && { summary }), ...(counters && { counters }) };
      const offers = counters ? collections.offers.with({ responded: counters, change: { status: 'countered', respondedAt: at } }) : collections.offers;
      return { offers: offers.with({ made: offer }) };
    }
    case 'OfferAccepted':
      return { offers: collections.offers.with({ responded: event.data.offerId, change: { status: 'accepted', respondedAt: at } }) };
    case 'OfferRejected':
      return { offers: collections.offers.with({ responded: event.data.offerId, change: { status: 'rejected', respondedAt: at, ...(event.data.reason && { reason: event.data.reason }) } }) };
    case 'OfferWithdrawn':
      return { offers: collections.offers.with({ responded: event.data.offerId, change: { status: 'withdrawn', respondedAt: at, ...(event.data.reason && { reason: event.data.reason }) } }) };
    case 'StatementMade':
      return { statements: state.statements + 1 };
    case 'AccessRequested': {
      const { requestId, requester, model, scope } = event.data;
      const request: AccessRequest = { requestId, requester, model, scope: scope ?? null, status: 'pending', requestedAt: at };
      return { requests: collections.requests.with({ requested: request }) };
    }
    case 'AccessGranted': {
      const { grantId, grantee, grantor, model, scope, validUntil, requestId } = event.data;
      const grant: Grant = {
        grantId, grantee, grantor, model, scope: scope ?? null, validFrom: at,
        validUntil: validUntil ?? null, validUntilEnd: validUntil === undefined ? null : endOf(validUntil),
        revoked: false, ...(requestId && { requestId }),
      };
      const requests = requestId ? collections.requests.with({ granted: requestId }) : collections.requests;
      return { requests, grants: collections.grants.with({ granted: grant }) };
    }
    case 'AccessRevoked':
      return { grants: collections.grants.with({ revoked: event.data.grantId, at }) };
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
