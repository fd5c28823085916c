import { registerGrantsOf, type AccessFilter, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveDashboard, initialDashboard, presentDashboard } from '../../projections/dashboard.js';
import { emptyLogSpan, evolveLogSpan, mergeLogSpans, presentLogSpan, type LogSpan } from '../../projections/logSpan.js';
import { presentNegotiationState, summarizeNegotiation, type NegotiationStateView } from '../../projections/negotiationState.js';
import { diffStates } from '../../projections/stateDiff.js';
import { presentStatement, statementMatches, statementsOf, type Statement, type StatementFilter } from '../../projections/statements.js';
import { timelineOf } from '../../projections/timeline.js';
import type { NegotiationStatus } from '../events/primitives.js';
import { NotFoundError, UnreadableEventError } from '../errors.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import type { DecisionState } from '../domain/decisionState.js';
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

  /** The negotiation's state at the cut; NotFoundError when it does not exist then. */
  async state(negotiationId: string, cut: Cut): Promise<NegotiationStateView> {
    const view = await this.view(negotiationId);
    const state = view.state(cut);
    if (!state.opened) throw new NotFoundError(`negotiation ${negotiationId} did not exist at that cut`);
    return presentNegotiationState(state, cut.asOf);
  }

  async timeline(negotiationId: string, cut: Cut) {
    const view = await this.view(negotiationId);
    if (!view.state(cut).opened) throw new NotFoundError(`negotiation ${negotiationId} did not exist at that cut`);
    return timelineOf(view.applied(cut));
  }

  async list(cut: Cut, status?: NegotiationStatus) {
    const items = [];
    for await (const view of this.views()) {
      const state = view.state(cut);
      if (state.opened && (status === undefined || state.status === status)) items.push(summarizeNegotiation(state, cut.asOf));
    }
    return items;
  }

  async statements(filter: StatementFilter, cut: Cut) {
    const matching: Statement[] = [];
    const views = filter.negotiation !== undefined ? this.only(filter.negotiation) : this.views();
    for await (const view of views) {
      for (const statement of statementsOf(view.applied(cut))) {
        if (statementMatches(statement, filter)) matching.push(statement);
      }
    }
    return matching.sort((a, b) => a.occurred.start - b.occurred.start || a.recordedAt.localeCompare(b.recordedAt)).map(presentStatement);
  }

  async access(filter: AccessFilter, cut: Cut): Promise<readonly RegisterGrant[]> {
    const register: RegisterGrant[] = [];
    for await (const view of this.views()) {
      const state = view.state(cut);
      if (state.opened) for (const grant of registerGrantsOf(state, cut.asOf, filter)) register.push(grant);
    }
    return register;
  }

  /** The summary at the cut, with the span of the whole log (whatever the cut) for a time control. */
  async dashboard(cut: Cut) {
    let summary = initialDashboard;
    let span = emptyLogSpan;
    for await (const view of this.views()) {
      span = mergeLogSpans(span, this.spanOf(view));
      const state = view.state(cut);
      if (state.opened) summary = evolveDashboard(summary, state, view.applied(cut).slice(-10), cut.asOf);
    }
    return { ...presentDashboard(summary), ...presentLogSpan(span) };
  }

  /** What changed between two asOf cuts, both read as known at `to.knownAt`. */
  async diff(negotiationId: string, from: Cut, to: Cut) {
    const view = await this.view(negotiationId);
    const after = view.state(to);
    if (!after.opened) throw new NotFoundError(`negotiation ${negotiationId} did not exist at the "to" cut`);
    const before = view.state(from);
    return diffStates(before.opened ? presentNegotiationState(before, from.asOf) : null, presentNegotiationState(after, to.asOf));
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
