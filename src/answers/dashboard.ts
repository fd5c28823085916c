import { z } from 'zod';
import type { DashboardSummary } from '../../projections/dashboard.js';
import { EventId, NegotiationId, NegotiationStatus } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';
import { cutFields, type WithoutCut } from './cut.js';
import { Meetings } from './negotiationState.js';

/** CONTRACT §4 dashboard summary: totals over every negotiation at the cut, and the latest activity. */
export const Dashboard = z
  .object({
    negotiations: z.int(),
    byStatus: z.record(NegotiationStatus, z.int()),
    meetings: Meetings,
    openOffers: z.int(),
    activeGrants: z.int(),
    statements: z.int(),
    latestActivity: z.array(
      z.object({ negotiationId: NegotiationId, eventId: EventId, type: z.string(), occurredAt: TimePoint, recordedAt: Instant, recordedBy: z.string() }),
    ),
    ...cutFields,
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = Answer<typeof Dashboard>;

/** The folded summary as a query returns it, without the instants it orders activity by; the route adds the cut. */
export function presentDashboard(summary: DashboardSummary): WithoutCut<Dashboard> {
  return { ...summary, latestActivity: summary.latestActivity.map(({ start: _start, ...activity }) => activity) };
}
