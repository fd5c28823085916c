import { registerGrantsOf, type AccessFilter, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveDashboard, initialDashboard } from '../../projections/dashboard.js';
import { exists, existenceAt, type Exists } from '../../projections/existence.js';
import { emptyLogSpan, evolveLogSpan, mergeLogSpans, type LogSpan } from '../../projections/logSpan.js';
import { statementMatches, statementsOf, type Statement, type StatementFilter } from '../../projections/statements.js';
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
import { absentAtCut } from './absentAtCut.js';
import { diffStates } from './stateDiff.js';
import type { StreamCache } from './streamCache.js';
import type { StreamView } from '../replay/streamView.js';
import type { EventStore } from '../store/eventStore.js';
import { Yielder } from './yieldToEventLoop.js';

/** The read side: every query of CONTRACT §4, answered from the stream cache at a cut. */
export class NegotiationQueries {
  /** Each cached stream's span, as folded up to `size` events: a later read folds only the events added since. */
  private readonly spans = new WeakMap<StreamView, { readonly size: number; readonly span: LogSpan }>();

  constructor(
    private readonly store: EventStore,
    private readonly cache: StreamCache<DecisionState>,
  ) {}

  /**
   * The negotiation's state at the cut, `exists: "possibly"` while its opening only possibly
   * happened; NotFoundError, naming the cut that excluded it, when not even possibly opened.
   */
  async state(negotiationId: string, cut: Cut): Promise<NegotiationStateView> {
    const view = await this.view(negotiationId);
    const existing = this.existing(view, cut);
    return presentNegotiationState(view.state(cut), cut.asOf, existing, view.possible(cut));
  }

  /** Every event that started by asOf, definite or possible, in valid-time order. */
  async timeline(negotiationId: string, cut: Cut): Promise<readonly TimelineEntry[]> {
    const view = await this.view(negotiationId);
    this.existing(view, cut);
    return timelineOf(view.started(cut), cut.asOf, view.occurredAtIntervalOf); // already in the answer's shape
  }

  /**
   * The negotiations that exist at the cut, or possibly do. A status filter asks for negotiations
   * in that status: one only possibly opened has none yet, so it is listed only without a filter.
   */
  async list(cut: Cut, status?: NegotiationStatus): Promise<readonly NegotiationSummary[]> {
    const items: NegotiationSummary[] = [];
    for await (const view of this.views()) {
      const existence = view.existence(cut);
      if (!exists(existence)) continue;
      const state = view.state(cut);
      if (status !== undefined && (existence !== 'yes' || state.status !== status)) continue;
      items.push(summarizeNegotiation(state, cut.asOf, existence, view.possible(cut)));
    }
    return items;
  }

  /** Statements made by asOf; with `includePossible`, also those possibly made by then. */
  async statements(filter: StatementFilter, cut: Cut): Promise<readonly StatementAnswer[]> {
    const matching: Statement[] = [];
    const views = filter.negotiation !== undefined ? this.only(filter.negotiation) : this.views();
    for await (const view of views) {
      for (const statement of statementsOf(filter.includePossible ? view.started(cut) : view.applied(cut), cut.asOf)) {
        if (statementMatches(statement, filter)) matching.push(statement);
      }
    }
    return matching.sort((a, b) => compareMs(a.occurred.start, b.occurred.start) || a.recordedAt.localeCompare(b.recordedAt)).map(presentStatement);
  }

  async access(filter: AccessFilter, cut: Cut): Promise<readonly Grant[]> {
    const register: RegisterGrant[] = [];
    for await (const view of this.views()) {
      // A negotiation only possibly opened by asOf still shows the grants that definitely happened in it, as its state does.
      if (!exists(view.existence(cut))) continue;
      for (const grant of registerGrantsOf(view.state(cut), cut.asOf, filter)) register.push(grant);
    }
    return register;
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
      span = mergeLogSpans(span, this.spanOf(view));
      const existence = view.existence(cut);
      if (exists(existence)) summary = evolveDashboard(summary, existence, view.state(cut), view.applied(cut).slice(-10), cut.asOf);
    }
    return { ...presentDashboard(summary), span: presentLogSpan(span), lastPosition };
  }

  /** What changed between two cuts, each read at its own knownAt (the HTTP route gives both the same). A side where the negotiation only possibly exists is its state as it is, as the 'to' side is. */
  async diff(negotiationId: string, from: Cut, to: Cut) {
    const view = await this.view(negotiationId);
    const after = presentNegotiationState(view.state(to), to.asOf, this.existing(view, to, 'the "to" cut'), view.possible(to));
    const fromExistence = view.existence(from);
    const before = exists(fromExistence) ? presentNegotiationState(view.state(from), from.asOf, fromExistence, view.possible(from)) : null;
    return diffStates(before, after);
  }

  /** Whether the negotiation exists at the cut (`yes` or `possibly`); else the 404 that says which cut excluded it. */
  private existing(view: StreamView, cut: Cut, at?: string): Exists {
    const opening = view.opening(cut.knownAt);
    const existence = existenceAt(opening, cut.asOf);
    if (exists(existence)) return existence;
    throw absentAtCut(view.negotiationId, existence, opening, at);
  }

  private spanOf(view: StreamView): LogSpan {
    const folded = this.spans.get(view);
    if (folded?.size === view.size) return folded.span;
    const log = view.log;
    let span = folded?.span ?? emptyLogSpan;
    for (let revision = folded?.size ?? 0; revision < log.length; revision++) span = evolveLogSpan(span, log[revision]!);
    this.spans.set(view, { size: log.length, span });
    return span;
  }

  private async view(negotiationId: string): Promise<StreamView> {
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
