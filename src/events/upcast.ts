import { UnknownSchemaVersionError } from '../errors.js';
import type { RecordedEvent } from './recordedEvent.js';
import { KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION } from './schemaVersion.js';

/** One version step: pure, from the stored form of `version` to that of `version + 1`. */
type Upcaster = (event: RecordedEvent) => RecordedEvent;

/**
 * v1 → v2: v1 had one `source`; v2 reads every source from `sources` and keeps `source` as
 * the first of them, on the event and on a correction's data alike.
 */
const v1ToV2: Upcaster = (event) => {
  const upcast: RecordedEvent = { ...event, ...(event.source !== undefined && { sources: [event.source] }), schemaVersion: 2 };
  if (event.type === 'EventCorrected' && event.data.source !== undefined && event.data.sources === undefined) {
    upcast.data = { ...event.data, sources: [event.data.source] };
  }
  return upcast;
};

/** The step out of each version, by version. */
const UPCASTERS: Readonly<Record<number, Upcaster>> = { 1: v1ToV2 };

/**
 * A stored event in the newest shape (CONTRACT §3.1), so that the rules and projections read
 * only that; the stored form and its hash stay as recorded. An event already in the newest
 * shape is returned as is. A version this Parley does not know is refused, never guessed.
 */
export function upcast(stored: RecordedEvent): RecordedEvent {
  const version: unknown = stored.schemaVersion ?? 1;
  if (version === SCHEMA_VERSION) return stored;
  if (typeof version !== 'number' || !KNOWN_SCHEMA_VERSIONS.includes(version)) throw new UnknownSchemaVersionError(stored, KNOWN_SCHEMA_VERSIONS);
  let event = stored;
  for (let step = version; step < SCHEMA_VERSION; step++) event = UPCASTERS[step]!(event);
  return event;
}
