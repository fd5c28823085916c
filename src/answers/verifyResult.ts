import { z } from 'zod';
import { EventId, NegotiationId } from '../events/primitives.js';
import type { Answer } from './answer.js';

/** CONTRACT §6: every stream's hash chain recomputed (GET /audit/verify, parley verify). */
export const VerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.int(),
    negotiations: z.int().meta({ description: 'the negotiations whose streams were checked' }),
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
export type VerifyResult = Answer<typeof VerifyResult>;
