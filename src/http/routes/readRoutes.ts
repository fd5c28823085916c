import { cutPoint, resolveCut } from '../../app/cut.js';
import type { Parley } from '../../app/parley.js';
import { verifyParley } from '../../app/verifyStore.js';
import { NotFoundError } from '../../errors.js';
import { intervalOf } from '../../time/timePoint.js';
import { presentLoggedEvent } from '../../answers/loggedEvent.js';
import { etagOf, type AccessQuery, type CutQuery, type DiffQuery, type EventsQuery, type ListQuery, type NegotiationPath, type OrgPath, type OrgQuery, type StatementsQuery, type StreamEventsQuery, type TimelineQuery } from '../params.js';
import { answer, type Call } from '../route.js';
import { decodeCursor, encodeCursor } from '../../app/cursor.js';
import { parseFullTextQuery } from '../../app/fullTextQuery.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageQuery } from '../../app/page.js';
import type { ResolvedCut } from '../../app/cut.js';
import { GrantKey, OrgKey, StatementKey, SummaryKey, TimelineKey } from '../cursorKeys.js';
import type { z } from 'zod';

// The read handlers of CONTRACT §4; every query answer carries the asOf and knownAt it is for.

const cutOf = (parley: Parley, query: { asOf?: string | undefined; knownAt?: string | undefined }) => resolveCut(query.asOf, query.knownAt, parley.now());

interface PagedQuery {
  readonly asOf?: string | undefined;
  readonly knownAt?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * A page's cut and place (CONTRACT §4.1): from its cursor, which pins the first page's cut and
 * must come with the same filters, or from the request for a first page.
 */
function pageRequest<K>(parley: Parley, list: string, query: PagedQuery, filters: object, key: z.ZodType<K>): { cut: ResolvedCut; page: PageQuery<K> } {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor === undefined) return { cut: cutOf(parley, query), page: { limit } };
  const resumed = decodeCursor(query.cursor, list, filters, query, key);
  return { cut: resumed.cut, page: { limit, after: resumed.after } };
}

/** The page's answer: its items, its cut, and the cursor that resumes after its last item. */
function pageAnswer<T, K>(list: string, cut: ResolvedCut, filters: object, page: Page<T, K>) {
  return answer(200, { asOf: cut.asOf, knownAt: cut.knownAt, items: page.items, next: nextOf(list, cut, filters, page) });
}

function nextOf<K>(list: string, cut: ResolvedCut, filters: object, page: Page<unknown, K>): string | null {
  return page.last === null ? null : encodeCursor(list, cut, filters, page.last);
}

export async function list({ input, services: { parley } }: Call<{ query: typeof ListQuery }>) {
  const filters = { status: input.query.status };
  const { cut, page } = pageRequest(parley, 'negotiations', input.query, filters, SummaryKey);
  return pageAnswer('negotiations', cut, filters, await (await parley.readQueries(input.query.minPosition)).listPage(cut.cut, input.query.status, page));
}

export async function state({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof CutQuery }>) {
  const cut = cutOf(parley, input.query);
  const queries = await parley.readQueries(input.query.minPosition);
  const found = await queries.state(input.path.id, cut.cut);
  return answer(200, { ...found, asOf: cut.asOf, knownAt: cut.knownAt }, { ETag: etagOf(found.revision) });
}

export async function timeline({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof TimelineQuery }>) {
  const { id } = input.path;
  const filters = { negotiationId: id };
  const { cut, page } = pageRequest(parley, 'timeline', input.query, filters, TimelineKey);
  const found = await (await parley.readQueries(input.query.minPosition)).timelinePage(id, cut.cut, page);
  return answer(200, { negotiationId: id, asOf: cut.asOf, knownAt: cut.knownAt, items: found.items, next: nextOf('timeline', cut, filters, found) });
}

export async function streamEvents({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof StreamEventsQuery }>) {
  const { id } = input.path;
  const items = await parley.store.readStream(id, input.query.fromRevision ?? 0, input.query.limit ?? 1_000);
  if (items.length === 0 && (await parley.store.head(id)) === undefined) throw new NotFoundError(`negotiation ${id} does not exist`);
  return answer(200, { negotiationId: id, items: items.map(presentLoggedEvent) });
}

