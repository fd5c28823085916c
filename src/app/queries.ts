import { registerGrantsOf, type AccessFilter, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveDashboard, initialDashboard } from '../../projections/dashboard.js';
import { exists } from '../../projections/existence.js';
import { emptyLogSpan, mergeLogSpans } from '../../projections/logSpan.js';
import { foldText, statementMatches, statementsOf, type Statement, type StatementFilter } from '../../projections/statements.js';
import { countsAt } from '../../projections/countsAt.js';
import { orgItemOf, type OrgItem } from '../answers/orgItem.js';
import type { FullTextQuery, ReadFamily } from '../store/readModel.js';
import { MIN_MS, storedMs } from '../store/readModel.js';
import { compareTuples, pageOfList, type Page, type PageQuery } from './page.js';
import { StreamSpans } from './streamSpans.js';
import { itemPlace, makerAt, makersOf, meetingItem } from './streamRows.js';
import { timelineOf } from '../../projections/timeline.js';
import { compareMs } from '../time/timePoint.js';
import type { WithoutCut } from '../answers/cut.js';
import { presentDashboard, presentLogSpan, type Dashboard } from '../answers/dashboard.js';
import type { Grant } from '../answers/grant.js';
import { presentNegotiationState, type NegotiationStateView } from '../answers/negotiationState.js';
import { summarizeNegotiation, type NegotiationSummary } from '../answers/negotiationSummary.js';
import { presentStatement, type Statement as StatementAnswer } from '../answers/statement.js';
import type { TimelineEntry } from '../answers/timelineEntry.js';
import type { NegotiationStatus } from '../events/primitives.js';
import { NotFoundError, UnreadableEventError } from '../errors.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import type { DecisionState } from '../domain/decisionState.js';
import { existingAt, stateAtCut } from './stateAtCut.js';
import { diffStates } from './stateDiff.js';
import type { StreamCache } from './streamCache.js';
import type { StreamView } from '../replay/streamView.js';
import type { EventStore } from '../store/eventStore.js';
import { Yielder } from './yieldToEventLoop.js';

/** Where a page of negotiations resumes: after this stream (its first event's position). */
export interface SummaryKey {
  readonly streamNo: number;
}
/** Where a page of statements resumes (rank first, when searching). */
export interface StatementKey {
  readonly rank?: number;
  readonly order: number;
  readonly orderText: string;
  readonly streamNo: number;
  readonly position: number;
}
/** Where a page of the access register resumes: after this grant of this stream. */
/** Where a page of the access register resumes: a stream, then the grant's maker's valid start and position (its place in the state). */
export interface GrantKey {
  readonly streamNo: number;
  readonly order: number;
  readonly position: number;
}
/** Where a page of an organisation's items resumes. */
export interface OrgKey {
  readonly start: number;
  readonly streamNo: number;
  readonly position: number;
  readonly family: ReadFamily;
}
/** Where a page of a timeline resumes: after the event at this start (stored ms) and position. */
export interface TimelineKey {
  readonly start: number;
  readonly position: number;
}

/** A statements query: the projection's filter, with `q` parsed (CONTRACT §4.1). */
export type StatementQuery = Omit<StatementFilter, 'q'> & { readonly q?: FullTextQuery };

/** A statement as a search answers it: with the text, matches marked, when there was a `q`. */
export type FoundStatement = StatementAnswer & { readonly snippet?: string };

export const compareSummaryKeys = (a: SummaryKey, b: SummaryKey) => a.streamNo - b.streamNo;
export const compareStatementKeys = (a: StatementKey, b: StatementKey) =>
  compareTuples([-(a.rank ?? 0), a.order, a.orderText, a.streamNo, a.position], [-(b.rank ?? 0), b.order, b.orderText, b.streamNo, b.position]);
export const compareGrantKeys = (a: GrantKey, b: GrantKey) => compareTuples([a.streamNo, a.order, a.position], [b.streamNo, b.order, b.position]);
export const compareOrgKeys = (a: OrgKey, b: OrgKey) => compareTuples([a.start, a.streamNo, a.position, a.family], [b.start, b.streamNo, b.position, b.family]);
const compareTimelineKeys = (a: TimelineKey, b: TimelineKey) => compareTuples([a.start, a.position], [b.start, b.position]);

