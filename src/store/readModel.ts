/**
 * The read-model port: bitemporal rows that index what the cross-negotiation queries need
 * (CONTRACT §4.1), kept by the store beside the events. The application works the rows out
 * from its replay of a stream; the store keeps them, supersedes them and looks them up.
 *
 * Every row holds one item (a negotiation's summary, a grant, an offer, a statement, a
 * meeting) over a valid-time interval [validFrom, validTo) and a transaction-time interval
 * [recordedFrom, recordedTo): a query at a cut reads the rows with
 * validFrom ≤ asOf < validTo and recordedFrom ≤ knownAt < recordedTo. Rows are never
 * rewritten: a change closes the transaction interval of the rows it replaces (recordedTo
 * becomes its transaction time) and adds new ones, as XTDB does for its tables.
 */

/** Interval ends beyond any date (epoch ms of dates stay within ±8.64e15): stored for ±∞. */
export const MIN_MS = -9e15;
export const MAX_MS = 9e15;

/** An epoch-ms interval end as the tables keep it: ±Infinity (open ends) become the sentinels. */
export function storedMs(ms: number): number {
  return ms === Number.NEGATIVE_INFINITY ? MIN_MS : ms === Number.POSITIVE_INFINITY ? MAX_MS : ms;
}

/**
 * `summary`: one per negotiation (key = its id), piecewise in valid time.
 * `grant`, `offer`: one per grant or offer of a negotiation (key = grantId, offerId), piecewise.
 * `statement`, `meeting`: one per event (key = event id) from its start on; `end` says from when it is definite.
 * `activity`: one per event but corrections (key = event id), from its end on (when it counts): the dashboard's latest activity.
 */
export type ReadFamily = 'summary' | 'grant' | 'offer' | 'statement' | 'meeting' | 'activity';

export interface ReadRow {
  readonly family: ReadFamily;
  readonly key: string;
  readonly validFrom: number;
  readonly validTo: number;
  /** statement, meeting: where the event's interval ends (it is only possible before). Else validFrom. */
  readonly end: number;
  /**
   * statement, meeting: the interval start (as `start`); grant, offer: the item's place in its
   * negotiation's state (0, 1, …); summary: 0. See each lookup for the order it answers in.
   */
  readonly order: number;
  /** statement: recordedAt (ISO, compared as bytes); else ''. */
  readonly orderText: string;
  /** The interval start of the event that made the item (summary: the opening), MIN_MS for an open start. */
  readonly start: number;
  /** The global position of the event that made the item (summary: the opening). */
  readonly position: number;
  /** summary: status ('' while only possibly open); grant: active|expired|revoked; statement: current|corrected|retracted; else ''. */
  readonly status: string;
  /** Folded lookup keys: statement: speaker name; grant: grantee; offer: from; else ''. */
  readonly who: string;
  /** statement: speaker org; grant: model; offer: to; else ''. */
  readonly what: string;
  /** Organisations the item concerns, folded (GET /orgs/{org}): speaker org, grantee/grantor, offer from/to, participants, parties. */
  readonly orgs: readonly string[];
  /** statement: the text, for full-text search; else ''. */
  readonly text: string;
  /** summary only: the totals the dashboard adds up. */
  readonly totals?: SummaryTotals;
  /** The item as answered, JSON. */
  readonly body: string;
}

export interface SummaryTotals {
  /** 1 when the negotiation exists at asOf, 0 when it only possibly does. */
  readonly existsYes: 0 | 1;
  readonly meetingsMin: number;
  readonly meetingsMax: number | null;
  /** The last meeting's TimePoint and its interval, or null. */
  readonly lastAt: string | null;
  readonly lastAtStart: number;
  readonly lastAtEnd: number;
  readonly openOffers: number;
  readonly activeGrants: number;
  readonly statements: number;
  /** The best of `activity` by (start, recordedAt), MIN_MS when none: which negotiations' activity the dashboard reads. */
  readonly activityStart: number;
  readonly activityRecordedAt: string;
}

/** Which rows a change replaces: those of the family (and key, when given) that reach past `from` in valid time. */
export interface Supersede {
  readonly family: ReadFamily;
  /** Undefined: every key of the family in this negotiation. */
  readonly key?: string;
  readonly from: number;
}

