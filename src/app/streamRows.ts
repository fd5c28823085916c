import { registerEntryOf } from '../../projections/accessRegister.js';
import { activityOf } from '../../projections/dashboard.js';
import { countsAt } from '../../projections/countsAt.js';
import type { Cut, EffectiveEvent } from '../../projections/effectiveEvent.js';
import { exists } from '../../projections/existence.js';
import { foldText, statementOf } from '../../projections/statements.js';
import { grantStatus, type NegotiationState } from '../../projections/negotiationState.js';
import { summarizeNegotiation } from '../answers/negotiationSummary.js';
import { presentStatement } from '../answers/statement.js';
import { presentOccurredAtInterval } from '../answers/occurredAtInterval.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { endOf, intervalOf } from '../time/timePoint.js';
import type { StreamView } from '../replay/streamView.js';
import { AscendingFold } from '../replay/ascendingFold.js';
import { MAX_MS, MIN_MS, storedMs, type ReadFamily, type ReadRow, type Supersede, type SummaryTotals } from '../store/readModel.js';

/** Up to this many instants to evaluate, each state is read from the view's snapshots. */
const FEW_POINTS = 8;

/** What a change to a stream touches, and from which valid time on. */
export interface Touched {
  /** The earliest valid time the change can alter (−∞ allowed). */
  readonly from: number;
  /** Every grant (or offer) row from `from` on: a grant's place in the state can move when another comes. */
  readonly grants: boolean;
  readonly offers: boolean;
  /** Statement and meeting events, each replaced whole. */
  readonly statementIds: ReadonlySet<string>;
  readonly meetingIds: ReadonlySet<string>;
  /** Every event touched (corrections aside): its latest-activity row is replaced whole. */
  readonly eventIds: ReadonlySet<string>;
}

const GRANT_TYPES = new Set(['AccessGranted', 'AccessRevoked']);
const OFFER_TYPES = new Set(['OfferMade', 'OfferAccepted', 'OfferRejected', 'OfferWithdrawn']);

/**
 * What events added to a stream touch. `before` and `after` find an event's reading (by id)
 * before and after they were added, for a correction's or retraction's target: its old and
 * new interval bound `from`, and its type says which rows follow it. A change to the opening
 * touches everything, since every row depends on whether the negotiation exists.
 */
export function touchedBy(
  added: readonly RecordedEvent[],
  before: (id: string) => EffectiveEvent | undefined,
  after: (id: string) => EffectiveEvent | undefined,
): Touched {
  let from = Number.POSITIVE_INFINITY;
  let grants = false;
  let offers = false;
  let opening = false;
  const statementIds = new Set<string>();
  const meetingIds = new Set<string>();
  const eventIds = new Set<string>();
  const touch = (id: string, type: string, revision: number, start: number) => {
    from = Math.min(from, start);
    eventIds.add(id);
    if (revision === 0) opening = true;
    if (GRANT_TYPES.has(type)) grants = true;
    else if (OFFER_TYPES.has(type)) offers = true;
    else if (type === 'StatementMade') statementIds.add(id);
    else if (type === 'MeetingHeld') meetingIds.add(id);
  };
  for (const event of added) {
    if (event.type === 'EventCorrected' || event.type === 'EventRetracted') {
      const targetId = (event.data as { targetEventId: string }).targetEventId;
      for (const reading of [before(targetId), after(targetId)]) {
        if (reading) touch(targetId, reading.event.type, reading.original.revision, reading.occurred.start);
      }
    } else {
      touch(event.id, event.type, event.revision, intervalOf(event.occurredAt).start);
    }
  }
  if (opening) return { from: Number.NEGATIVE_INFINITY, grants: true, offers: true, statementIds, meetingIds, eventIds };
  return { from, grants, offers, statementIds, meetingIds, eventIds };
}

/** Everything in a stream touched: a stream worked out whole at one knownAt. */
export function touchedAll(events: readonly EffectiveEvent[]): Touched {
  const statementIds = new Set<string>();
  const meetingIds = new Set<string>();
  const eventIds = new Set<string>();
  for (const e of events) {
    eventIds.add(e.event.id);
    if (e.event.type === 'StatementMade') statementIds.add(e.event.id);
    else if (e.event.type === 'MeetingHeld') meetingIds.add(e.event.id);
  }
  return { from: Number.NEGATIVE_INFINITY, grants: true, offers: true, statementIds, meetingIds, eventIds };
}

