import { EMPTY_ROOT, leafHash } from '../audit/merkleHash.js';
import { noteKeyId } from '../audit/noteKey.js';
import { parseCheckpointNote, verifyCheckpoint } from '../audit/signedCheckpoint.js';
import { TreeAppender } from '../audit/treeAppender.js';
import { MalformedNoteError } from '../errors.js';
import type { ProofStore, StoredCheckpoint } from '../store/proofStore.js';
import type { Checkpoint } from '../audit/checkpoint.js';
import { Yielder } from './yieldToEventLoop.js';

/**
 * `seq-gap`: leaves are missing inside the log (events deleted); `log-short`: the log says it
 * holds more leaves than are stored; `checkpoint-malformed`: a stored checkpoint's note cannot
 * be read, or its columns are not what its note says; `checkpoint-bad-signature`: the note is
 * not signed by the server's key; `checkpoint-beyond-log`: a checkpoint signed more events
 * than the log now holds (its newest events were deleted); `checkpoint-root-mismatch`: the
 * log's first events are not the ones a checkpoint signed (edited, deleted or reordered).
 */
export type LogProblemKind = 'seq-gap' | 'log-short' | 'checkpoint-malformed' | 'checkpoint-bad-signature' | 'checkpoint-beyond-log' | 'checkpoint-root-mismatch';

export interface LogProblem {
  readonly problem: LogProblemKind;
  readonly message: string;
  /** For a gap: the first missing seq. */
  readonly seq?: number;
  /** For a checkpoint: its size and when it was signed. */
  readonly size?: number;
  readonly time?: string;
}

export interface LogReport {
  /** The leaves found, in seq order. */
  readonly size: number;
  /** The root recomputed from them, hex. */
  readonly root: string;
  readonly checkpoints: number;
  /** Whether the checkpoints' signatures were checked (only with the server's key). */
  readonly signatures: 'checked' | 'unchecked';
  readonly problems: LogProblem[];
}

export interface LogCheckOptions {
  /** The 32-byte Ed25519 public key that signs the checkpoints; without it their signatures go unchecked. */
  readonly publicKey?: Uint8Array;
  readonly pageSize?: number;
}

/**
 * Recomputes the Merkle log of CONTRACT §8 from the stored events (not from the stored nodes,
 * which tampering could leave as they were), keeping only the tree's frontier, and checks
 * every stored checkpoint against it: the root at each checkpoint's size is recorded as the
 * tree passes it.
 */
export async function checkLog(proofs: ProofStore, options: LogCheckOptions = {}): Promise<LogReport> {
  const pageSize = options.pageSize ?? 2_000;
  const problems: LogProblem[] = [];
  const [claimedSize, stored] = await Promise.all([proofs.logSize(), proofs.checkpoints()]);
  const checkpoints = stored.map((row) => readCheckpoint(row, options.publicKey, problems)).filter((c) => c !== undefined);
  const wanted = new Set(checkpoints.map((c) => c.size));
  const rootsAt = new Map<number, string>();
  if (wanted.has(0)) rootsAt.set(0, EMPTY_ROOT.toString('hex'));

  const appender = new TreeAppender();
  const yielder = new Yielder();
  let expected = 0;
  for (;;) {
    const page = await proofs.leaves(expected, pageSize);
    for (const leaf of page) {
      if (leaf.seq !== expected) {
        const missing = leaf.seq - expected;
        problems.push({ problem: 'seq-gap', seq: expected, message: `${missing === 1 ? `leaf ${expected} is` : `leaves ${expected}–${leaf.seq - 1} are`} missing from the log: ${missing === 1 ? 'an event was' : `${missing} events were`} deleted` });
      }
      // After a gap the tree goes on with the leaves that are there: every checkpoint past it then fails, as it should.
      appender.append(leafHash(Buffer.from(leaf.hash, 'utf8')));
      expected = leaf.seq + 1;
      // Sizes are counted in seqs: a checkpoint past a gap is compared with the leaves there are, and fails.
      if (wanted.has(expected)) rootsAt.set(expected, appender.root().toString('hex'));
      await yielder.step();
    }
    if (page.length < pageSize) break;
  }
  if (expected < claimedSize) {
    problems.push({ problem: 'log-short', seq: expected, message: `the log says it holds ${claimedSize} events, but its leaves stop at ${expected}: its newest events were deleted` });
  }

  for (const checkpoint of checkpoints) {
    const { size, time, root } = checkpoint;
    const at = rootsAt.get(size);
    if (size > expected) {
      problems.push({ problem: 'checkpoint-beyond-log', size, time, message: `the checkpoint signed ${time} covers ${size} events, but the log holds ${expected}: its newest events were deleted` });
    } else if (at !== root) {
      problems.push({ problem: 'checkpoint-root-mismatch', size, time, message: `the log's first ${size} events are not the ones the checkpoint signed ${time} covers: events were edited, deleted or reordered` });
    }
  }
  return {
    size: appender.size,
    root: appender.root().toString('hex'),
    checkpoints: stored.length,
    signatures: options.publicKey ? 'checked' : 'unchecked',
    problems,
  };
}

/** The checkpoint its note signs, or undefined (with the problem noted) when the note is malformed, unsigned, or not what the row says. */
function readCheckpoint(row: StoredCheckpoint, publicKey: Uint8Array | undefined, problems: LogProblem[]): Checkpoint | undefined {
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointNote(row.note).checkpoint;
  } catch (error) {
    if (!(error instanceof MalformedNoteError)) throw error;
    problems.push({ problem: 'checkpoint-malformed', size: row.size, time: row.time, message: `the checkpoint stored for ${row.size} events (${row.time}) cannot be read: ${error.message}` });
    return undefined;
  }
  const { size, time } = checkpoint;
  if (publicKey) {
    // serve names its key after the log's origin: the key is the one given, its name the note's own.
    const keyName = checkpoint.origin;
    const verdict = verifyCheckpoint(row.note, { keyName, keyId: noteKeyId(keyName, publicKey), publicKey: Buffer.from(publicKey) });
    if (!verdict.ok) {
      problems.push({ problem: 'checkpoint-bad-signature', size, time, message: `the checkpoint of ${size} events signed ${time} does not verify with the server's key: ${verdict.message}` });
      return undefined;
    }
  }
  if (row.size !== size || row.root !== checkpoint.root || row.streamsRoot !== checkpoint.streamsRoot || row.time !== time) {
    problems.push({ problem: 'checkpoint-malformed', size, time, message: `the checkpoint of ${size} events signed ${time} is stored with fields its note does not say (size ${row.size}, time ${row.time})` });
  }
  return checkpoint;
}
