import { z } from 'zod';
import type { DashboardSummary } from '../../projections/dashboard.js';
import type { LogSpan } from '../../projections/logSpan.js';
import { EventId, NegotiationId, NegotiationStatus } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import { Instant, type Answer } from './answer.js';
import { cutFields, type WithoutCut } from './cut.js';
import { Meetings } from './negotiationState.js';

/**
 * One count per status, each a named property: a record keyed by the enum would be described
 * as required keys that no property defines.
 */
const ByStatus = z.object(Object.fromEntries(NegotiationStatus.options.map((status) => [status, z.int()])) as Record<NegotiationStatus, z.ZodInt>);

/** CONTRACT §4 dashboard summary: totals over every negotiation at the cut, and the latest activity. */
export const Dashboard = z
  .object({
    negotiations: z.int().meta({ description: 'the negotiations opened by asOf; every total below is over them' }),
    byStatus: ByStatus,
    possiblyOpen: z.int().meta({ description: 'negotiations only possibly opened by asOf (their opening\'s interval has started, not ended): counted in no other total' }),
    meetings: Meetings,
    openOffers: z.int(),
    activeGrants: z.int(),
    statements: z.int(),
    latestActivity: z.array(
      z.object({ negotiationId: NegotiationId, eventId: EventId, type: z.string(), occurredAt: TimePoint, recordedAt: Instant, recordedBy: z.string() }),
    ),
    span: z
      .object({
        occurredFrom: TimePoint.nullable().meta({ description: 'the occurredAt whose interval starts earliest; an open start (../B) counts from its end B' }),
        occurredTo: TimePoint.nullable().meta({ description: 'the occurredAt whose interval ends latest; an open end (A/..) counts from its start A' }),
        recordedFrom: Instant.nullable(),
        recordedTo: Instant.nullable(),
      })
      .meta({ description: 'the dates every recorded event covers, whatever the cut (null while the log is empty): the range of a time control' }),
    lastPosition: z.int().meta({ description: 'the global log\'s last position before this answer was read (0 when empty): a live feed resumes after it' }),
    ...cutFields,
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = Answer<typeof Dashboard>;

/** The folded summary as a query returns it, without the instants it orders activity by. */
export function presentDashboard(summary: DashboardSummary): Omit<WithoutCut<Dashboard>, 'span' | 'lastPosition'> {
  return { ...summary, latestActivity: summary.latestActivity.map(({ start: _start, ...activity }) => activity) };
}

/** A log's span with its dates as written, null while the log is empty. */
export function presentLogSpan(span: LogSpan): Dashboard['span'] {
  return {
    occurredFrom: span.occurredFrom?.text ?? null,
    occurredTo: span.occurredTo?.text ?? null,
    recordedFrom: span.recordedFrom?.text ?? null,
    recordedTo: span.recordedTo?.text ?? null,
  };
}
