/**
 * One line of plain words for each event type (CONTRACT §3), read defensively: the data
 * is shown as text, and a field of an unexpected shape is left out rather than trusted.
 */
import { formatTimePoint } from './timeText.js';
import type { RecordedEvent } from './types.js';

type Data = Record<string, unknown>;

export const TYPE_LABELS: Record<string, string> = {
  NegotiationOpened: 'Negotiation opened',
  PartyJoined: 'Party joined',
  PartyLeft: 'Party left',
  MeetingHeld: 'Meeting held',
  OfferMade: 'Offer made',
  OfferAccepted: 'Offer accepted',
  OfferRejected: 'Offer rejected',
  OfferWithdrawn: 'Offer withdrawn',
  StatementMade: 'Statement',
  AccessRequested: 'Access requested',
  AccessGranted: 'Access granted',
  AccessRevoked: 'Access revoked',
  StatusChanged: 'Status changed',
  EventCorrected: 'Correction',
  EventRetracted: 'Retraction',
};

export const EVENT_TYPES = Object.keys(TYPE_LABELS);

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

export function describeEvent(event: Pick<RecordedEvent, 'type' | 'data'>): string {
  const d = event.data;
  switch (event.type) {
    case 'NegotiationOpened':
      return join([quoted(str(d, 'title')), str(d, 'subject'), parties(d.parties) && `Parties: ${parties(d.parties)}`]);
    case 'PartyJoined':
      return `${str(d, 'org')} joined as ${str(d, 'role')}`;
    case 'PartyLeft':
      return join([`${str(d, 'org')} left`, reason(d)]);
    case 'MeetingHeld':
      return join([meetingCount(d.count), str(d, 'format'), str(d, 'location'), participants(d.participants), str(d, 'summary')]);
    case 'OfferMade':
      return join([`${str(d, 'from')} offered ${str(d, 'to')}`, terms(d.terms), str(d, 'summary'), str(d, 'counters') && `counters ${str(d, 'counters')}`]);
    case 'OfferAccepted':
      return `${str(d, 'by')} accepted offer ${str(d, 'offerId')}`;
    case 'OfferRejected':
      return join([`${str(d, 'by')} rejected offer ${str(d, 'offerId')}`, reason(d)]);
    case 'OfferWithdrawn':
      return join([`Offer ${str(d, 'offerId')} withdrawn`, reason(d)]);
    case 'StatementMade':
      return statement(d);
    case 'AccessRequested':
      return join([`${str(d, 'requester')} asked for access to ${str(d, 'model')}`, str(d, 'scope')]);
    case 'AccessGranted':
      return join([
        `${str(d, 'grantor')} granted ${str(d, 'grantee')} access to ${str(d, 'model')}`,
        str(d, 'scope'),
        str(d, 'validUntil') && `until ${formatTimePoint(str(d, 'validUntil'))}`,
      ]);
    case 'AccessRevoked':
      return join([`Grant ${str(d, 'grantId')} revoked`, reason(d)]);
    case 'StatusChanged':
      return join([`Status: ${str(d, 'status')}`, reason(d)]);
    case 'EventCorrected':
      return join([`Corrects event ${str(d, 'targetEventId')}`, reason(d)]);
    case 'EventRetracted':
      return join([`Retracts event ${str(d, 'targetEventId')}`, reason(d)]);
    default:
      return '';
  }
}

/**
 * "Thomas Regnier (European Commission, Spokesperson)"; a speaker recorded without a name
 * is an unnamed speaker of their organisation (CONTRACT §3): "European Commission (unnamed speaker)".
 */
export function speakerLabel(speaker: unknown): string {
  if (!isObject(speaker)) return '';
  const name = str(speaker, 'name');
  const org = str(speaker, 'org');
  const role = str(speaker, 'role');
  if (!name) return org ? `${org} (${['unnamed speaker', role].filter(Boolean).join(', ')})` : role;
  const details = [org, role].filter(Boolean).join(', ');
  return details ? `${name} (${details})` : name;
}

export function str(data: unknown, key: string): string {
  if (!isObject(data)) return '';
  const value = data[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statement(d: Data): string {
  const text = str(d, 'text');
  return str(d, 'kind') === 'quote' ? `${speakerLabel(d.speaker)}: “${text}”` : `${speakerLabel(d.speaker)} (paraphrase): ${text}`;
}

function terms(value: unknown): string {
  if (!isObject(value)) return '';
  const beneficiaries = strings(value.beneficiaries);
  const candidates = strings(value.candidateBeneficiaries);
  const conditions = strings(value.conditions);
  return join([
    str(value, 'model'),
    str(value, 'access'),
    beneficiaries.length ? `for ${beneficiaries.join(', ')}` : '',
    candidates.length ? candidatesLabel(candidates) : '',
    conditions.length ? `conditions: ${conditions.join('; ')}` : '',
  ]);
}

/** Beneficiaries named as possible, not decided (CONTRACT §3): "candidates: ENISA, AI Office, DG CONNECT". */
export function candidatesLabel(candidates: readonly string[]): string {
  return `candidates: ${candidates.join(', ')}`;
}

/** A MeetingHeld's count: absent is one meeting; no max is "at least" min (CONTRACT §3). */
function meetingCount(value: unknown): string {
  if (!isObject(value)) return '';
  const min = str(value, 'min');
  const max = str(value, 'max');
  if (!max) return `at least ${min} meeting${min === '1' ? '' : 's'}`;
  if (min === max) return `${min} meeting${min === '1' ? '' : 's'}`;
  return `${min}–${max} meetings`;
}

function participants(value: unknown): string {
  if (!Array.isArray(value)) return '';
  const names = value.filter(isObject).map((p) => (str(p, 'name') ? `${str(p, 'name')} (${str(p, 'org')})` : str(p, 'org')));
  return names.length ? `with ${names.join(', ')}` : '';
}

function parties(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .filter(isObject)
    .map((p) => `${str(p, 'org')} (${str(p, 'role')})`)
    .join(', ');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function reason(d: Data): string {
  return str(d, 'reason') && `reason: ${str(d, 'reason')}`;
}

function quoted(text: string): string {
  return text && `“${text}”`;
}

function join(parts: string[]): string {
  return parts.filter(Boolean).join(' — ');
}