/** A stream's span (CONTRACT §4.1 dashboard `span`), kept per stream; null ends while it has none. */
export interface StreamSpan {
  readonly occurredFrom: { readonly text: string; readonly ms: number } | null;
  readonly occurredTo: { readonly text: string; readonly ms: number } | null;
  readonly recordedFrom: { readonly text: string; readonly ms: number } | null;
  readonly recordedTo: { readonly text: string; readonly ms: number } | null;
}

/**
 * One stream's rows changed at one transaction time. The store closes the current rows that
 * `supersede` names at `recordedAt` — keeping, as new rows, the part of each before its
 * `from` — and adds `rows`, all current from `recordedAt` on.
 */
export interface ReadChange {
  readonly negotiationId: string;
  /**
   * Drops every row of the stream first (closed ones too): for a stream whose recordedAt do not
   * grow with its revisions, whose past readings are then worked out again whole.
   */
  readonly reset?: boolean;
  /** The stream's order among streams: the global position of its first event. */
  readonly streamNo: number;
  /** Epoch ms: the transaction time of the change. */
  readonly recordedAt: number;
  readonly supersede: readonly Supersede[];
  readonly rows: readonly ReadRow[];
  /** The stream's last revision the read model now covers. */
  readonly revision: number;
  /** The revision it covered before (-1: none); applyChanges skips a change whose stream has moved past it. */
  readonly after: number;
  readonly span: StreamSpan;
}

/** A summary's totals as the tables' columns (null on rows of other families), the same in every store. */
export function totalsColumns(t: SummaryTotals | undefined) {
  return {
    exists_yes: t?.existsYes ?? null,
    meetings_min: t?.meetingsMin ?? null,
    meetings_max: t?.meetingsMax ?? null,
    last_at: t?.lastAt ?? null,
    last_at_start: t?.lastAtStart ?? null,
    last_at_end: t?.lastAtEnd ?? null,
    open_offers: t?.openOffers ?? null,
    active_grants: t?.activeGrants ?? null,
    statements: t?.statements ?? null,
    activity_start: t?.activityStart ?? null,
    activity_recorded_at: t?.activityRecordedAt ?? null,
  };
}

/** A cut as epoch ms (CONTRACT §2). */
export interface ReadCut {
  readonly asOf: number;
  readonly knownAt: number;
}

/**
 * A cut as the tables read it: each axis within the stored range, the last instant before
 * MAX_MS at most, so that "for ever" (a row open to MAX_MS) holds at an unbounded cut too.
 */
export function storedCut(cut: ReadCut): ReadCut {
  const within = (ms: number) => Math.max(MIN_MS, Math.min(MAX_MS - 1, ms));
  return { asOf: within(cut.asOf), knownAt: within(cut.knownAt) };
}

/** A row as a lookup returns it. */
export interface FoundRow {
  readonly negotiationId: string;
  readonly streamNo: number;
  readonly key: string;
  readonly end: number;
  readonly order: number;
  readonly orderText: string;
  readonly start: number;
  readonly position: number;
  readonly body: string;
  /** Full-text search only: relevance, higher is better. */
  readonly rank?: number;
  /** Full-text search only: the text with the matches marked «…». */
  readonly snippet?: string;
}

/** Where a page of summaries resumes: after this (streamNo, order). */
export interface StreamOrderAfter {
  readonly streamNo: number;
  readonly order: number;
}

/** Where a page of grants resumes: after this (streamNo, order, position) — order and position are the grant's maker's valid start and position. */
export interface GrantAfter extends StreamOrderAfter {
  readonly position: number;
}

/** Where a page of statements resumes: after this row in their order (rank first when searching). */
export interface StatementAfter {
  readonly rank?: number;
  readonly order: number;
  readonly orderText: string;
  readonly streamNo: number;
  readonly position: number;
}

/** Where a page of org items resumes: after this row in their order. */
export interface OrgItemAfter {
  readonly start: number;
  readonly streamNo: number;
  readonly position: number;
  readonly family: ReadFamily;
}

/** Summaries in stream order (streamNo); a grant's order breaks no tie there (one summary per stream). */
export interface SummaryLookup {
  /** Only negotiations in this status (which exist at asOf, not only possibly): status = this. */
  readonly status?: string;
  readonly after?: StreamOrderAfter;
  readonly limit: number;
}