/** Which rows the change replaces: statement and meeting rows of a touched event whole; the rest from `from` on. */
export function supersededBy(touched: Touched, whole = false): Supersede[] {
  const from = storedMs(touched.from);
  const supersede: Supersede[] = [{ family: 'summary', from }];
  if (touched.grants) supersede.push({ family: 'grant', from });
  if (touched.offers) supersede.push({ family: 'offer', from });
  if (whole) {
    supersede.push({ family: 'statement', from: MIN_MS }, { family: 'meeting', from: MIN_MS }, { family: 'activity', from: MIN_MS });
  } else {
    for (const key of touched.eventIds) supersede.push({ family: 'activity', key, from: MIN_MS });
    for (const key of touched.statementIds) supersede.push({ family: 'statement', key, from: MIN_MS });
    for (const key of touched.meetingIds) supersede.push({ family: 'meeting', key, from: MIN_MS });
  }
  return supersede;
}

/**
 * The rows of one stream's reading at `knownAt` that a change touched: summaries, grants and
 * offers from `touched.from` on — the state evaluated at every instant where it can change
 * (an event's start or end, a grant's expiry), equal pieces joined — and the touched statement
 * and meeting events whole. A pure function of the stream: the tables are an index of the replay.
 */
export function streamRows(view: StreamView, knownAt: number, touched: Touched): ReadRow[] {
  const events = view.effective(knownAt);
  const rows: ReadRow[] = [];
  const families: ReadFamily[] = ['summary'];
  if (touched.grants) families.push('grant');
  if (touched.offers) families.push('offer');
  const pieces = new Pieces(rows);
  const makers = makersOf(events);
  const said: SaidMemo = new Map();
  // A change that touched no event's valid time (a correction of an event not known) changes no state.
  const points = touched.from === Number.POSITIVE_INFINITY ? [] : breakpoints(events, touched.from);
  // A few instants (an append's) are read from the view's snapshots; many (a stream worked out whole) in one rising fold.
  const ascending = points.length > FEW_POINTS ? new AscendingFold(view.negotiationId, events) : undefined;
  for (let i = 0; i < points.length; i++) {
    const asOf = points[i]!;
    const cut: Cut = { asOf, knownAt };
    const existence = view.existence(cut);
    if (!exists(existence)) {
      pieces.at(storedMs(asOf), []);
      continue;
    }
    const state = ascending ? ascending.stateAt(asOf) : view.state(cut);
    const found: ReadRow[] = [summaryRow(view, state, cut, existence === 'yes')];
    if (touched.grants) found.push(...grantRows(state, asOf, makers, said));
    if (touched.offers) found.push(...offerRows(state, asOf, makers, said));
    pieces.at(storedMs(asOf), found);
  }
  pieces.end();
  for (const id of touched.statementIds) {
    const effective = view.find(id, knownAt);
    if (effective?.event.type === 'StatementMade') rows.push(statementRow(effective));
  }
  for (const id of touched.meetingIds) {
    const effective = view.find(id, knownAt);
    // Only an organisation's page reads meetings: one naming no participant needs no row.
    if (effective?.event.type === 'MeetingHeld' && (effective.event.data.participants ?? []).length > 0) rows.push(meetingRow(effective));
  }
  for (const id of touched.eventIds) {
    const effective = view.find(id, knownAt);
    // An event that never ends never counts: it is nobody's latest activity.
    if (effective && effective.occurred.end !== Number.POSITIVE_INFINITY) rows.push(activityRow(effective));
  }
  return rows;
}

/** Consecutive evaluations of a family's items, joined while an item stays the same. */
class Pieces {
  private readonly open = new Map<string, { row: ReadRow; same: string }>();
  constructor(private readonly rows: ReadRow[]) {}

  at(validFrom: number, found: readonly ReadRow[]): void {
    const seen = new Set<string>();
    for (const row of found) {
      const id = `${row.family}\u0000${row.key}`;
      seen.add(id);
      const same = sameness(row);
      const current = this.open.get(id);
      if (current?.same === same) continue;
      if (current) this.rows.push({ ...current.row, validTo: validFrom });
      this.open.set(id, { row: { ...row, validFrom }, same });
    }
    for (const [id, current] of this.open) {
      if (seen.has(id)) continue;
      this.rows.push({ ...current.row, validTo: validFrom });
      this.open.delete(id);
    }
  }

  end(): void {
    for (const current of this.open.values()) this.rows.push({ ...current.row, validTo: MAX_MS });
    this.open.clear();
  }
}

function sameness(row: ReadRow): string {
  return `${row.order}\u0000${row.status}\u0000${row.start}\u0000${row.position}\u0000${row.body}\u0000${row.totals ? JSON.stringify(row.totals) : ''}`;
}

