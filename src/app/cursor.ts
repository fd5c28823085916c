import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { ResolvedCut } from './cut.js';

/**
 * CONTRACT §4.1 cursors: opaque to clients, bound to their list, cut and filters. A cursor
 * carries the cut of the page that made it (its knownAt pinned, so later appends do not move
 * the pages), the filters it was made for, and the order key of the last item given.
 */
const CursorContent = z.strictObject({
  v: z.literal(1),
  list: z.string(),
  cut: z.strictObject({ asOf: z.string(), knownAt: z.string(), asOfMs: z.number(), knownAtMs: z.number() }),
  filters: z.string(),
  after: z.unknown(),
});

export function encodeCursor(list: string, cut: ResolvedCut, filters: object, after: unknown): string {
  const content = { v: 1, list, cut: { asOf: cut.asOf, knownAt: cut.knownAt, asOfMs: cut.cut.asOf, knownAtMs: cut.cut.knownAt }, filters: JSON.stringify(filters), after };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/**
 * The cut and position a cursor resumes at. A cursor that does not decode, was made for
 * another list or other filters, or for another asOf/knownAt than the request names, is a 400.
 */
export function decodeCursor<K>(
  cursor: string,
  list: string,
  filters: object,
  asked: { readonly asOf?: string | undefined; readonly knownAt?: string | undefined },
  after: z.ZodType<K>,
): { readonly cut: ResolvedCut; readonly after: K } {
  const refuse = (message: string): never => {
    throw new ValidationError('cursor is not valid for this request', [{ path: 'cursor', message }]);
  };
  let content: z.infer<typeof CursorContent>;
  try {
    content = CursorContent.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    return refuse('not a cursor this server made: pass the `next` of an earlier page unchanged');
  }
  if (content.list !== list) refuse('this cursor pages another list');
  if (content.filters !== JSON.stringify(filters)) refuse('this cursor was made for other filters: repeat the first request\'s filters, or start again without a cursor');
  if (asked.asOf !== undefined && asked.asOf !== content.cut.asOf) refuse(`this cursor pages asOf=${content.cut.asOf}`);
  if (asked.knownAt !== undefined && asked.knownAt !== content.cut.knownAt) refuse(`this cursor pages knownAt=${content.cut.knownAt}`);
  const key = after.safeParse(content.after);
  if (!key.success) return refuse('not a cursor this server made: pass the `next` of an earlier page unchanged');
  const { asOf, knownAt, asOfMs, knownAtMs } = content.cut;
  return { cut: { asOf, knownAt, cut: { asOf: asOfMs, knownAt: knownAtMs } }, after: key.data };
}
