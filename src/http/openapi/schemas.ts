import { z } from 'zod';
import { EventId, NegotiationId, NegotiationStatus, Party } from '../../events/primitives.js';
import { OfferTerms, Speaker } from '../../events/catalogue.js';
import { RecordedEvent } from '../../events/recordedEvent.js';
import { Source } from '../../events/source.js';
import { TimePoint } from '../../time/timePoint.js';

/**
 * The shapes the API answers with (CONTRACT §4), as zod schemas: they feed the OpenAPI
 * document, and the integration tests check real answers against them.
 */
const Instant = z.iso.datetime({ offset: true });
const Cut = { asOf: z.string().meta({ description: 'the asOf this answer is for' }), knownAt: z.string().meta({ description: 'the knownAt this answer is for' }) };
const Meetings = z.object({ min: z.int(), max: z.int(), lastAt: TimePoint.nullable() });
const GrantStatus = z.enum(['active', 'expired', 'revoked']);

/** A grant as a negotiation's state lists it; the access register adds its negotiationId. */
const grantFields = {
  grantId: z.string(),
  grantee: z.string(),
  grantor: z.string(),
  model: z.string(),
  scope: z.string().nullable(),
  validFrom: TimePoint,
  validUntil: TimePoint.nullable(),
  status: GrantStatus,
  revokedAt: TimePoint.optional(),
  requestId: z.string().optional(),
};

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
    ...Cut,
  })
  .meta({ id: 'NegotiationState' });

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

export const TimelineEntry = RecordedEvent.extend({
  retracted: z.boolean(),
  corrections: z.array(EventId),
  retraction: z.object({ eventId: EventId, reason: z.string(), recordedAt: Instant }).optional(),
  original: z.object({ occurredAt: TimePoint, data: z.record(z.string(), z.unknown()), source: Source.optional() }).optional(),
}).meta({ id: 'TimelineEntry' });

export const Statement = z
  .object({
    eventId: EventId,
    negotiationId: NegotiationId,
    statementId: z.string().nullable(),
    speaker: Speaker,
    text: z.string(),
    kind: z.enum(['quote', 'paraphrase']),
    topics: z.array(z.string()),
    occurredAt: TimePoint,
    recordedAt: Instant,
    recordedBy: z.string(),
    source: Source.nullable(),
    status: z.enum(['current', 'corrected', 'retracted']),
  })
  .meta({ id: 'Statement' });

export const Grant = z
  .object({ negotiationId: NegotiationId, ...grantFields })
  .meta({ id: 'Grant' });

export const Dashboard = z
  .object({
    negotiations: z.int(),
    byStatus: z.record(NegotiationStatus, z.int()),
    meetings: Meetings,
    openOffers: z.int(),
    activeGrants: z.int(),
    statements: z.int(),
    latestActivity: z.array(
      z.object({ negotiationId: NegotiationId, eventId: EventId, type: z.string(), occurredAt: TimePoint, recordedAt: Instant, recordedBy: z.string() }),
    ),
    span: z
      .object({
        occurredFrom: TimePoint.nullable().meta({ description: 'the occurredAt whose interval starts earliest' }),
        occurredTo: TimePoint.nullable().meta({ description: 'the occurredAt whose interval ends latest' }),
        recordedFrom: Instant.nullable(),
        recordedTo: Instant.nullable(),
      })
      .meta({ description: 'the dates every recorded event covers, whatever the cut (null while the log is empty): the range of a time control' }),
    lastPosition: z.int().meta({ description: 'the highest global position among the events read (0 when none): a live feed resumes after it' }),
    ...Cut,
  })
  .meta({ id: 'Dashboard' });

const ListDiff = z.object({
  added: z.array(z.unknown()),
  removed: z.array(z.unknown()),
  changed: z.array(z.object({ id: z.string(), from: z.unknown(), to: z.unknown() })),
});
const Change = <T extends z.ZodType>(schema: T) => z.object({ from: schema.nullable(), to: schema });
export const StateDiff = z
  .object({
    negotiationId: NegotiationId,
    from: z.string(),
    to: z.string(),
    status: Change(NegotiationStatus).optional(),
    title: Change(z.string()).optional(),
    parties: z.object({ added: z.array(Party), removed: z.array(Party) }),
    meetings: Change(Meetings).optional(),
    statements: Change(z.int()).optional(),
    offers: ListDiff,
    requests: ListDiff,
    grants: ListDiff,
    ...Cut,
  })
  .meta({ id: 'StateDiff' });

export const AppendResult = z
  .object({
    negotiationId: NegotiationId,
    revision: z.int(),
    position: z.int(),
    events: z.array(z.object({ id: EventId, revision: z.int(), position: z.int(), recordedAt: Instant })),
  })
  .meta({ id: 'AppendResult' });

export const EventPage = z
  .object({ items: z.array(RecordedEvent), next: z.int().nullable().meta({ description: 'pass as `after` for the next page; null at the end' }) })
  .meta({ id: 'EventPage' });

export const VerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.int(),
    broken: z.array(
      z.object({
        negotiationId: NegotiationId,
        revision: z.int(),
        eventId: EventId,
        problem: z.enum(['hash-mismatch', 'revision-gap', 'missing-revision-0', 'unreadable']).meta({
          description:
            'hash-mismatch: the event is not the one its hash was made for; revision-gap: events before it are missing; missing-revision-0: the stream does not start at revision 0; unreadable: the stored row cannot be read back',
        }),
        position: z.int().optional().meta({ description: 'for an unreadable row: its global position' }),
      }),
    ),
  })
  .meta({ id: 'VerifyResult' });

export const Health = z.object({ status: z.literal('ok'), store: z.string() }).meta({ id: 'Health' });

export const HealthDegraded = z
  .object({
    status: z.literal('degraded'),
    store: z.string(),
    reason: z.string().meta({ description: 'what is wrong, in general terms (never the driver\'s message)' }),
  })
  .meta({ id: 'HealthDegraded' });

export const ProblemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** A query answer: the items and the cut they are for. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ ...Cut, items: z.array(item) });
