import type { z } from 'zod';
import { EVIDENCE_FORMAT, EvidencePack } from '../answers/evidencePack.js';
import { fieldErrorsOf, MalformedEvidenceError, ValidationError } from '../errors.js';
import { cutPoint } from './cut.js';

/** Far more than a pack of a long negotiation needs; a larger file is refused before it is parsed. */
export const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/** A pack as parsed, its events as the hash chain and the replay take them. */
export type ParsedEvidencePack = z.output<typeof EvidencePack>;

/** A pack as read from a file: checked for shape, not yet verified. */
export interface ReadEvidence {
  readonly pack: ParsedEvidencePack;
  /** The state exactly as written, keys the schema does not know included: what the replay is compared with. */
  readonly writtenState: unknown;
}

/** The bytes of a file as an evidence pack of CONTRACT §8; anything else is a MalformedEvidenceError saying what, in one line. */
export function readEvidencePack(bytes: Uint8Array): ReadEvidence {
  requireEvidenceSize(bytes.length);
  const json = parseJson(bytes);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MalformedEvidenceError('not an evidence pack: a JSON object is expected');
  const { format } = json as { format?: unknown };
  if (format === undefined) throw new MalformedEvidenceError(`not an evidence pack: it has no "format" (expected "${EVIDENCE_FORMAT}")`);
  if (format !== EVIDENCE_FORMAT) throw new MalformedEvidenceError(`unknown format ${JSON.stringify(format)?.slice(0, 80)}: this Parley reads "${EVIDENCE_FORMAT}"`);
  const parsed = EvidencePack.safeParse(json);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error, { paths: 'dotted' });
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new MalformedEvidenceError(`not a whole ${EVIDENCE_FORMAT} pack: ${errors[0]!.path || 'the pack'}: ${errors[0]!.message}${more}`);
  }
  for (const name of ['asOf', 'knownAt'] as const) {
    try {
      cutPoint(name, parsed.data[name]);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new MalformedEvidenceError(`the pack's ${name} ${JSON.stringify(parsed.data[name]).slice(0, 80)} is not a cut: ${error.errors[0]?.message ?? error.message}`);
    }
  }
  return { pack: parsed.data, writtenState: (json as { state: unknown }).state };
}

/** Refuses a file over MAX_EVIDENCE_BYTES: a reader checks its size before reading it. */
export function requireEvidenceSize(bytes: number): void {
  if (bytes > MAX_EVIDENCE_BYTES) throw new MalformedEvidenceError(`over ${MAX_EVIDENCE_BYTES / (1024 * 1024)} MiB: not an evidence pack this Parley reads`);
}

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedEvidenceError('not UTF-8 text: not an evidence pack');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // A pack cut short ends in "Unexpected end of JSON input".
    throw new MalformedEvidenceError(`not JSON (${(error as Error).message.slice(0, 120)}): a pack cut short, or no pack at all`);
  }
}
