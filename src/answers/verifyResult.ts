import { z } from 'zod';
import { EventId, NegotiationId } from '../events/primitives.js';
import type { Answer } from './answer.js';

const Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** CONTRACT §8: the Merkle log recomputed from the stored events, and every stored checkpoint checked against it. */
const LogCheck = z
  .object({
    size: z.int().meta({ description: 'the leaves found, in seq order' }),
    root: Hex.meta({ description: 'the RFC 9162 root recomputed from them' }),
    checkpoints: z.int().meta({ description: 'the stored checkpoints checked' }),
    signatures: z.enum(['checked', 'unchecked']).meta({ description: 'whether their signatures were checked: only with the server\'s key' }),
    problems: z.array(
      z.object({
        problem: z.enum(['seq-gap', 'log-short', 'checkpoint-malformed', 'checkpoint-bad-signature', 'checkpoint-beyond-log', 'checkpoint-root-mismatch']).meta({
          description:
            'seq-gap: leaves are missing inside the log (events deleted); log-short: the log says it holds more events than are stored; checkpoint-malformed: a stored checkpoint cannot be read or is stored with fields its note does not say; checkpoint-bad-signature: it does not verify with the server\'s key; checkpoint-beyond-log: it signed more events than the log holds (its newest were deleted); checkpoint-root-mismatch: the log\'s first events are not the ones it signed',
        }),
        message: z.string(),
        seq: z.int().optional().meta({ description: 'for a gap or a short log: the first missing leaf' }),
        size: z.int().optional().meta({ description: 'for a checkpoint: the events it signed' }),
        time: z.string().optional().meta({ description: 'for a checkpoint: when it was signed' }),
      }),
    ),
  })
  .meta({ id: 'LogCheck' });

/** CONTRACT §6: every stream's hash chain recomputed (GET /audit/verify, parley verify); §8: and the Merkle log. */
export const VerifyResult = z
  .object({
    ok: z.boolean().meta({ description: 'false on any break or log problem' }),
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
    log: LogCheck.optional().meta({ description: 'the Merkle log and its checkpoints; absent on a store that keeps no Merkle log' }),
  })
  .meta({ id: 'VerifyResult' });
export type VerifyResult = Answer<typeof VerifyResult>;
