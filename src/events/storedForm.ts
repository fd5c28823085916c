import { canonicalJson } from './canonicalJson.js';
import type { EventInput } from './eventInput.js';
import { addStoredProvenance } from './provenance.js';

/**
 * An event as it is stored (schema v2): the fields an event has, whatever else the object
 * carries, with its sources (and a correction's) in the stored form of storedProvenance.
 */
export function storedForm(input: EventInput): EventInput {
  const stored: Record<string, unknown> = {};
  if (input.id !== undefined) stored.id = input.id;
  stored.type = input.type;
  stored.occurredAt = input.occurredAt;
  addStoredProvenance(stored, input);
  stored.data = storedData(input);
  return stored as EventInput;
}

function storedData(input: EventInput): EventInput['data'] {
  if (input.type !== 'EventCorrected') return input.data;
  const { source: _source, sources: _sources, confidence: _confidence, note: _note, ...rest } = input.data;
  return addStoredProvenance(rest, input.data) as EventInput['data'];
}

/** What two events must share to be the same recording of one event (an idempotent retry): all but ids and the envelope. */
export function contentKey(event: Pick<EventInput, 'type' | 'occurredAt' | 'data' | 'source' | 'sources' | 'confidence' | 'note'>): string {
  const { type, occurredAt, data, source, sources, confidence, note } = event;
  return canonicalJson({ type, occurredAt, data, source: source ?? null, sources: sources ?? null, confidence: confidence ?? null, note: note ?? null });
}
