import { z } from 'zod';
import { EventId, NegotiationId } from '../events/primitives.js';
import { Instant, type Answer } from './answer.js';

/** CONTRACT §4: what an append recorded (the same for an idempotent retry). */
export const AppendResult = z
  .object({
    negotiationId: NegotiationId,
    revision: z.int(),
    position: z.int(),
    events: z.array(z.object({ id: EventId, revision: z.int(), position: z.int(), recordedAt: Instant })),
  })
  .meta({ id: 'AppendResult' });
export type AppendResult = Answer<typeof AppendResult>;