/**
 * The read side: every query of CONTRACT §4, answered by replaying streams (through the
 * stream cache) at a cut. This is the definition of every answer; a store's read model
 * (IndexedQueries) answers the cross-negotiation ones from its tables, and must agree.
 */
export class NegotiationQueries {
  private readonly spans = new StreamSpans();

  constructor(
    protected readonly store: EventStore,
    private readonly cache: StreamCache<DecisionState>,
  ) {}

  /**
   * The negotiation's state at the cut, `exists: "possibly"` while its opening only possibly
   * happened; NotFoundError, naming the cut that excluded it, when not even possibly opened.
   */
  async state(negotiationId: string, cut: Cut): Promise<NegotiationStateView> {
    return stateAtCut(await this.view(negotiationId), cut);
  }

  /** Every event that started by asOf, definite or possible, in valid-time order. */
  async timeline(negotiationId: string, cut: Cut): Promise<readonly TimelineEntry[]> {
    const view = await this.view(negotiationId);
    existingAt(view, cut);
    return timelineOf(view.started(cut), cut.asOf, view.occurredAtIntervalOf); // already in the answer's shape
  }

  /** One page of the timeline: only its entries are built. */
  async timelinePage(negotiationId: string, cut: Cut, page: PageQuery<TimelineKey>): Promise<Page<TimelineEntry, TimelineKey>> {
    const view = await this.view(negotiationId);
    existingAt(view, cut);
    const started = view.started(cut);
    const keyed = started.map((effective) => ({ item: effective, key: { start: storedMs(effective.occurred.start), position: effective.event.position } }));
    const { items, last } = pageOfList(keyed, page, compareTimelineKeys);
    return { items: [...timelineOf(items, cut.asOf, view.occurredAtIntervalOf)], last };
  }

  /**
   * The negotiations that exist at the cut, or possibly do. A status filter asks for negotiations
   * in that status: one only possibly opened has none yet, so it is listed only without a filter.
   */
  async list(cut: Cut, status?: NegotiationStatus): Promise<readonly NegotiationSummary[]> {
    return (await this.listKeyed(cut, status)).map((k) => k.item);
  }

  async listPage(cut: Cut, status: NegotiationStatus | undefined, page: PageQuery<SummaryKey>): Promise<Page<NegotiationSummary, SummaryKey>> {
    return pageOfList(await this.listKeyed(cut, status), page, compareSummaryKeys);
  }

  private async listKeyed(cut: Cut, status?: NegotiationStatus) {
    const items: { item: NegotiationSummary; key: SummaryKey }[] = [];
    for await (const view of this.views()) {
      const existence = view.existence(cut);
      if (!exists(existence)) continue;
      const state = view.state(cut);
      if (status !== undefined && (existence !== 'yes' || state.status !== status)) continue;
      items.push({ item: summarizeNegotiation(state, cut.asOf, existence, view.possible(cut)), key: { streamNo: streamNoOf(view) } });
    }
    return items;
  }

  /** Statements made by asOf; with `includePossible`, also those possibly made by then. */
  async statements(filter: StatementQuery, cut: Cut): Promise<readonly FoundStatement[]> {
    return (await this.statementsKeyed(filter, cut)).map((k) => k.item);
  }

  async statementsPage(filter: StatementQuery, cut: Cut, page: PageQuery<StatementKey>): Promise<Page<FoundStatement, StatementKey>> {
    return pageOfList(await this.statementsKeyed(filter, cut), page, compareStatementKeys);
  }

  /**
   * In the order (start, recordedAt, stream, position). A search here (a store without a read
   * model) matches folded words and phrases as substrings, without stems or ranking.
   */
  private async statementsKeyed(filter: StatementQuery, cut: Cut) {
    const matching: { statement: Statement; key: StatementKey }[] = [];
    const views = filter.negotiation !== undefined ? this.only(filter.negotiation) : this.views();
    const { q, ...rest } = filter;
    for await (const view of views) {
      const streamNo = streamNoOf(view);
      const started = filter.includePossible ? view.started(cut) : view.applied(cut);
      const statements = statementsOf(started, cut.asOf);
      const events = started.filter((e) => e.event.type === 'StatementMade');
      statements.forEach((statement, index) => {
        if (!statementMatches(statement, rest) || (q && !matchesText(statement.text, q))) return;
        const key = { order: storedMs(statement.occurred.start), orderText: statement.recordedAt, streamNo, position: events[index]!.event.position };
        matching.push({ statement, key });
      });
    }
    return matching
      .sort((a, b) => compareStatementKeys(a.key, b.key))
      .map(({ statement, key }) => ({ item: q ? { ...presentStatement(statement), snippet: markMatches(statement.text, q) } : presentStatement(statement), key }));
  }

