import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';
import { CorrectionPatch } from './correctionPatch.js';
import { agreeingSources, provenanceFields } from './provenance.js';
import { EventId, LocalId, Name, NegotiationStatus, Party, PartyRole, Prose } from './primitives.js';

/** The `data` of each event type (CONTRACT §3); strict: unknown keys are rejected. */
export const NegotiationOpenedData = z.strictObject({
  title: Name,
  subject: Prose.optional(),
  parties: z.array(Party).min(1).max(100),
});

export const PartyJoinedData = z.strictObject({ org: Name, role: PartyRole });
export const PartyLeftData = z.strictObject({ org: Name, reason: Prose.optional() });

/** How many meetings one event stands for: `min`–`max`, or "at least min" when max is absent (v2). */
export const MeetingCount = z
  .strictObject({ min: z.int().min(1).max(10_000), max: z.int().min(1).max(10_000).optional() })
  .refine((c) => c.max === undefined || c.max >= c.min, { message: 'max must be at least min', path: ['max'] });

export const MeetingHeldData = z.strictObject({
  meetingId: LocalId.optional(),
  participants: z.array(z.strictObject({ name: Name.optional(), org: Name })).max(200).optional(),
  format: z.enum(['in-person', 'virtual', 'unknown']).optional(),
  location: Name.optional(),
  summary: Prose.optional(),
  count: MeetingCount.optional(),
});

export const OfferTerms = z.strictObject({
  model: Name.optional(),
  access: Prose.optional(),
  beneficiaries: z.array(Name).max(100).optional(),
  /** v2: named as possible beneficiaries, not decided. */
  candidateBeneficiaries: z.array(Name).max(100).optional(),
  conditions: z.array(Prose).max(100).optional(),
});

export const OfferMadeData = z.strictObject({
  offerId: LocalId,
  from: Name,
  to: Name,
  terms: OfferTerms,
  summary: Prose.optional(),
  counters: LocalId.optional(),
});
export const OfferAcceptedData = z.strictObject({ offerId: LocalId, by: Name });
export const OfferRejectedData = z.strictObject({ offerId: LocalId, by: Name, reason: Prose.optional() });
export const OfferWithdrawnData = z.strictObject({ offerId: LocalId, reason: Prose.optional() });

/** Who spoke: a person, or (v2) an unnamed speaker of an organisation when only `org` is given. */
export const Speaker = z
  .strictObject({ name: Name.optional(), org: Name.optional(), role: Name.optional() })
  .refine((s) => s.name !== undefined || s.org !== undefined, { message: 'a speaker needs a name or an org (an unnamed speaker of that org)' })
  .meta({ id: 'Speaker' });
export const StatementMadeData = z.strictObject({
  statementId: LocalId.optional(),
  speaker: Speaker,
  text: z.string().min(1).max(10_000),
  kind: z.enum(['quote', 'paraphrase']),
  topics: z.array(Name).max(50).optional(),
});

export const AccessRequestedData = z.strictObject({
  requestId: LocalId,
  requester: Name,
  model: Name,
  scope: Prose.optional(),
});
export const AccessGrantedData = z.strictObject({
  grantId: LocalId,
  grantee: Name,
  grantor: Name,
  model: Name,
  scope: Prose.optional(),
  validUntil: TimePoint.optional(),
  requestId: LocalId.optional(),
});
export const AccessRevokedData = z.strictObject({ grantId: LocalId, reason: Prose.optional() });

export const StatusChangedData = z.strictObject({ status: NegotiationStatus, reason: Prose.optional() });

export const EventCorrectedData = z.strictObject({
  targetEventId: EventId,
  occurredAt: TimePoint.optional(),
  data: CorrectionPatch.optional(),
  ...provenanceFields,
  reason: Prose,
}).superRefine((value, context) => agreeingSources(value, context));
export const EventRetractedData = z.strictObject({ targetEventId: EventId, reason: Prose });

export const dataSchemas = {
  NegotiationOpened: NegotiationOpenedData,
  PartyJoined: PartyJoinedData,
  PartyLeft: PartyLeftData,
  MeetingHeld: MeetingHeldData,
  OfferMade: OfferMadeData,
  OfferAccepted: OfferAcceptedData,
  OfferRejected: OfferRejectedData,
  OfferWithdrawn: OfferWithdrawnData,
  StatementMade: StatementMadeData,
  AccessRequested: AccessRequestedData,
  AccessGranted: AccessGrantedData,
  AccessRevoked: AccessRevokedData,
  StatusChanged: StatusChangedData,
  EventCorrected: EventCorrectedData,
  EventRetracted: EventRetractedData,
} as const;

export type EventType = keyof typeof dataSchemas;
export const EVENT_TYPES = Object.keys(dataSchemas) as EventType[];

/** Whether `key` names a field of the type's data: an own key of its schema's shape, so "constructor" and "__proto__" never do. */
export function isDataField(type: EventType, key: string): boolean {
  return Object.hasOwn(dataSchemas[type].shape, key);
}
export type EventData<T extends EventType> = z.infer<(typeof dataSchemas)[T]>;
