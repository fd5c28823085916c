import { z } from 'zod';

/**
 * The problem document every error answers with (RFC 9457, CONTRACT §4); the answers
 * themselves are described in src/answers.
 */
export const ProblemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'on 400: each refused field, as a JSON pointer or dotted path' }),
    currentRevision: z.int().optional().meta({ description: 'on 412: the stream\'s last revision, to send as If-Match next' }),
  })
  .meta({ id: 'Problem' });
