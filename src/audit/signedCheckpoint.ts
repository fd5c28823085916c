import { MalformedNoteError } from '../errors.js';
import { checkpointText, parseCheckpointText, type Checkpoint } from './checkpoint.js';
import type { NotePublicKey, NoteSigningKey } from './noteKey.js';
import { parseSignedNote, signNote, verifyNote, type NoteProblem, type SignedNote } from './signedNote.js';
import { failure, type Verdict } from './verdict.js';

/** A checkpoint as its signed note (CONTRACT §8). */

export function signCheckpoint(checkpoint: Checkpoint, key: NoteSigningKey): string {
  return signNote(checkpointText(checkpoint), key);
}

/** The checkpoint a note carries, read strictly but not verified: to see which checkpoint a note claims to be. */
export function parseCheckpointNote(note: string | Uint8Array): { readonly checkpoint: Checkpoint; readonly note: SignedNote } {
  const parsed = parseSignedNote(note);
  return { checkpoint: parseCheckpointText(parsed.text), note: parsed };
}

/** Whether `key` signed a well-formed checkpoint; it is returned only then. */
export function verifyCheckpoint(note: string | Uint8Array, key: NotePublicKey | string): Verdict<NoteProblem, { readonly checkpoint: Checkpoint; readonly note: SignedNote }> {
  const verdict = verifyNote(note, key);
  if (!verdict.ok) return verdict;
  try {
    return { ok: true, checkpoint: parseCheckpointText(verdict.note.text), note: verdict.note };
  } catch (error) {
    if (error instanceof MalformedNoteError) return failure('malformed', error.message);
    throw error;
  }
}
