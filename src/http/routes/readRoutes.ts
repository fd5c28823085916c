import { cutPoint, resolveCut } from '../../app/cut.js';
import type { Parley } from '../../app/parley.js';
import { verifyStore } from '../../app/verifyStore.js';
import { NotFoundError } from '../../errors.js';
import { intervalOf } from '../../time/timePoint.js';
import { presentLoggedEvent } from '../../answers/loggedEvent.js';
import { etagOf, type AccessQuery, type CutQuery, type DiffQuery, type EventsQuery, type ListQuery, type NegotiationPath, type StatementsQuery, type StreamEventsQuery } from '../params.js';
import { answer, type Call } from '../route.js';

// The read handlers of CONTRACT §4; every query answer carries the asOf and knownAt it is for.

const cutOf = (parley: Parley, query: { asOf?: string | undefined; knownAt?: string | undefined }) => resolveCut(query.asOf, query.knownAt, parley.now());

export async function list({ input, services: { parley } }: Call<{ query: typeof ListQuery }>) {
  const cut = cutOf(parley, input.query);
  const items = await parley.queries.list(cut.cut, input.query.status);
  return answer(200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
}

export async function state({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof CutQuery }>) {
  const cut = cutOf(parley, input.query);
  const found = await parley.queries.state(input.path.id, cut.cut);
  return answer(200, { ...found, asOf: cut.asOf, knownAt: cut.knownAt }, { ETag: etagOf(found.revision) });
}

export async function timeline({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof CutQuery }>) {
  const { id } = input.path;
  const cut = cutOf(parley, input.query);
  const items = await parley.queries.timeline(id, cut.cut);
  return answer(200, { negotiationId: id, asOf: cut.asOf, knownAt: cut.knownAt, items });
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
  const changes = await parley.queries.diff(id, from, to.cut);
  const body = { negotiationId: id, from: query.from, to: to.asOf, asOf: to.asOf, knownAt: to.knownAt, ...changes };
  return answer(200, body);
}

export async function statements({ input, services: { parley } }: Call<{ query: typeof StatementsQuery }>) {
  const query = input.query;
  const cut = cutOf(parley, query);
  const filter = {
    speaker: query.speaker,
    org: query.org,
    negotiation: query.negotiation,
    q: query.q,
    from: query.from === undefined ? undefined : intervalOf(query.from).start,
    to: query.to === undefined ? undefined : intervalOf(query.to).end,
    includeRetracted: query.includeRetracted === 'true',
    includePossible: query.includePossible === 'true',
  };
  const items = await parley.queries.statements(filter, cut.cut);
  return answer(200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
}

export async function access({ input, services: { parley } }: Call<{ query: typeof AccessQuery }>) {
  const cut = cutOf(parley, input.query);
  const items = await parley.queries.access({ grantee: input.query.grantee, model: input.query.model }, cut.cut);
  return answer(200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
}

export async function dashboard({ input, services: { parley } }: Call<{ query: typeof CutQuery }>) {
  const cut = cutOf(parley, input.query);
  const summary = await parley.queries.dashboard(cut.cut);
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

/** Every stream's hash chain recomputed (CONTRACT §6). */
export async function verify({ services: { parley } }: Call<object>) {
  const { ok, checked, negotiations, broken } = await verifyStore(parley.store);
  return answer(200, { ok, checked, negotiations, broken });
}
