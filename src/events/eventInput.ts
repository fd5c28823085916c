import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';
import { dataSchemas, type EventType } from './catalogue.js';
import { EventId } from './primitives.js';
import { agreeingSources, provenanceFields } from './provenance.js';

function fieldsOf<T extends EventType>(type: T) {
  return {
    id: EventId.optional(),
    type: z.literal(type),
    occurredAt: TimePoint,
    ...provenanceFields,
    data: dataSchemas[type],
  };
}

function inputOf<T extends EventType>(type: T) {
  return z
    .strictObject(fieldsOf(type))
    .superRefine((value, context) => agreeingSources(value, context))
    .meta({ id: `${type}Input` });
}

/** A statement needs its provenance (CONTRACT §1): at least one source, as `sources` or the v1 `source`. */
const StatementMadeInput = z
  .strictObject(fieldsOf('StatementMade'))
  .superRefine((value, context) => {
    agreeingSources(value, context);
    if (value.source === undefined && value.sources === undefined) {
      context.addIssue({ code: 'custom', path: ['sources'], message: 'a statement needs at least one source (sources, or the v1 source)', input: value });
    }
  })
  .meta({ id: 'StatementMadeInput' });

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
    StatementMadeInput,
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