export async function diff({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof DiffQuery }>) {
  const { id } = input.path;
  const query = input.query;
  const fromAsOf = cutPoint('from', query.from);
  if (query.to !== undefined) cutPoint('to', query.to); // so that an open-ended `to` is refused under its own name
  const to = cutOf(parley, { asOf: query.to, knownAt: query.knownAt });
  const from = { asOf: fromAsOf, knownAt: to.cut.knownAt };
  const queries = await parley.readQueries(input.query.minPosition);
  const changes = await queries.diff(id, from, to.cut);
  const body = { negotiationId: id, from: query.from, to: to.asOf, asOf: to.asOf, knownAt: to.knownAt, ...changes };
  return answer(200, body);
}

export async function statements({ input, services: { parley } }: Call<{ query: typeof StatementsQuery }>) {
  const query = input.query;
  const filters = {
    speaker: query.speaker,
    org: query.org,
    negotiation: query.negotiation,
    q: query.q,
    from: query.from,
    to: query.to,
    includeRetracted: query.includeRetracted,
    includePossible: query.includePossible,
  };
  const filter = {
    speaker: query.speaker,
    org: query.org,
    negotiation: query.negotiation,
    q: query.q === undefined ? undefined : parseFullTextQuery(query.q),
    from: query.from === undefined ? undefined : intervalOf(query.from).start,
    to: query.to === undefined ? undefined : intervalOf(query.to).end,
    includeRetracted: query.includeRetracted === 'true',
    includePossible: query.includePossible === 'true',
  };
  const { cut, page } = pageRequest(parley, 'statements', query, filters, StatementKey);
  return pageAnswer('statements', cut, filters, await (await parley.readQueries(input.query.minPosition)).statementsPage(filter, cut.cut, page));
}

export async function access({ input, services: { parley } }: Call<{ query: typeof AccessQuery }>) {
  const filters = { grantee: input.query.grantee, model: input.query.model };
  const { cut, page } = pageRequest(parley, 'access', input.query, filters, GrantKey);
  return pageAnswer('access', cut, filters, await (await parley.readQueries(input.query.minPosition)).accessPage(filters, cut.cut, page));
}

export async function org({ input, services: { parley } }: Call<{ path: typeof OrgPath; query: typeof OrgQuery }>) {
  const filters = { org: input.path.org };
  const { cut, page } = pageRequest(parley, 'org', input.query, filters, OrgKey);
  const found = await (await parley.readQueries(input.query.minPosition)).orgPage(input.path.org, cut.cut, page);
  return answer(200, { org: input.path.org, asOf: cut.asOf, knownAt: cut.knownAt, items: found.items, next: nextOf('org', cut, filters, found) });
}

export async function dashboard({ input, services: { parley } }: Call<{ query: typeof CutQuery }>) {
  const cut = cutOf(parley, input.query);
  const queries = await parley.readQueries(input.query.minPosition);
  const summary = await queries.dashboard(cut.cut);
  return answer(200, { ...summary, asOf: cut.asOf, knownAt: cut.knownAt });
}

/** The global log by position; `next` is the `after` of the following page, null at the end. */
export async function events({ input, services: { parley } }: Call<{ query: typeof EventsQuery }>) {
  const limit = input.query.limit ?? 100;
  const page = await parley.store.readAll(input.query.after ?? 0, limit + 1);
  const items = page.slice(0, limit);
  const next = page.length > limit ? items[items.length - 1]!.position : null;
  return answer(200, { items: items.map(presentLoggedEvent), next });
}

/** Every stream's hash chain recomputed (CONTRACT §6), and the Merkle log with its checkpoints (§8). */
export async function verify({ services: { parley } }: Call<object>) {
  const { ok, checked, negotiations, broken, log } = await verifyParley(parley);
  return answer(200, { ok, checked, negotiations, broken, ...(log && { log }) });
}
