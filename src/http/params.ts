import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString, type ParsedUrlQuery } from 'node:querystring';
import { z } from 'zod';
import { NegotiationId, NegotiationStatus } from '../events/primitives.js';
import { fieldErrorsOf, ValidationError } from '../errors.js';
import { TimePoint } from '../time/timePoint.js';

/** A non-negative whole number in a query string. */
const count = (description: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .meta({ description: `${description} (a whole number from ${min} to ${max})` });

const text = (description: string) => z.string().min(1).max(500).meta({ description });

const asOf = TimePoint.optional().meta({ description: 'valid time: the world as it stood at this TimePoint (default: now)' });
const knownAt = TimePoint.optional().meta({ description: 'transaction time: what Parley knew at this TimePoint (default: now)' });
/** Read-your-writes behind a hot standby (PARLEY_READ_STORE): every query of a read takes it. */
const minPosition = count(
  'the read must see every event up to this global position, e.g. the `position` of an append\'s answer: a read store that has not replayed that far within 2 s hands the read to the primary',
  0,
  Number.MAX_SAFE_INTEGER,
).optional();

/** CONTRACT §4.1 pages: `limit` (default 100, at most 1,000) and the `next` cursor of the page before. */
const page = {
  limit: count('most items to return (default 100)', 1, 1_000).optional(),
  cursor: z.string().min(1).max(4_000).optional().meta({ description: 'the `next` of the page before, unchanged: it carries that page\'s cut and filters' }),
};

export const CutQuery = z.object({ asOf, knownAt, minPosition });
export const TimelineQuery = z.object({ asOf, knownAt, minPosition, ...page });
export const ListQuery = z.object({ asOf, knownAt, minPosition, status: NegotiationStatus.optional(), ...page });
export const OrgQuery = z.object({ asOf, knownAt, minPosition, ...page });
export const OrgPath = z.object({ org: z.string().min(1).max(200).meta({ description: 'the organisation\'s name, matched whole, case- and accent-insensitively' }) });
export const StatementsQuery = z.object({
  speaker: text('part of the speaker\'s name (case- and accent-insensitive)').optional(),
  org: text('part of the speaker\'s organisation (case- and accent-insensitive)').optional(),
  negotiation: NegotiationId.optional(),
  q: text('full-text search: words match by stem, "a phrase" in quotes, word* a prefix; all must match. Items then come by relevance, with a snippet').optional(),
  from: TimePoint.optional().meta({ description: 'occurredAt starts at or after this TimePoint' }),
  to: TimePoint.optional().meta({ description: 'occurredAt ends at or before this TimePoint' }),
  asOf,
  knownAt,
  minPosition,
  includeRetracted: z.enum(['true', 'false']).optional().meta({ description: 'also list retracted statements' }),
  includePossible: z.enum(['true', 'false']).optional().meta({ description: 'also list statements possibly made by asOf (their occurredAt interval has started, not ended)' }),
  ...page,
});
export const AccessQuery = z.object({
  asOf,
  knownAt,
  minPosition,
  grantee: text('part of the grantee\'s name').optional(),
  model: text('part of the model\'s name').optional(),
  ...page,
});
export const DiffQuery = z.object({
  from: TimePoint.meta({ description: 'the earlier asOf' }),
  to: TimePoint.optional().meta({ description: 'the later asOf (default: now)' }),
  knownAt,
  minPosition,
});
export const EventsQuery = z.object({
  after: count('global position to read after', 0, Number.MAX_SAFE_INTEGER).optional(),
  limit: count('most events to return', 1, 1_000).optional(),
});
export const StreamEventsQuery = z.object({
  fromRevision: count('first stream revision to return', 0, Number.MAX_SAFE_INTEGER).optional(),
  limit: count('most events to return', 1, 1_000).optional(),
});
export const LiveQuery = z.object({
  after: count('global position to resume after, when no Last-Event-ID header is sent', 0, Number.MAX_SAFE_INTEGER).optional(),
  access_token: z.string().optional().meta({ description: 'the bearer token, for EventSource clients that cannot send headers' }),
});
export const NegotiationPath = z.object({ id: NegotiationId });

/** The query string's parameters (repeated ones as arrays), parsed as express's "simple" parser does. */
export function queryOf(req: IncomingMessage): ParsedUrlQuery {
  const url = req.url ?? '';
  const start = url.indexOf('?');
  return start < 0 ? {} : parseQueryString(url.slice(start + 1));
}

/** Validates the query parameters; unknown ones are ignored. */
export function parseQuery<S extends z.ZodType>(schema: S, req: IncomingMessage): z.output<S> {
  const result = schema.safeParse(queryOf(req));
  if (result.success) return result.data;
  throw new ValidationError('malformed query parameter', fieldErrorsOf(result.error, { paths: 'dotted' }));
}

export function negotiationIdOf(req: Request): string {
  const id = req.params.id;
  const result = NegotiationId.safeParse(id);
  if (!result.success) {
    throw new ValidationError('not a negotiation id', fieldErrorsOf(result.error, { prefix: ['id'], paths: 'dotted' }).slice(0, 1));
  }
  return result.data;
}

const ENTITY_TAG = /^\s*(?:W\/)?"(\d{1,15})"\s*$/;

/** `If-Match: "3"` or `W/"3"` → 3; absent → undefined; anything else → 400. */
export function expectedRevisionOf(req: IncomingMessage): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined) return undefined;
  const match = ENTITY_TAG.exec(header);
  if (!match) {
    throw new ValidationError('If-Match must be one entity tag holding a revision, e.g. "3" or W/"3"', [
      { path: 'If-Match', message: 'expected "<revision>"' },
    ]);
  }
  return Number(match[1]);
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/** CONTRACT §8: a leaf of the Merkle log and the tree size its proof is for. */
export const InclusionQuery = z.object({
  seq: count("the event's seq: its leaf index", 0, Number.MAX_SAFE_INTEGER),
  size: count('the tree size the proof is for, e.g. a checkpoint\'s', 1, Number.MAX_SAFE_INTEGER),
});
/** Two tree sizes, the older first. */
export const ConsistencyQuery = z
  .object({
    from: count('the older tree size', 1, Number.MAX_SAFE_INTEGER),
    to: count('the newer tree size', 1, Number.MAX_SAFE_INTEGER),
  })
  .refine((sizes) => sizes.from <= sizes.to, { error: 'from must not be larger than to: a log only grows', path: ['from'] });
export const CheckpointQuery = z.object({
  at: TimePoint.optional().meta({ description: 'the newest checkpoint signed at or before this TimePoint (its end); default: the newest' }),
});
/** CONTRACT §8: the cut of an evidence pack; its checkpoint is the first signed at or after knownAt. */
export const EvidenceQuery = z.object({ asOf, knownAt });
