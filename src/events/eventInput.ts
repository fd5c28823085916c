import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';
import { dataSchemas, type EventType } from './catalogue.js';
import { EventId, NegotiationId } from './primitives.js';
import { Source } from './source.js';

function inputOf<T extends EventType>(type: T, sourceRequired = false) {
  return z
    .strictObject({
      id: EventId.optional(),
      type: z.literal(type),
      occurredAt: TimePoint,
      source: sourceRequired ? Source : Source.optional(),
      data: dataSchemas[type],
    })
    .meta({ id: `${type}Input` });
}

/** An event as a client sends it (CONTRACT §1): one discriminated union over the catalogue. */
export const EventInput = z
  .discriminatedUnion('type', [
    inputOf('NegotiationOpened'),
    inputOf('PartyJoined'),
    inputOf('PartyLeft'),
    inputOf('MeetingHeld'),
    inputOf('OfferMade'),
    inputOf('OfferAccepted'),
    inputOf('OfferRejected'),
    inputOf('OfferWithdrawn'),
    inputOf('StatementMade', true),
    inputOf('AccessRequested'),
    inputOf('AccessGranted'),
    inputOf('AccessRevoked'),
    inputOf('StatusChanged'),
    inputOf('EventCorrected'),
    inputOf('EventRetracted'),
  ])
  .meta({ id: 'EventInput' });
export type EventInput = z.infer<typeof EventInput>;

export const MAX_BATCH = 1_000;
/** The body of an append: one event or an atomic batch of 1–1,000. */
export const AppendBody = z.union([EventInput, z.array(EventInput).min(1).max(MAX_BATCH)]);

/** An import line that is not yet recorded names its negotiation. */
export const EventInputWithStream = z.intersection(z.strictObject({ negotiationId: NegotiationId }).loose(), EventInput);
