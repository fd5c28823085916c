import type { RecordedEvent } from '../src/events/recordedEvent.js';
import type { EffectiveEvent } from '../src/replay/effectiveEvent.js';

/** CONTRACT §4 TimelineEntry: the event as currently corrected, with its marks. */
export type TimelineEntry = RecordedEvent & {
  readonly retracted: boolean;
  readonly corrections: readonly string[];
  /** Present when retracted: which event retracted it, why and when. */
  readonly retraction?: { readonly eventId: string; readonly reason: string; readonly recordedAt: string };
  /** Present when corrected: the values as first recorded. */
  readonly original?: Pick<RecordedEvent, 'occurredAt' | 'data' | 'source'>;
};

export type Timeline = readonly TimelineEntry[];

export const initialTimeline: Timeline = [];

/** Pure; entries arrive in valid-time order, so the timeline is the fold in that order. */
export function evolveTimeline(timeline: Timeline, effective: EffectiveEvent): Timeline {
  return [...timeline, timelineEntry(effective)];
}

export function timelineEntry(effective: EffectiveEvent): TimelineEntry {
  const { event, original } = effective;
  return {
    ...event,
    retracted: effective.retracted,
    corrections: effective.corrections,
    ...(effective.retraction && { retraction: effective.retraction }),
    ...(effective.corrections.length > 0 && {
      original: { occurredAt: original.occurredAt, data: original.data, ...(original.source && { source: original.source }) },
    }),
  };
}
