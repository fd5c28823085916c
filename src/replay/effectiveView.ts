import type { EventData } from '../events/catalogue.js';
import type { RecordedEvent, TypedEvent } from '../events/recordedEvent.js';
import { intervalOf, type TimeInterval } from '../time/timePoint.js';
import type { OccurredAtIso } from '../time/isoInstants.js';
import { byValidTime, type EffectiveEvent } from '../../projections/effectiveEvent.js';
import { applyPatch } from '../events/applyPatch.js';
import { correctedProvenance } from '../events/provenance.js';
import { upcast } from '../events/upcast.js';

/** An effective event while corrections may still change it; it becomes the result itself (one object per event). */
interface Draft {
  event: TypedEvent;
  original: RecordedEvent;
  occurred: TimeInterval;
  retracted: boolean;
  retraction?: { eventId: string; reason: string; recordedAt: string };
  corrections: readonly string[];
  lastRevision: number;
  /** The interval as ISO instants, once a timeline has asked for it (see occurredIsoOf). */
  occurredIso: OccurredAtIso | undefined;
}

/**
 * Reads one stream as known at `knownAt` (epoch ms): corrections and retractions recorded
 * by then are applied to their targets, whatever the valid time; the result is in
 * valid-time order. Correction events themselves are folded in, not returned.
 */
export function effectiveView(events: readonly RecordedEvent[], knownAt: number, recordedMs: (e: RecordedEvent) => number): EffectiveEvent[] {
  const drafts = new Map<string, Draft>();
  for (const raw of events) {
    if (recordedMs(raw) > knownAt) continue;
    const event = upcast(raw) as TypedEvent;
    if (event.type === 'EventCorrected') {
      const target = drafts.get(event.data.targetEventId);
      if (target && !target.retracted) correct(target, event.id, event.revision, event.data);
    } else if (event.type === 'EventRetracted') {
      const target = drafts.get(event.data.targetEventId);
      if (target) {
        target.retracted = true;
        target.retraction = { eventId: event.id, reason: event.data.reason, recordedAt: event.recordedAt };
        target.lastRevision = Math.max(target.lastRevision, event.revision);
      }
    } else {
      drafts.set(event.id, { event, original: raw, occurred: UNSET, retracted: false, corrections: NONE, lastRevision: event.revision, occurredIso: undefined });
    }
  }
  const view: EffectiveEvent[] = [];
  for (const draft of drafts.values()) {
    draft.occurred = intervalOf(draft.event.occurredAt); // known once every correction is in
    view.push(draft);
  }
  return view.sort(byValidTime);
}

/**
 * An effective event's interval as ISO instants, written once and kept on the event itself, so a
 * reading that is kept (a stream view's) writes each only once: a long timeline answers with two
 * instants per event, and writing them was most of its time.
 */
export function occurredIsoOf(effective: EffectiveEvent, write: (interval: TimeInterval) => OccurredAtIso): OccurredAtIso {
  const draft = effective as Partial<Draft> & EffectiveEvent;
  return (draft.occurredIso ??= write(effective.occurred));
}

/** Most events are never corrected: they share one empty list rather than each allocating its own. */
const NONE: readonly string[] = Object.freeze([]);

const UNSET: TimeInterval = { precision: 'instant', start: Number.NaN, end: Number.NaN };

function correct(target: Draft, correctionId: string, revision: number, patch: EventData<'EventCorrected'>): void {
  const { source: _source, sources: _sources, confidence: _confidence, note: _note, ...rest } = target.event;
  const next = { ...rest, ...correctedProvenance(target.event, patch) } as TypedEvent;
  if (patch.occurredAt !== undefined) next.occurredAt = patch.occurredAt;
  if (patch.data !== undefined) next.data = applyPatch(target.event, patch.data) as never;
  target.event = next;
  // The first correction gives the draft a list of its own; later ones add to it rather than copy it.
  if (target.corrections === NONE) target.corrections = [correctionId];
  else (target.corrections as string[]).push(correctionId);
  target.lastRevision = Math.max(target.lastRevision, revision);
}