/**
 * The instants at or after `from` where a state can change, sorted: `from` itself, then every
 * event's start and end, and one millisecond past each grant's validUntil (a grant is expired
 * once asOf is past its end). Open ends are no instants.
 */
function breakpoints(events: readonly EffectiveEvent[], from: number): number[] {
  const points = new Set<number>();
  const add = (ms: number) => {
    if (ms > from && Number.isFinite(ms)) points.add(ms);
  };
  for (const e of events) {
    add(e.occurred.start);
    add(e.occurred.end);
    if (e.event.type === 'AccessGranted' && e.event.data.validUntil !== undefined) add(endOf(e.event.data.validUntil) + 1);
  }
  return [from, ...[...points].sort((a, b) => a - b)];
}

/** The events that made each offer and grant, in valid-time order: an item's place in event order is its maker's. */
export interface Makers {
  readonly offers: Map<string, EffectiveEvent[]>;
  readonly grants: Map<string, EffectiveEvent[]>;
}

export function makersOf(events: readonly EffectiveEvent[]): Makers {
  const offers = new Map<string, EffectiveEvent[]>();
  const grants = new Map<string, EffectiveEvent[]>();
  for (const e of events) {
    if (e.retracted) continue;
    const { event } = e;
    if (event.type === 'OfferMade') push(offers, event.data.offerId, e);
    else if (event.type === 'AccessGranted') push(grants, event.data.grantId, e);
  }
  return { offers, grants };
}

function push(map: Map<string, EffectiveEvent[]>, key: string, e: EffectiveEvent): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

/** The maker that counts last at asOf (the one whose item the state holds); undefined when none does. */
export function makerAt(makers: Map<string, EffectiveEvent[]>, key: string, asOf: number): EffectiveEvent | undefined {
  const list = makers.get(key);
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (countsAt(list[i]!, asOf)) return list[i];
  return undefined;
}


function summaryRow(view: StreamView, state: NegotiationState, cut: Cut, existsYes: boolean): ReadRow {
  // The open offers are the offer rows' own (the list can be long): a summary keeps only their count.
  const { openOfferList: _openOffers, ...summary } = summarizeNegotiation(state, cut.asOf, existsYes ? 'yes' : 'possibly', view.possible(cut));
  const lastAt = state.meetings.lastAt;
  const lastAtInterval = lastAt === null ? undefined : intervalOf(lastAt);
  const opening = view.opening(cut.knownAt)!;
  const totals: SummaryTotals = {
    existsYes: existsYes ? 1 : 0,
    meetingsMin: state.meetings.min,
    meetingsMax: state.meetings.max,
    lastAt,
    lastAtStart: lastAtInterval ? storedMs(lastAtInterval.start) : MIN_MS,
    lastAtEnd: lastAtInterval ? storedMs(lastAtInterval.end) : MIN_MS,
    openOffers: summary.openOffers,
    activeGrants: summary.activeGrants,
    statements: state.statements,
    activityStart: MIN_MS,
    activityRecordedAt: '',
  };
  return {
    family: 'summary',
    key: state.id,
    validFrom: 0,
    validTo: 0,
    end: 0,
    order: 0,
    orderText: '',
    start: storedMs(opening.occurred.start),
    position: opening.event.position,
    status: existsYes ? state.status : '',
    who: '',
    what: '',
    orgs: [],
    text: '',
    totals,
    body: JSON.stringify(summary),
  };
}

/** An event as the dashboard's latest activity lists it, from when it counts. */
function activityRow(effective: EffectiveEvent): ReadRow {
  const { start, ...activity } = activityOf(effective.event.negotiationId, effective);
  return {
    family: 'activity',
    key: effective.event.id,
    validFrom: storedMs(effective.occurred.end),
    validTo: MAX_MS,
    end: storedMs(effective.occurred.end),
    order: storedMs(effective.occurred.start),
    orderText: effective.event.recordedAt,
    start,
    position: effective.event.position,
    status: effective.retracted ? 'retracted' : 'current',
    who: '',
    what: '',
    orgs: [],
    text: '',
    body: JSON.stringify(activity),
  };
}

/** What a grant's or offer's row says besides its place: its text columns. */
type Said = Pick<ReadRow, 'who' | 'what' | 'orgs' | 'body'>;

/**
 * Row text by the state's item object (kept while the item is unchanged) and a key of what
 * else it depends on. A change evaluates a stream's grants and offers at every breakpoint from
 * its valid time on: each says the same until it changes, so its text is built once.
 */
