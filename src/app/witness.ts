import type { Checkpoint } from '../audit/checkpoint.js';
import { parseVerifierKey, type NotePublicKey, type NoteSigningKey } from '../audit/noteKey.js';
import { verifyConsistency } from '../audit/proofVerification.js';
import { verifyCheckpoint } from '../audit/signedCheckpoint.js';
import { cosignNote } from '../audit/signedNote.js';
import { InvalidNoteKeyError, LogNotExtendedError, LogUnreachableError, MalformedWitnessStateError } from '../errors.js';
import { LogClient, type FetchLike } from './logClient.js';
import { WITNESS_STATE_FORMAT, type WitnessState } from './witnessState.js';

export interface WitnessRequest {
  /** The Parley server whose log is witnessed. */
  readonly url: string;
  /** What this witness saw before; undefined on its first run. */
  readonly previous: WitnessState | undefined;
  /** The witness's own key, that cosigns what it checked. */
  readonly key: NoteSigningKey;
  readonly fetch: FetchLike;
  /** A reader token for the consistency proof. */
  readonly token?: string;
  readonly now: () => number;
}

export interface Witnessed {
  /** What to keep for the next run. */
  readonly state: WitnessState;
  readonly checkpoint: Checkpoint;
  /** The checkpoint seen before, when there was one. */
  readonly previous?: Checkpoint;
}

/**
 * One run of a witness (CONTRACT §8): the log's newest checkpoint must be signed by the key
 * trusted on the first run and be an extension of the checkpoint seen before: larger with a
 * consistency proof that verifies, or the same size and root. Only then is it cosigned. A
 * log that is not (rolled back, forked, re-keyed) is a LogNotExtendedError naming both sizes,
 * and the state is left as it was, so every later run says so again.
 */
export async function witness(request: WitnessRequest): Promise<Witnessed> {
  const client = new LogClient(request.url, request.fetch, request.token);
  const seen = request.previous && seenCheckpoint(request.previous);
  const { vkey } = await client.key();
  if (request.previous && vkey !== request.previous.vkey) {
    const now = await client.checkpoint().then((c) => `; it serves a checkpoint of ${c.size} events`, () => '');
    throw new LogNotExtendedError(`the log at ${request.url} is now signed by key ${vkey}, not ${request.previous.vkey}, which signed the checkpoint of ${seen!.size} events seen before${now}`);
  }
  const key = logKey(vkey, request.url);
  const answer = await client.checkpoint();
  const verdict = verifyCheckpoint(answer.note, key);
  if (!verdict.ok) throw new LogNotExtendedError(`the checkpoint of ${answer.size} events served by ${request.url} does not verify with its key ${vkey}: ${verdict.message}${seen ? ` (the one seen before had ${seen.size} events)` : ''}`);
  const { checkpoint } = verdict;
  // The signed note is the checkpoint; the fields beside it are a convenience a server could get wrong.
  if (answer.size !== checkpoint.size || answer.root !== checkpoint.root) {
    throw new LogUnreachableError(`${request.url} answered a checkpoint whose fields (${answer.size} events, root ${answer.root}) are not those its note signs (${checkpoint.size}, ${checkpoint.root})`);
  }
  if (seen) await requireExtension(client, request.url, seen, checkpoint);
  const state: WitnessState = {
    format: WITNESS_STATE_FORMAT,
    url: request.url,
    vkey,
    note: cosignNote(answer.note, request.key),
    witnessedAt: new Date(request.now()).toISOString(),
  };
  return { state, checkpoint, ...(seen && { previous: seen }) };
}

/** The checkpoint a state file holds, checked with the key the state trusts. */
function seenCheckpoint(state: WitnessState): Checkpoint {
  let key: NotePublicKey;
  try {
    key = parseVerifierKey(state.vkey);
  } catch (error) {
    if (error instanceof InvalidNoteKeyError) throw new MalformedWitnessStateError(`the state's vkey is not a verifier key: ${error.message}`);
    throw error;
  }
  const verdict = verifyCheckpoint(state.note, key);
  if (!verdict.ok) throw new MalformedWitnessStateError(`the state's checkpoint does not verify with the state's vkey: ${verdict.message}`);
  return verdict.checkpoint;
}

function logKey(vkey: string, url: string): NotePublicKey {
  try {
    return parseVerifierKey(vkey);
  } catch (error) {
    if (error instanceof InvalidNoteKeyError) throw new LogUnreachableError(`${url} serves a verifier key that is not one: ${error.message}`);
    throw error;
  }
}

async function requireExtension(client: LogClient, url: string, seen: Checkpoint, now: Checkpoint): Promise<void> {
  const sizes = `${now.size} events now, ${seen.size} seen before (signed ${seen.time})`;
  if (now.origin !== seen.origin) throw new LogNotExtendedError(`the log at ${url} now calls itself ${now.origin}, not ${seen.origin}: ${sizes}`);
  if (now.size < seen.size) throw new LogNotExtendedError(`the log at ${url} was rolled back: ${sizes}`);
  if (now.size === seen.size) {
    if (now.root !== seen.root) throw new LogNotExtendedError(`the log at ${url} forked: two checkpoints of ${now.size} events with different roots (${seen.root} seen before, ${now.root} now)`);
    return;
  }
  // Every log extends the empty one.
  if (seen.size === 0) return;
  const proof = await client.consistency(seen.size, now.size);
  if (proof.from !== seen.size || proof.to !== now.size) throw new LogUnreachableError(`${url} answered a consistency proof from ${proof.from} to ${proof.to}, not from ${seen.size} to ${now.size}`);
  const verdict = verifyConsistency({ from: seen.size, to: now.size, fromRoot: seen.root, toRoot: now.root, path: proof.path });
  if (!verdict.ok) throw new LogNotExtendedError(`the log at ${url} is not an extension of what this witness saw: ${sizes}; ${verdict.message}`);
}
