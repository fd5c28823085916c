import { z } from 'zod';
import { MalformedNoteError } from '../errors.js';
import { parseCheckpointNote } from '../audit/signedCheckpoint.js';
import { MAX_NOTE_BYTES } from '../audit/signedNote.js';
import type { StoredCheckpoint } from '../store/proofStore.js';

/**
 * A signed checkpoint as a line of an export (CONTRACT §8): `{"checkpoint": {size, root,
 * streamsRoot, time, note}}`, written right after the event that brought the log to its
 * size, so an import meets it where the log it rebuilds has that size.
 */
const Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

export const CheckpointLine = z.strictObject({
  checkpoint: z.strictObject({
    size: z.int().min(0),
    root: Hex,
    streamsRoot: Hex,
    time: z.iso.datetime({ precision: 3 }),
    note: z.string().min(1).max(MAX_NOTE_BYTES),
  }),
});

/** The key that marks a line as a checkpoint: no event has it. */
export const CHECKPOINT_KEY = 'checkpoint';

export function checkpointLine(checkpoint: StoredCheckpoint): string {
  const { size, root, streamsRoot, time, note } = checkpoint;
  return `${JSON.stringify({ [CHECKPOINT_KEY]: { size, root, streamsRoot, time, note } })}\n`;
}

/** Whether an exported line is a checkpoint rather than an event. */
export function isCheckpointLine(line: string): boolean {
  return line.startsWith(`{"${CHECKPOINT_KEY}":`);
}

/**
 * What is wrong with a checkpoint whose fields are well formed: its note must be a signed
 * checkpoint saying exactly those fields, or the fields would vouch for a note that does not.
 * The signature is not verified: the importing store may not know the exporting one's key.
 */
export function checkpointNoteProblem(checkpoint: StoredCheckpoint): string | undefined {
  let said;
  try {
    said = parseCheckpointNote(checkpoint.note).checkpoint;
  } catch (error) {
    if (error instanceof MalformedNoteError) return `checkpoint.note is not a signed checkpoint: ${error.message}`;
    throw error;
  }
  for (const field of ['size', 'root', 'streamsRoot', 'time'] as const) {
    if (said[field] !== checkpoint[field]) return `checkpoint.${field} is ${JSON.stringify(checkpoint[field])}, but its note says ${JSON.stringify(said[field])}`;
  }
  return undefined;
}
