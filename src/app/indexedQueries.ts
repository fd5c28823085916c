import type { Cut } from '../../projections/effectiveEvent.js';
import { initialDashboard, LATEST_ACTIVITY } from '../../projections/dashboard.js';
import type { AccessFilter } from '../../projections/accessRegister.js';
import { foldText } from '../../projections/statements.js';
import type { WithoutCut } from '../answers/cut.js';
import { presentLogSpan, type Dashboard } from '../answers/dashboard.js';
import type { Grant } from '../answers/grant.js';
import type { NegotiationSummary } from '../answers/negotiationSummary.js';
import { orgItemOf, type OrgItem } from '../answers/orgItem.js';
import type { DecisionState } from '../domain/decisionState.js';
import type { NegotiationStatus } from '../events/primitives.js';
import type { EventStore } from '../store/eventStore.js';
import { storedCut, type ReadModel } from '../store/readModel.js';
import { pageOf, type Page, type PageQuery } from './page.js';
import { NegotiationQueries, type FoundStatement, type GrantKey, type OrgKey, type StatementKey, type StatementQuery, type SummaryKey } from './queries.js';
import type { ReadProjector } from './readProjector.js';
import type { StreamCache } from './streamCache.js';

/** Whole lists (the CLI's, the tests') are read page by page, this many at a time. */
const DRAIN_PAGE = 1_000;

/**
 * The cross-negotiation queries answered from the store's read model (CONTRACT §4.1): each an
 * indexed lookup at the cut, costing what its page holds. Per-negotiation ones (state,
 * timeline, diff) stay with the replay. Before a lookup, streams the read model is behind on
 * (an import's, another process's) are projected, unless this side only reads (a standby).
 */
export class IndexedQueries extends NegotiationQueries {
  constructor(
    store: EventStore,
    cache: StreamCache<DecisionState>,
    private readonly readModel: ReadModel,
    private readonly projector: ReadProjector | undefined,
  ) {
    super(store, cache);
  }

  override async list(cut: Cut, status?: NegotiationStatus): Promise<readonly NegotiationSummary[]> {
    return drain<NegotiationSummary, SummaryKey>((page) => this.listPage(cut, status, page));
  }

  override async listPage(cut: Cut, status: NegotiationStatus | undefined, page: PageQuery<SummaryKey>): Promise<Page<NegotiationSummary, SummaryKey>> {
    if (!(await this.current())) return super.listPage(cut, status, page);
    const rows = await this.readModel.summaries(storedCut(cut), { status, after: page.after && { streamNo: page.after.streamNo, order: 0 }, limit: page.limit + 1 });
    const open = new Map<string, unknown[]>();
    for (const offer of await this.readModel.openOffers(storedCut(cut), rows.slice(0, page.limit).map((row) => row.negotiationId))) {
      const { negotiationId, eventId: _eventId, ...item } = JSON.parse(offer.body) as { negotiationId: string; eventId: unknown };
      open.set(negotiationId, [...(open.get(negotiationId) ?? []), item]);
    }
    return pageOf(
      rows.map((row) => {
        const { openOffers, activeGrants, pending, ...summary } = JSON.parse(row.body) as Omit<NegotiationSummary, 'openOfferList'>;
        // The fields in the order the replay answers them in.
        const item = { ...summary, openOffers, openOfferList: open.get(row.negotiationId) ?? [], activeGrants, pending } as NegotiationSummary;
        return { item, key: { streamNo: row.streamNo } };
      }),
      page.limit,
    );
  }

  override async statements(filter: StatementQuery, cut: Cut): Promise<readonly FoundStatement[]> {
    return drain<FoundStatement, StatementKey>((page) => this.statementsPage(filter, cut, page));
  }

