import { z } from 'zod';
import { TimePoint } from '../time/timePoint.js';

/** The longest exact excerpt of a source an event may quote (CONTRACT §1). */
export const MAX_EXCERPT = 2_000;

const SourceFields = z.strictObject({
  publisher: z.string().min(1).max(200).optional(),
  title: z.string().min(1).max(500).optional(),
  author: z.string().min(1).max(200).optional(),
  url: z
    .url({ protocol: /^https?$/, hostname: z.regexes.domain })
    .max(2_000)
    .optional(),
  publishedAt: TimePoint.optional(),
  accessedAt: TimePoint.optional(),
  locator: z.string().min(1).max(500).optional(),
  excerpt: z.string().min(1).max(MAX_EXCERPT).optional(),
});

/** Provenance of an event: where we read or heard it, and the exact words it rests on. */
export const Source = SourceFields.refine((s) => s.publisher !== undefined || s.title !== undefined || s.url !== undefined, {
  message: 'a source needs at least one of publisher, title and url',
}).meta({ id: 'Source' });
export type Source = z.infer<typeof Source>;

/**
 * A source as an event already stored holds it: v1 asked only for some field, so a v1 source
 * of a bare publishedAt is still read, imported and verified as recorded.
 */
export const StoredSource = SourceFields.refine((s) => Object.keys(s).length > 0, { message: 'a source needs at least one field' }).meta({ id: 'StoredSource' });
