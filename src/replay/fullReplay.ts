import { registerGrantsOf, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveDashboard, initialDashboard, LATEST_ACTIVITY, type DashboardSummary } from '../../projections/dashboard.js';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import { statementsOf, type Statement } from '../../projections/statements.js';
import { timelineOf, type Timeline } from '../../projections/timeline.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';
import type { Cut, EffectiveEvent } from './effectiveEvent.js';
import { effectiveView } from './effectiveView.js';

/** One negotiation as every projection reads it at the cut. */
export interface ReplayedNegotiation {
  readonly negotiationId: string;
  /** Events in its stream (corrections included), whatever the cut. */
  readonly events: number;
  /** `opened` is false when the negotiation did not exist at the cut. */
  readonly state: NegotiationState;
  readonly timeline: Timeline;
  readonly statements: readonly Statement[];
  /** The last events applied, newest last: the dashboard's latest activity. */
  readonly recent: readonly EffectiveEvent[];
}

export interface FullReplay {
  /** Negotiations that exist at the cut. */
  readonly negotiations: number;
  /** Events read from the store. */
  readonly events: number;
  readonly statements: number;
  readonly access: readonly RegisterGrant[];
  readonly dashboard: DashboardSummary;
}

/**
 * Rebuilds every projection (state, timeline, statements, access register, dashboard) from
 * the store at a cut, one stream at a time and bypassing the stream cache, so memory holds
 * one negotiation's events, never the whole log. `onNegotiation` receives each negotiation
 * that exists at the cut (a rebuild keeps what it needs of it).
 */
export async function fullReplay(
  store: EventStore,
  cut: Cut,
  onNegotiation: (replayed: ReplayedNegotiation) => void = () => undefined,
): Promise<FullReplay> {
  let negotiations = 0;
  let events = 0;
  let statements = 0;
  const access: RegisterGrant[] = [];
  let dashboard = initialDashboard;
  for (const negotiationId of await store.listNegotiations()) {
    const replayed = replayNegotiation(negotiationId, await store.readStream(negotiationId), cut);
    events += replayed.events;
    if (!replayed.state.opened) continue;
    negotiations++;
    statements += replayed.statements.length;
    for (const grant of registerGrantsOf(replayed.state, cut.asOf)) access.push(grant);
    dashboard = evolveDashboard(dashboard, replayed.state, replayed.recent, cut.asOf);
    onNegotiation(replayed);
  }
  return { negotiations, events, statements, access, dashboard };
}

/** Every per-negotiation projection of one stream's events (its whole log, in revision order) at the cut. */
export function replayNegotiation(negotiationId: string, log: readonly RecordedEvent[], cut: Cut): ReplayedNegotiation {
  // What StreamView.applied answers, without the view's cached reading and snapshots: this reading is used once.
  const applied: EffectiveEvent[] = [];
  for (const effective of effectiveView(log, cut.knownAt, (event) => Date.parse(event.recordedAt))) {
    if (effective.occurred.start > cut.asOf) break;
    if (effective.occurred.end <= cut.asOf) applied.push(effective);
  }
  const state = applied.reduce(evolveNegotiationState, initialNegotiationState(negotiationId));
  return { negotiationId, events: log.length, state, timeline: timelineOf(applied), statements: statementsOf(applied), recent: applied.slice(-LATEST_ACTIVITY) };
}
