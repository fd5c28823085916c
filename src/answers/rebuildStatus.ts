import { z } from 'zod';
import { Instant, type Answer } from './answer.js';

/** CONTRACT §4.1 rebuild: how far recreating the read model from the log has come. */
export const RebuildStatus = z
  .object({
    state: z.enum(['idle', 'running', 'done', 'failed']),
    done: z.int().meta({ description: 'streams projected so far' }),
    total: z.int().meta({ description: 'streams to project' }),
    startedAt: Instant.nullable(),
    finishedAt: Instant.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'RebuildStatus' });
export type RebuildStatus = Answer<typeof RebuildStatus>;