  override async statementsPage(filter: StatementQuery, cut: Cut, page: PageQuery<StatementKey>): Promise<Page<FoundStatement, StatementKey>> {
    if (!(await this.current())) return super.statementsPage(filter, cut, page);
    // One negotiation's statements, asked for by name, answer as its other reads do when a row of it cannot be read back.
    if (filter.negotiation !== undefined) await this.readable(filter.negotiation);
    const rows = await this.readModel.statements(storedCut(cut), {
      speaker: filter.speaker === undefined ? undefined : foldText(filter.speaker),
      org: filter.org === undefined ? undefined : foldText(filter.org),
      negotiation: filter.negotiation,
      from: filter.from,
      to: filter.to,
      includeRetracted: filter.includeRetracted ?? false,
      includePossible: filter.includePossible ?? false,
      q: filter.q,
      after: page.after,
      limit: page.limit + 1,
    });
    return pageOf(
      rows.map((row) => {
        const statement = JSON.parse(row.body) as FoundStatement;
        const item = { ...statement, certainty: row.end <= cut.asOf ? 'definite' : 'possible', ...(row.snippet !== undefined && { snippet: row.snippet }) } as FoundStatement;
        return { item, key: { ...(row.rank !== undefined && { rank: row.rank }), order: row.order, orderText: row.orderText, streamNo: row.streamNo, position: row.position } };
      }),
      page.limit,
    );
  }

  override async access(filter: AccessFilter, cut: Cut): Promise<readonly Grant[]> {
    return drain<Grant, GrantKey>((page) => this.accessPage(filter, cut, page));
  }

  override async accessPage(filter: AccessFilter, cut: Cut, page: PageQuery<GrantKey>): Promise<Page<Grant, GrantKey>> {
    if (!(await this.current())) return super.accessPage(filter, cut, page);
    const rows = await this.readModel.grants(storedCut(cut), {
      grantee: filter.grantee?.toLowerCase(),
      model: filter.model?.toLowerCase(),
      after: page.after,
      limit: page.limit + 1,
    });
    return pageOf(
      rows.map((row) => {
        const { eventId: _eventId, ...grant } = JSON.parse(row.body) as Grant & { eventId: unknown };
        return { item: grant, key: { streamNo: row.streamNo, order: row.order, position: row.position } };
      }),
      page.limit,
    );
  }

  override async orgPage(org: string, cut: Cut, page: PageQuery<OrgKey>): Promise<Page<OrgItem, OrgKey>> {
    if (!(await this.current())) return super.orgPage(org, cut, page);
    const wanted = foldText(org);
    const rows = await this.readModel.orgItems(storedCut(cut), { org: wanted, after: page.after, limit: page.limit + 1 });
    return pageOf(
      rows.map((row) => {
        const body = JSON.parse(row.body) as { negotiationId: string };
        const kind = row.family as OrgItem['kind'];
        const item = kind === 'statement' ? { ...body, certainty: 'definite' } : body;
        return { item: orgItemOf(kind, wanted, item), key: { start: row.start, streamNo: row.streamNo, position: row.position, family: row.family } };
      }),
      page.limit,
    );
  }

  override async dashboard(cut: Cut): Promise<WithoutCut<Dashboard>> {
    if (!(await this.current())) return super.dashboard(cut);
    const lastPosition = await this.store.lastPosition();
    const totals = await this.readModel.dashboardTotals(storedCut(cut), 0);
    const latest = await this.readModel.latestActivity(storedCut(cut), LATEST_ACTIVITY);
    const span = await this.readModel.span();
    return {
      negotiations: totals.negotiations,
      byStatus: { ...initialDashboard.byStatus, ...totals.byStatus },
      possiblyOpen: totals.possiblyOpen,
      meetings: { min: totals.meetingsMin, max: totals.meetingsMax, lastAt: totals.lastAt },
      openOffers: totals.openOffers,
      activeGrants: totals.activeGrants,
      statements: totals.statements,
      latestActivity: latest.map((row) => JSON.parse(row.body) as Dashboard['latestActivity'][number]),
      span: presentLogSpan({ ...span, lastPosition }),
      lastPosition,
    };
  }

  /**
   * Whether the read model may answer: up to date (a few streams behind are projected first);
   * while many are projected in the background, the replay answers.
   */
  private async current(): Promise<boolean> {
    if (this.projector) return this.projector.ready();
    // A standby cannot project: where its read model is behind the events it has replayed (an import the primary has not indexed yet), the replay answers.
    return (await this.readModel.behind()).length === 0;
  }
}

/** Every item of a paged query. */
async function drain<T, K>(read: (page: PageQuery<K>) => Promise<Page<T, K>>): Promise<T[]> {
  const items: T[] = [];
  let after: K | undefined;
  for (;;) {
    const page = await read({ limit: DRAIN_PAGE, ...(after !== undefined && { after }) });
    items.push(...page.items);
    if (page.last === null) return items;
    after = page.last;
  }
}

