/**
 * The shapes the dashboard reads from the HTTP API (CONTRACT §4). Only the fields the
 * page uses are listed; the server may send more. Everything is treated as untrusted text.
 */

export interface Source {
  publisher?: string;
  title?: string;
  url?: string;
  publishedAt?: string;
}

export interface MeetingCount {
  min: number;
  max: number;
  lastAt?: string | null;
}

export interface Party {
  org: string;
  role: string;
}

export interface NegotiationSummary {
  id: string;
  title: string;
  status: string;
  openedAt?: string;
  lastActivityAt?: string | null;
  meetings: MeetingCount;
  openOffers: number;
  /** The open offers themselves, beside their count. */
  openOfferList: Offer[];
  activeGrants: number | Grant[];
  parties?: Party[];
}

export interface Offer {
  offerId: string;
  from: string;
  to: string;
  terms: { model?: string; access?: string; beneficiaries?: string[]; conditions?: string[] };
  status: string;
  madeAt?: string;
  respondedAt?: string;
}

export interface AccessRequest {
  requestId: string;
  requester: string;
  model: string;
  status: string;
}

export interface Grant {
  negotiationId?: string;
  grantId: string;
  grantee: string;
  grantor: string;
  model: string;
  scope?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  status: string;
}

export interface NegotiationState {
  id: string;
  title: string;
  subject?: string | null;
  status: string;
  parties: Party[];
  openedAt?: string;
  lastActivityAt?: string | null;
  meetings: MeetingCount;
  offers: Offer[];
  requests: AccessRequest[];
  grants: Grant[];
  statements: number;
  revision: number;
}

export interface RecordedEvent {
  id: string;
  type: string;
  negotiationId: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  source?: Source;
  data: Record<string, unknown>;
}

export interface TimelineEntry extends RecordedEvent {
  retracted: boolean;
  corrections: string[];
  /** Extra fields the server may add: who retracted it and why, and the values as first recorded. */
  retraction?: { eventId: string; reason: string; recordedAt: string };
  original?: Pick<RecordedEvent, 'occurredAt' | 'data' | 'source'>;
}

export interface Speaker {
  name: string;
  org?: string;
  role?: string;
}

export interface Statement {
  eventId: string;
  negotiationId: string;
  speaker: Speaker;
  text: string;
  kind: string;
  topics?: string[];
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  source?: Source | null;
  status: string;
}

export interface ListOf<T> {
  items: T[];
  asOf?: string | null;
  knownAt?: string | null;
}

/** `GET /dashboard`: totals at the cut. */
export interface DashboardTotals {
  negotiations: number;
  byStatus?: Record<string, number>;
  meetings?: MeetingCount;
  openOffers?: number;
  activeGrants?: number;
  statements?: number;
  /** The dates the whole log covers, whatever the cut; null while it is empty. */
  span: { occurredFrom: string | null; occurredTo: string | null; recordedFrom: string | null; recordedTo: string | null };
  /** The highest global position the answer read. */
  lastPosition: number;
}
