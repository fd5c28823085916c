import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';
import { dataSchemas, type EventType } from './catalogue.js';
import { EventId } from './primitives.js';
import { Source } from './source.js';

function fieldsOf<T extends EventType>(type: T) {
  return {
    id: EventId.optional(),
    type: z.literal(type),
    occurredAt: TimePoint,
    source: Source.optional(),
    data: dataSchemas[type],
  };
}

function inputOf<T extends EventType>(type: T) {
  return z.strictObject(fieldsOf(type)).meta({ id: `${type}Input` });
}

/** A statement needs its provenance. Built apart so the inferred type keeps `source` required here and optional elsewhere. */
const StatementMadeInput = z.strictObject({ ...fieldsOf('StatementMade'), source: Source }).meta({ id: 'StatementMadeInput' });

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
