import { z } from 'zod';
import type { Statement as ProjectedStatement } from '../../projections/statements.js';
import { Speaker } from '../events/catalogue.js';
import { EventId, NegotiationId } from '../events/primitives.js';
import { Source } from '../events/source.js';
import { Confidence } from '../events/provenance.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';
import { Certainty } from './certainty.js';
import { OccurredAtInterval, presentOccurredAtInterval } from './occurredAtInterval.js';

/** CONTRACT §4 Statement: who said what, where we read it and who recorded it. */
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
    source: Source.nullable().meta({ description: 'v1 form: the first of sources' }),
    sources: z.array(Source),
    confidence: Confidence.meta({ description: 'how sure the recorder is; "reported" when the event does not say' }),
    note: z.string().nullable(),
    status: z.enum(['current', 'corrected', 'retracted']),
    certainty: Certainty,
    occurredAtInterval: OccurredAtInterval,
    snippet: z.string().optional().meta({ description: 'with `q`: the text around the matches, each marked «…»' }),
  })
  .meta({ id: 'Statement' });
export type Statement = Answer<typeof Statement>;

/** A projected statement, with the interval it is filtered by as ISO instants. */
export function presentStatement({ occurred, ...statement }: ProjectedStatement): Statement {
  return { ...statement, occurredAtInterval: presentOccurredAtInterval(occurred) };
}
