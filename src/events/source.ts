import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';

/** Provenance of an event: where we read or heard it. */
export const Source = z
  .strictObject({
    publisher: z.string().min(1).max(200).optional(),
    title: z.string().min(1).max(500).optional(),
    url: z
      .url({ protocol: /^https?$/, hostname: z.regexes.domain })
      .max(2_000)
      .optional(),
    publishedAt: TimePoint.optional(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'a source needs at least one field' })
  .meta({ id: 'Source' });
export type Source = z.infer<typeof Source>;
