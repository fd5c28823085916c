import type { NegotiationStatus } from '../src/events/primitives.js';
import type { EffectiveEvent } from './effectiveEvent.js';
import type { Exists } from './existence.js';
import { compareMs, compareTimePoints } from '../src/time/timePoint.js';
import { firstFinite } from '../src/time/finiteBounds.js';
import { grantStatus, type NegotiationState } from './negotiationState.js';

export interface Activity {
  readonly negotiationId: string;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** Epoch ms of the occurredAt start, for ordering. */
  readonly start: number;
}

/**
 * CONTRACT §4 dashboard summary, folded one negotiation at a time, over the negotiations that
 * exist at the cut. Those only possibly opened by then (CONTRACT §2.2) are counted apart, in
 * `possiblyOpen`, not in `negotiations` or `byStatus` (they have no status yet); what definitely
 * happened in them (a grant, a meeting, a statement) still counts, as their state shows it.
 */
export interface DashboardSummary {
  readonly negotiations: number;
  readonly byStatus: Readonly<Record<NegotiationStatus, number>>;
  readonly possiblyOpen: number;
  readonly meetings: { readonly min: number; readonly max: number | null; readonly lastAt: string | null };
  readonly openOffers: number;
  readonly activeGrants: number;
  readonly statements: number;
  readonly latestActivity: readonly Activity[];
}

export const LATEST_ACTIVITY = 10;

export const initialDashboard: DashboardSummary = {
  negotiations: 0,
  byStatus: { open: 0, progressing: 0, stalled: 0, agreed: 0, failed: 0, closed: 0 },
  possiblyOpen: 0,
  meetings: { min: 0, max: 0, lastAt: null },
  openOffers: 0,
  activeGrants: 0,
  statements: 0,
  latestActivity: [],
};

/**
 * Pure: adds one negotiation seen at the cut (whether it exists then, its state and the events
 * that count then, in valid-time order) to the summary. `asOf` decides which grants have
 * expired. Latest activity keeps the LATEST_ACTIVITY events, not retracted, that happened
 * last across negotiations (by occurredAt, then recordedAt; ties in negotiation order, then
 * valid-time order).
 */
export function evolveDashboard(
  summary: DashboardSummary,
  exists: Exists,
  state: NegotiationState,
  recent: readonly EffectiveEvent[],
  asOf: number,
): DashboardSummary {
  const possibly = exists === 'possibly';
  // TimePoints of mixed precision and offset do not sort as strings: compare their intervals.
  const lastAt = [summary.meetings.lastAt, state.meetings.lastAt].filter((x): x is string => x !== null).sort(compareTimePoints).at(-1) ?? null;
  const activity = recent.filter((e) => !e.retracted).map((e) => activityOf(state.id, e));
  return {
    negotiations: summary.negotiations + (possibly ? 0 : 1),
    byStatus: possibly ? summary.byStatus : { ...summary.byStatus, [state.status]: summary.byStatus[state.status] + 1 },
    possiblyOpen: summary.possiblyOpen + (possibly ? 1 : 0),
    meetings: { min: summary.meetings.min + state.meetings.min, max: summary.meetings.max === null || state.meetings.max === null ? null : summary.meetings.max + state.meetings.max, lastAt },
    openOffers: summary.openOffers + state.offers.filter((o) => o.status === 'open').length,
    activeGrants: summary.activeGrants + state.grants.filter((g) => grantStatus(g, asOf) === 'active').length,
    statements: summary.statements + state.statements,
    latestActivity: [...summary.latestActivity, ...activity]
      .sort((a, b) => compareMs(b.start, a.start) || b.recordedAt.localeCompare(a.recordedAt))
      .slice(0, LATEST_ACTIVITY),
  };
}

/** An event as the latest activity lists it, with the instant it is ordered by. */
export function activityOf(negotiationId: string, e: EffectiveEvent): Activity {
  return {
    negotiationId,
    eventId: e.event.id,
    type: e.event.type,
    occurredAt: e.event.occurredAt,
    recordedAt: e.event.recordedAt,
    recordedBy: e.event.recordedBy,
    // An open start is no date: latest activity places `../2026-05-11` at 11 May 2026.
    start: firstFinite(e.occurred),
  };
}
