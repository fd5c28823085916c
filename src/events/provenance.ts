import { z } from 'zod';
import { canonicalJson } from './canonicalJson.js';
import { Source, StoredSource } from './source.js';

/** How sure the recorder is of an event as a whole (CONTRACT §1); absent reads as "reported". */
export const Confidence = z.enum(['confirmed', 'reported', 'estimated', 'inferred']).meta({ id: 'Confidence' });
export type Confidence = z.infer<typeof Confidence>;

export const MAX_SOURCES = 10;
export const MAX_NOTE = 2_000;

export const Sources = z.array(Source).min(1).max(MAX_SOURCES);
export const StoredSources = z.array(StoredSource).min(1).max(MAX_SOURCES);
/** The recorder's remark, e.g. "speaker not named in the source". */
export const Note = z.string().min(1).max(MAX_NOTE);

/** What an event says of where it comes from and how sure we are; on events and on corrections. */
export interface Provenance {
  readonly source?: Source;
  readonly sources?: readonly Source[];
  readonly confidence?: Confidence;
  readonly note?: string;
}

/** The zod fields of a Provenance, for the schemas that carry one. */
export const provenanceFields = {
  source: Source.optional(),
  sources: Sources.optional(),
  confidence: Confidence.optional(),
  note: Note.optional(),
};

/** A Provenance's check that `source`, when sent beside `sources`, is its first entry (it is the v1 name of that one). */
export function agreeingSources(value: Provenance, context: z.RefinementCtx, path: PropertyKey[] = []): void {
  if (value.source !== undefined && value.sources !== undefined && canonicalJson(value.source) !== canonicalJson(value.sources[0])) {
    context.addIssue({ code: 'custom', path: [...path, 'source'], message: 'source is the v1 name of sources[0]: send one of them, or the same source in both', input: value.source });
  }
}

/**
 * The stored form of a Provenance (schema v2): every source in `sources`, and `source`
 * repeating the first so that v1 readers still find it. Only the fields given are written.
 */
export function storedProvenance(value: Provenance): Provenance {
  return addStoredProvenance({}, value);
}

/**
 * Sets the stored form of `value`'s provenance on `target`, in that order after what it has,
 * and returns it: one object built member by member, which every append and import does
 * per event (spreading objects of varying shapes costs V8 many times as much).
 */
export function addStoredProvenance<T extends Record<string, unknown> | Provenance>(target: T, value: Provenance): T {
  const out = target as Record<string, unknown>;
  const sources = value.sources ?? (value.source !== undefined ? [value.source] : undefined);
  if (sources !== undefined) {
    out.source = sources[0]!;
    out.sources = sources;
  }
  if (value.confidence !== undefined) out.confidence = value.confidence;
  if (value.note !== undefined) out.note = value.note;
  return target;
}

/**
 * A target's provenance as a correction leaves it (CONTRACT §3 EventCorrected): sources given
 * (as `sources` or the v1 `source`) replace the target's; a confidence or note given replaces
 * the target's; what the correction leaves out stays. Both in stored form, so is the result.
 */
export function correctedProvenance(target: Provenance, correction: Provenance): Provenance {
  const fromCorrection = storedProvenance(correction);
  return storedProvenance({
    sources: fromCorrection.sources ?? target.sources ?? (target.source !== undefined ? [target.source] : undefined),
    confidence: fromCorrection.confidence ?? target.confidence,
    note: fromCorrection.note ?? target.note,
  });
}