type SaidMemo = Map<object, Map<string, Said>>;

function saidOnce(memo: SaidMemo, item: object, key: string, build: () => Said): Said {
  let byKey = memo.get(item);
  if (!byKey) memo.set(item, (byKey = new Map()));
  let said = byKey.get(key);
  if (!said) byKey.set(key, (said = build()));
  return said;
}

/**
 * A grant's (or offer's) place in its stream: its maker's valid start and position. The state
 * lists grants and offers in the valid-time order of the makers that count (one made again
 * moves to its new maker's place), so this orders them as the state does, and an item's place
 * does not move when another comes before it: its rows stay as they are.
 */
export function itemPlace(maker: EffectiveEvent | undefined): { order: number; position: number } {
  return { order: maker ? storedMs(maker.occurred.start) : MIN_MS, position: maker?.event.position ?? 0 };
}

function placedRow(family: 'grant' | 'offer', key: string, maker: EffectiveEvent | undefined, status: string, said: Said): ReadRow {
  const { order, position } = itemPlace(maker);
  return { family, key, validFrom: 0, validTo: 0, end: 0, order, orderText: '', start: order, position, status, ...said, text: '' };
}

function grantRows(state: NegotiationState, asOf: number, makers: Makers, memo: SaidMemo): ReadRow[] {
  return state.grants.map((grant) => {
    const maker = makerAt(makers.grants, grant.grantId, asOf);
    const status = grantStatus(grant, asOf);
    const eventId = maker?.event.id ?? null;
    const said = saidOnce(memo, grant, `${status}\u0000${eventId ?? ''}`, () => ({
      who: grant.grantee.toLowerCase(),
      what: grant.model.toLowerCase(),
      orgs: unique([foldText(grant.grantee), foldText(grant.grantor)]),
      body: JSON.stringify({ ...registerEntryOf(state.id, grant, asOf), eventId }),
    }));
    return placedRow('grant', grant.grantId, maker, status, said);
  });
}

function offerRows(state: NegotiationState, asOf: number, makers: Makers, memo: SaidMemo): ReadRow[] {
  return state.offers.map((offer) => {
    const maker = makerAt(makers.offers, offer.offerId, asOf);
    const eventId = maker?.event.id ?? null;
    const said = saidOnce(memo, offer, eventId ?? '', () => ({
      who: foldText(offer.from),
      what: foldText(offer.to),
      orgs: unique([foldText(offer.from), foldText(offer.to)]),
      body: JSON.stringify({ negotiationId: state.id, eventId, ...offer }),
    }));
    return placedRow('offer', offer.offerId, maker, offer.status, said);
  });
}

function statementRow(effective: EffectiveEvent): ReadRow {
  const statement = statementOf(effective, 'definite')!;
  return {
    family: 'statement',
    key: statement.eventId,
    validFrom: storedMs(effective.occurred.start),
    validTo: MAX_MS,
    end: storedMs(effective.occurred.end),
    order: storedMs(effective.occurred.start),
    orderText: statement.recordedAt,
    start: storedMs(effective.occurred.start),
    position: effective.event.position,
    status: statement.status,
    who: foldText(statement.speaker.name ?? ''),
    what: foldText(statement.speaker.org ?? ''),
    orgs: statement.speaker.org ? [foldText(statement.speaker.org)] : [],
    text: statement.text,
    body: JSON.stringify(presentStatement(statement)),
  };
}

/** A meeting as an organisation's page lists it. */
export function meetingItem(effective: EffectiveEvent) {
  const { event } = effective;
  return {
    negotiationId: event.negotiationId,
    eventId: event.id,
    occurredAt: event.occurredAt,
    occurredAtInterval: presentOccurredAtInterval(effective.occurred),
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    ...(event.data as object),
    status: effective.retracted ? 'retracted' : effective.corrections.length > 0 ? 'corrected' : 'current',
  };
}

function meetingRow(effective: EffectiveEvent): ReadRow {
  const item = meetingItem(effective);
  const participants = (effective.event.data as { participants?: { org: string }[] }).participants ?? [];
  return {
    family: 'meeting',
    key: effective.event.id,
    validFrom: storedMs(effective.occurred.start),
    validTo: MAX_MS,
    end: storedMs(effective.occurred.end),
    order: storedMs(effective.occurred.start),
    orderText: effective.event.recordedAt,
    start: storedMs(effective.occurred.start),
    position: effective.event.position,
    status: item.status,
    who: '',
    what: '',
    orgs: unique(participants.map((p) => foldText(p.org))),
    text: '',
    body: JSON.stringify(item),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
