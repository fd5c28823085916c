import type { RecordedEvent, TypedEvent } from '../src/events/recordedEvent.js';
import { compareMs, type TimeInterval } from '../src/time/timePoint.js';

/**
 * An event as Parley reads it at a knownAt cut: with every correction known by then
 * applied, and marked when retracted. Projections fold these, never raw corrections.
 */
export interface EffectiveEvent {
  /** The event as currently corrected (occurredAt, data and source replaced). */
  readonly event: TypedEvent;
  /** The event as first recorded. */
  readonly original: RecordedEvent;
  /** The UTC interval of the corrected occurredAt. */
  readonly occurred: TimeInterval;
  readonly retracted: boolean;
  readonly retraction?: { readonly eventId: string; readonly reason: string; readonly recordedAt: string };
  /** Ids of the EventCorrected events applied, in recording order. */
  readonly corrections: readonly string[];
  /** The highest stream revision that shaped this reading (the event's or its last correction's). */
  readonly lastRevision: number;
}

/** A cut on both time axes, as epoch-millisecond ends of the asOf and knownAt TimePoints. */
export interface Cut {
  readonly asOf: number;
  readonly knownAt: number;
}

/** Valid-time order (CONTRACT §2): occurredAt start, then global position. */
export function byValidTime(a: EffectiveEvent, b: EffectiveEvent): number {
  return compareMs(a.occurred.start, b.occurred.start) || a.event.position - b.event.position;
}
