import type { EventInput } from '../../src/events/eventInput.js';

/** Builders of valid EventInputs with readable defaults; every field can be overridden. */
type InputOf<T extends EventInput['type']> = Extract<EventInput, { type: T }>;
type Overrides<T extends EventInput['type']> = Partial<Omit<InputOf<T>, 'type' | 'data'>> & { data?: Partial<InputOf<T>['data']> };

export const BRIEF = { publisher: 'Brief IA', title: 'Brussels Faces the Challenge of Access to AI Models' } as const;

function build<T extends EventInput['type']>(type: T, occurredAt: string, data: InputOf<T>['data'], overrides: Overrides<T> = {}): InputOf<T> {
  const { data: dataOverrides, ...envelope } = overrides;
  return { type, occurredAt, ...envelope, data: { ...data, ...dataOverrides } } as unknown as InputOf<T>;
}

export const opened = (o: Overrides<'NegotiationOpened'> = {}) =>
  build('NegotiationOpened', '2026-05-01', { title: 'Access to GPT-5.5 Cyber', parties: [{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }] }, o);

export const partyJoined = (org: string, o: Overrides<'PartyJoined'> = {}) => build('PartyJoined', '2026-05-02', { org, role: 'observer' }, o);

export const partyLeft = (org: string, o: Overrides<'PartyLeft'> = {}) => build('PartyLeft', '2026-05-03', { org }, o);

export const meeting = (o: Overrides<'MeetingHeld'> = {}) => build('MeetingHeld', '2026-05-04', {}, o);

export const offerMade = (offerId: string, o: Overrides<'OfferMade'> = {}) =>
  build('OfferMade', '2026-05-05', { offerId, from: 'OpenAI', to: 'European Commission', terms: { model: 'GPT-5.5 Cyber' } }, o);

export const offerAccepted = (offerId: string, o: Overrides<'OfferAccepted'> = {}) => build('OfferAccepted', '2026-05-06', { offerId, by: 'European Commission' }, o);

export const offerRejected = (offerId: string, o: Overrides<'OfferRejected'> = {}) => build('OfferRejected', '2026-05-06', { offerId, by: 'European Commission' }, o);

export const offerWithdrawn = (offerId: string, o: Overrides<'OfferWithdrawn'> = {}) => build('OfferWithdrawn', '2026-05-06', { offerId }, o);

export const statement = (text: string, o: Overrides<'StatementMade'> = {}) =>
  build('StatementMade', '2026-05-07', { speaker: { name: 'Thomas Regnier', org: 'European Commission' }, text, kind: 'paraphrase' }, { source: BRIEF, ...o });

export const accessRequested = (requestId: string, o: Overrides<'AccessRequested'> = {}) =>
  build('AccessRequested', '2026-05-08', { requestId, requester: 'European Commission', model: 'GPT-5.5 Cyber' }, o);

export const accessGranted = (grantId: string, o: Overrides<'AccessGranted'> = {}) =>
  build('AccessGranted', '2026-05-09', { grantId, grantee: 'AI Office', grantor: 'OpenAI', model: 'GPT-5.5 Cyber' }, o);

export const accessRevoked = (grantId: string, o: Overrides<'AccessRevoked'> = {}) => build('AccessRevoked', '2026-05-10', { grantId }, o);

export const statusChanged = (status: InputOf<'StatusChanged'>['data']['status'], o: Overrides<'StatusChanged'> = {}) =>
  build('StatusChanged', '2026-05-11', { status }, o);

export const corrected = (targetEventId: string, change: Omit<InputOf<'EventCorrected'>['data'], 'targetEventId' | 'reason'> & { reason?: string }, o: Overrides<'EventCorrected'> = {}) =>
  build('EventCorrected', '2026-05-12', { targetEventId, reason: 'the first report was wrong', ...change }, o);

export const retracted = (targetEventId: string, o: Overrides<'EventRetracted'> = {}) =>
  build('EventRetracted', '2026-05-12', { targetEventId, reason: 'never happened' }, o);