/**
 * Statements at the cut (validFrom ≤ asOf, and end ≤ asOf unless includePossible), in the
 * order (order ASC, orderText ASC, streamNo ASC, position ASC); with `q`, by rank DESC first.
 */
export interface StatementLookup {
  /** Folded text that the row's `who` (speaker name) / `what` (speaker org) must contain; '' matches all. */
  readonly speaker?: string;
  readonly org?: string;
  readonly negotiation?: string;
  /** Epoch ms: the statement's interval must start at or after `from`, end at or before `to`. */
  readonly from?: number;
  readonly to?: number;
  /** Else rows with status 'retracted' are left out. */
  readonly includeRetracted: boolean;
  readonly includePossible: boolean;
  /** A full-text query in the store's own engine, already checked: words (stemmed), "phrases", prefix*. */
  readonly q?: FullTextQuery;
  readonly after?: StatementAfter;
  readonly limit: number;
}

/** A parsed search: every term must match. */
export interface FullTextQuery {
  readonly terms: readonly FullTextTerm[];
}
export type FullTextTerm = { readonly word: string; readonly prefix: boolean } | { readonly phrase: readonly string[] };

/** Grants at the cut in (streamNo, order) order. */
export interface GrantLookup {
  /** Lower-cased text the row's `who` (grantee) / `what` (model) must contain. */
  readonly grantee?: string;
  readonly model?: string;
  readonly after?: GrantAfter;
  readonly limit: number;
}

/**
 * Rows of every family at the cut with `org` among their `orgs` — statements and meetings only
 * when definite (end ≤ asOf) and not retracted — in the order (start, streamNo, position, family).
 */
export interface OrgLookup {
  /** The organisation, folded: compared for equality with each of a row's `orgs`. */
  readonly org: string;
  readonly after?: OrgItemAfter;
  readonly limit: number;
}

/** What the dashboard adds up over the summaries at a cut. */
export interface DashboardTotals {
  readonly negotiations: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly possiblyOpen: number;
  readonly meetingsMin: number;
  readonly meetingsMax: number | null;
  readonly lastAt: string | null;
  readonly openOffers: number;
  readonly activeGrants: number;
  readonly statements: number;
  /** The summaries of the negotiations with the latest activity, best first (at most `latest`). */
  readonly latest: readonly FoundRow[];
}

/**
 * The read model as a store keeps it. Lookups answer at one cut, in the order the API answers
 * in, at most `limit` rows (a caller asks for one more to know whether a page follows).
 */
export interface ReadModel {
  /** Applies changes outside an append (a rebuild, a catch-up after import), each in its own transaction with its stream's mark. */
  applyChanges(changes: readonly ReadChange[]): Promise<void>;
  /** Streams whose events the read model does not cover yet (their last revision is past its mark), in stream order, with the revision covered (-1: none). */
  behind(): Promise<readonly { readonly negotiationId: string; readonly revision: number }[]>;
  /** Forgets every row and mark: the start of a rebuild. */
  clearReadModel(): Promise<void>;

  summaries(cut: ReadCut, lookup: SummaryLookup): Promise<FoundRow[]>;
  dashboardTotals(cut: ReadCut, latest: number): Promise<DashboardTotals>;
  statements(cut: ReadCut, lookup: StatementLookup): Promise<FoundRow[]>;
  grants(cut: ReadCut, lookup: GrantLookup): Promise<FoundRow[]>;
  /** Summaries (as a party), statements, meetings, offers and grants that concern the organisation. */
  orgItems(cut: ReadCut, lookup: OrgLookup): Promise<(FoundRow & { readonly family: ReadFamily })[]>;
  /**
   * The latest activity at the cut: `activity` rows with validFrom ≤ asOf, not retracted, of a
   * negotiation whose summary is at the cut, in the order (start DESC, orderText DESC, streamNo,
   * order, position), at most `limit`.
   */
  latestActivity(cut: ReadCut, limit: number): Promise<FoundRow[]>;
  /** The open offers (`offer` rows with status 'open') of these negotiations at the cut, in (streamNo, order) order. */
  openOffers(cut: ReadCut, negotiationIds: readonly string[]): Promise<FoundRow[]>;
  /** The span of every stream together; on a tie the earlier stream's end. */
  span(): Promise<StreamSpan>;
}
