import { registerGrantsOf, type RegisterGrant } from '../../projections/accessRegister.js';
import { evolveDashboard, initialDashboard, type DashboardSummary } from '../../projections/dashboard.js';
import { exists } from '../../projections/existence.js';
import { emptyLogSpan, evolveLogSpan, type LogSpan } from '../../projections/logSpan.js';
import type { EventStore } from '../store/eventStore.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { replayNegotiation, type ReplayedNegotiation } from '../replay/replayNegotiation.js';

export interface FullReplay {
  /** Negotiations that exist at the cut (not those only possibly opened by then). */
  readonly negotiations: number;
  /** Events read from the store. */
  readonly events: number;
  readonly statements: number;
  readonly access: readonly RegisterGrant[];
  readonly dashboard: DashboardSummary;
  /** The span of every event read, whatever the cut. */
  readonly span: LogSpan;
}

/**
 * Rebuilds every projection (state, timeline, statements, access register, dashboard) from
 * the store at a cut, one stream at a time and bypassing the stream cache, so memory holds
 * one negotiation's events, never the whole log. `onNegotiation` receives each negotiation
 * that exists at the cut, or possibly does (CONTRACT §2.2), as the list of them shows it (a
 * rebuild keeps what it needs of it).
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
  let span = emptyLogSpan;
  for (const negotiationId of await store.listNegotiations()) {
    const log = await store.readStream(negotiationId);
    for (const event of log) span = evolveLogSpan(span, event);
    const replayed = replayNegotiation(negotiationId, log, cut);
    events += replayed.events;
    if (!exists(replayed.existence)) continue;
    dashboard = evolveDashboard(dashboard, replayed.existence, replayed.state, replayed.recent, cut.asOf);
    onNegotiation(replayed);
    if (replayed.existence !== 'yes') continue;
    negotiations++;
    statements += replayed.statements.length;
    for (const grant of registerGrantsOf(replayed.state, cut.asOf)) access.push(grant);
  }
  return { negotiations, events, statements, access, dashboard, span };
}