  async access(filter: AccessFilter, cut: Cut): Promise<readonly Grant[]> {
    return (await this.accessKeyed(filter, cut)).map((k) => k.item);
  }

  async accessPage(filter: AccessFilter, cut: Cut, page: PageQuery<GrantKey>): Promise<Page<Grant, GrantKey>> {
    return pageOfList(await this.accessKeyed(filter, cut), page, compareGrantKeys);
  }

  private async accessKeyed(filter: AccessFilter, cut: Cut) {
    const register: { item: RegisterGrant; key: GrantKey }[] = [];
    for await (const view of this.views()) {
      // A negotiation only possibly opened by asOf still shows the grants that definitely happened in it, as its state does.
      if (!exists(view.existence(cut))) continue;
      const streamNo = streamNoOf(view);
      const state = view.state(cut);
      const makers = state.grants.length === 0 ? undefined : makersOf(view.effective(cut.knownAt));
      for (const grant of registerGrantsOf(state, cut.asOf)) {
        if (filter.grantee !== undefined && !grant.grantee.toLowerCase().includes(filter.grantee.toLowerCase())) continue;
        if (filter.model !== undefined && !grant.model.toLowerCase().includes(filter.model.toLowerCase())) continue;
        register.push({ item: grant, key: { streamNo, ...itemPlace(makers && makerAt(makers.grants, grant.grantId, cut.asOf)) } });
      }
    }
    return register;
  }

  /**
   * CONTRACT §4.1 GET /orgs/{org}: what the organisation said, offered, received, was granted
   * and met about, across negotiations, at the cut: statements and meetings that definitely
   * happened and are not retracted (naming it as speaker's org or participant), and the offers
   * and grants of the negotiations' states (it as from/to, grantee/grantor). The name matches
   * whole, case- and accent-insensitively. In the order the events that made them happened.
   */
  async orgPage(org: string, cut: Cut, page: PageQuery<OrgKey>): Promise<Page<OrgItem, OrgKey>> {
    const wanted = foldText(org);
    const items: { item: OrgItem; key: OrgKey }[] = [];
    for await (const view of this.views()) {
      const streamNo = streamNoOf(view);
      for (const effective of view.applied(cut)) {
        if (effective.retracted) continue;
        const { event } = effective;
        const start = storedMs(effective.occurred.start);
        if (event.type === 'StatementMade' && event.data.speaker.org !== undefined && foldText(event.data.speaker.org) === wanted) {
          const statement = presentStatement(statementsOf([effective], cut.asOf)[0]!);
          items.push({ item: orgItemOf('statement', wanted, statement), key: { start, streamNo, position: event.position, family: 'statement' } });
        } else if (event.type === 'MeetingHeld' && (event.data.participants ?? []).some((p) => foldText(p.org) === wanted)) {
          items.push({ item: orgItemOf('meeting', wanted, meetingItem(effective)), key: { start, streamNo, position: event.position, family: 'meeting' } });
        }
      }
      if (!exists(view.existence(cut))) continue;
      const state = view.state(cut);
      const makers = makersOf(view.effective(cut.knownAt));
      for (const offer of state.offers) {
        if (foldText(offer.from) !== wanted && foldText(offer.to) !== wanted) continue;
        const maker = makerAt(makers.offers, offer.offerId, cut.asOf);
        const item = { negotiationId: state.id, eventId: maker?.event.id ?? null, ...offer };
        items.push({ item: orgItemOf('offer', wanted, item), key: { start: maker ? storedMs(maker.occurred.start) : MIN_MS, streamNo, position: maker?.event.position ?? 0, family: 'offer' } });
      }
      for (const grant of registerGrantsOf(state, cut.asOf)) {
        if (foldText(grant.grantee) !== wanted && foldText(grant.grantor) !== wanted) continue;
        const maker = makerAt(makers.grants, grant.grantId, cut.asOf);
        const item = { ...grant, eventId: maker?.event.id ?? null };
        items.push({ item: orgItemOf('grant', wanted, item), key: { start: maker ? storedMs(maker.occurred.start) : MIN_MS, streamNo, position: maker?.event.position ?? 0, family: 'grant' } });
      }
    }
    items.sort((a, b) => compareOrgKeys(a.key, b.key));
    return pageOfList(items, page, compareOrgKeys);
  }

