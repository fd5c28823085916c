import { z } from 'zod';
import type { Answer } from './answer.js';

/** GET /health when the store answers reads. */
export const Health = z.object({ status: z.literal('ok'), store: z.string() }).meta({ id: 'Health' });
export type Health = Answer<typeof Health>;

/** GET /health when it does not (503). */
export const HealthDegraded = z
  .object({
    status: z.literal('degraded'),
    store: z.string(),
    reason: z.string().meta({ description: 'what is wrong, in general terms (never the driver\'s message)' }),
  })
  .meta({ id: 'HealthDegraded' });
export type HealthDegraded = Answer<typeof HealthDegraded>;
