import type { RequestHandler } from 'express';
import type { Parley } from '../../app/parley.js';
import { resolveCut } from '../../app/cut.js';
import { NotFoundError } from '../../errors.js';
import { endOf, intervalOf } from '../../time/timePoint.js';
import { AccessQuery, CutQuery, DiffQuery, EventsQuery, ListQuery, StatementsQuery, StreamEventsQuery, etagOf, negotiationIdOf, parseQuery } from '../params.js';
import { sendJson } from '../respond.js';

/** The read handlers of CONTRACT §4; every query answer carries the asOf and knownAt it is for. */
export function readHandlers(parley: Parley) {
  const { queries } = parley;
  const cutOf = (query: { asOf?: string; knownAt?: string }) => resolveCut(query.asOf, query.knownAt, parley.now());

  const list: RequestHandler = async (req, res) => {
    const query = parseQuery(ListQuery, req);
    const cut = cutOf(query);
    const items = await queries.list(cut.cut, query.status);
    sendJson(res, 200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
  };

  const state: RequestHandler = async (req, res) => {
    const id = negotiationIdOf(req);
    const cut = cutOf(parseQuery(CutQuery, req));
    const found = await queries.state(id, cut.cut);
    res.setHeader('ETag', etagOf(found.revision));
    sendJson(res, 200, { ...found, asOf: cut.asOf, knownAt: cut.knownAt });
  };

  const timeline: RequestHandler = async (req, res) => {
    const id = negotiationIdOf(req);
    const cut = cutOf(parseQuery(CutQuery, req));
    const items = await queries.timeline(id, cut.cut);
    sendJson(res, 200, { negotiationId: id, asOf: cut.asOf, knownAt: cut.knownAt, items });
  };

  const streamEvents: RequestHandler = async (req, res) => {
    const id = negotiationIdOf(req);
    const query = parseQuery(StreamEventsQuery, req);
    const items = await parley.store.readStream(id, query.fromRevision ?? 0, query.limit ?? 1_000);
    if (items.length === 0 && (await parley.store.head(id)) === undefined) throw new NotFoundError(`negotiation ${id} does not exist`);
    sendJson(res, 200, { negotiationId: id, items });
  };

  const diff: RequestHandler = async (req, res) => {
    const id = negotiationIdOf(req);
    const query = parseQuery(DiffQuery, req);
    const to = cutOf({ asOf: query.to, knownAt: query.knownAt });
    const from = { asOf: endOf(query.from), knownAt: to.cut.knownAt };
    const changes = await queries.diff(id, from, to.cut);
    sendJson(res, 200, { negotiationId: id, from: query.from, to: to.asOf, asOf: to.asOf, knownAt: to.knownAt, ...changes });
  };

  const statements: RequestHandler = async (req, res) => {
    const query = parseQuery(StatementsQuery, req);
    const cut = cutOf(query);
    const filter = {
      speaker: query.speaker,
      org: query.org,
      negotiation: query.negotiation,
      q: query.q,
      from: query.from === undefined ? undefined : intervalOf(query.from).start,
      to: query.to === undefined ? undefined : intervalOf(query.to).end,
      includeRetracted: query.includeRetracted === 'true',
    };
    const items = await queries.statements(filter, cut.cut);
    sendJson(res, 200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
  };

  const access: RequestHandler = async (req, res) => {
    const query = parseQuery(AccessQuery, req);
    const cut = cutOf(query);
    const items = await queries.access({ grantee: query.grantee, model: query.model }, cut.cut);
    sendJson(res, 200, { asOf: cut.asOf, knownAt: cut.knownAt, items });
  };

  const dashboard: RequestHandler = async (req, res) => {
    const cut = cutOf(parseQuery(CutQuery, req));
    const summary = await queries.dashboard(cut.cut);
    sendJson(res, 200, { ...summary, asOf: cut.asOf, knownAt: cut.knownAt });
  };

  /** The global log by position; `next` is the `after` of the following page, null at the end. */
  const events: RequestHandler = async (req, res) => {
    const query = parseQuery(EventsQuery, req);
    const limit = query.limit ?? 100;
    const page = await parley.store.readAll(query.after ?? 0, limit + 1);
    const items = page.slice(0, limit);
    const next = page.length > limit ? items[items.length - 1]!.position : null;
    sendJson(res, 200, { items, next });
  };

  return { list, state, timeline, streamEvents, diff, statements, access, dashboard, events };
}