  /**
   * The summary at the cut, with the span of the whole log (whatever the cut) for a time
   * control, and the log's last position before the streams were read: a live feed that
   * resumes after it misses nothing the answer left out.
   */
  async dashboard(cut: Cut): Promise<WithoutCut<Dashboard>> {
    const lastPosition = await this.store.lastPosition();
    let summary = initialDashboard;
    let span = emptyLogSpan;
    for await (const view of this.views()) {
      span = mergeLogSpans(span, this.spans.of(view));
      const existence = view.existence(cut);
      if (exists(existence)) summary = evolveDashboard(summary, existence, view.state(cut), view.applied(cut), cut.asOf);
    }
    return { ...presentDashboard(summary), span: presentLogSpan(span), lastPosition };
  }

  /** What changed between two cuts, each read at its own knownAt (the HTTP route gives both the same). A side where the negotiation only possibly exists is its state as it is, as the 'to' side is. */
  async diff(negotiationId: string, from: Cut, to: Cut) {
    const view = await this.view(negotiationId);
    const after = presentNegotiationState(view.state(to), to.asOf, existingAt(view, to, 'the "to" cut'), view.possible(to));
    const fromExistence = view.existence(from);
    const before = exists(fromExistence) ? presentNegotiationState(view.state(from), from.asOf, fromExistence, view.possible(from)) : null;
    return diffStates(before, after);
  }

  /** Reads the stream through the cache, so that a stored row it cannot read back is the answer (an UnreadableEventError). */
  protected async readable(negotiationId: string): Promise<void> {
    await this.cache.get(negotiationId);
  }

  protected async view(negotiationId: string): Promise<StreamView> {
    const entry = await this.cache.get(negotiationId);
    if (!entry) throw new NotFoundError(`negotiation ${negotiationId} does not exist`);
    return entry.view;
  }

  private async *only(negotiationId: string): AsyncGenerator<StreamView> {
    const entry = await this.cache.get(negotiationId);
    if (entry) yield entry.view;
  }

  /**
   * Every negotiation's view in turn, letting other requests in between them (a read of SQLite
   * never does). One whose stream holds an unreadable row is passed over, so the others still
   * answer; the store remembers the damage, and /health reports it.
   */
  private async *views(): AsyncGenerator<StreamView> {
    const yielder = new Yielder();
    for (const negotiationId of await this.store.listNegotiations()) {
      const entry = await this.cache.get(negotiationId).catch((error: unknown) => {
        if (error instanceof UnreadableEventError) return undefined;
        throw error;
      });
      if (entry) yield entry.view;
      await yielder.step();
    }
  }
}

/** A stream's order among streams: its first event's position. */
function streamNoOf(view: StreamView): number {
  return view.log[0]?.position ?? 0;
}

/** A search without a full-text engine: every word or prefix is a substring of the folded text, every phrase too. */
function matchesText(text: string, q: FullTextQuery): boolean {
  const folded = ` ${foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return q.terms.every((term) => folded.includes('phrase' in term ? ` ${term.phrase.join(' ')}` : ` ${foldText(term.word)}`));
}

/** The text with each occurrence of a searched word or phrase marked «…». */
function markMatches(text: string, q: FullTextQuery): string {
  const needles = q.terms.map((term) => ('phrase' in term ? term.phrase.join('[^\\p{L}\\p{N}]+') : `${escapeRegExp(term.word)}[\\p{L}\\p{N}]*`));
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.join('|')})`, 'giu'), (found) => `«${found}»`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
