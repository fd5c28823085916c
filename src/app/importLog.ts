import { leafHash } from '../audit/merkleHash.js';
import type { StreamHead } from '../audit/seal.js';
import { StreamsTree } from '../audit/streamsTree.js';
import { TreeAppender, frontierOf } from '../audit/treeAppender.js';
import { DamagedLogError } from '../errors.js';
import type { ProofStore, StoredCheckpoint } from '../store/proofStore.js';
import type { MerkleLog } from './merkleLog.js';

/**
 * The Merkle log (CONTRACT §8) as an import will leave it, line by line, computed while the
 * checking pass writes nothing: the store's log as it stood, then the file's events in file
 * order. It decides what becomes of the file's checkpoint lines: one the store keeps already
 * is skipped; one where the log reaches its size must have its root and streams root, and
 * be no earlier than the checkpoints before it, to be restored. Any other one is refused in
 * a restore (a store empty before the import), and passed over in a merge into a store
 * holding other events, whose log it cannot describe.
 */
export class ImportLog {
  /** The file's streams' heads, over the store's (read when a checkpoint first needs them). */
  private readonly heads = new Map<string, StreamHead>();
  private storeHeads: StreamHead[] | undefined;
  /** False once an input line is imported: it is sealed when written, so no root can be foretold. */
  private exact = true;
  /** The latest recordedAt of an event the file adds; a checkpoint is signed after its events were recorded. */
  private lastRecordedAt = '';
  private newestTime: string;
  /** When the store's newest checkpoint was signed, before the import: what the store knew by then is fixed. */
  readonly knownUntil: string | undefined;

  private constructor(
    private readonly proofs: ProofStore,
    private readonly tree: TreeAppender,
    private readonly storeSize: number,
    private readonly known: Set<string>,
    newest: StoredCheckpoint | undefined,
  ) {
    this.newestTime = newest?.time ?? '';
    this.knownUntil = newest?.time;
  }

  /** The log of a store that keeps one, as it stands; undefined for a store that keeps none. */
  static async of(proofs: ProofStore | undefined, log: MerkleLog | undefined): Promise<ImportLog | undefined> {
    if (!proofs || !log) return undefined;
    const size = await log.grow();
    const frontier = size === 0 ? [] : await proofs.nodes(frontierOf(size));
    if (frontier.some((hash) => hash === undefined)) throw new DamagedLogError(`the Merkle log's nodes for its first ${size} leaves are not all stored`);
    const checkpoints = await proofs.checkpoints();
    const tree = new TreeAppender(size, frontier.map((hash) => Buffer.from(hash!, 'hex')));
    return new ImportLog(proofs, tree, size, new Set(checkpoints.map((c) => c.note)), checkpoints.at(-1));
  }

  get size(): number {
    return this.tree.size;
  }

  /** A recorded event the import adds, as the next leaf. */
  recorded(event: { readonly negotiationId: string; readonly revision: number; readonly hash: string; readonly recordedAt: string }): void {
    this.tree.append(leafHash(Buffer.from(event.hash, 'utf8')));
    this.heads.set(event.negotiationId, { negotiationId: event.negotiationId, revision: event.revision, hash: event.hash });
    if (event.recordedAt > this.lastRecordedAt) this.lastRecordedAt = event.recordedAt;
  }

  /** An input line the import records now: a leaf whose hash is not known before it is written. */
  input(): void {
    this.exact = false;
  }

  /** `skip`, `restore` (once the events before it are written), `pass` (it describes another log), or what is wrong with it. */
  async checkpoint(checkpoint: StoredCheckpoint): Promise<'skip' | 'restore' | 'pass' | string> {
    if (this.known.has(checkpoint.note)) return 'skip';
    if (checkpoint.size !== this.size) {
      if (this.storeSize > 0) return 'pass';
      return `checkpoint of size ${checkpoint.size}, but the log holds ${this.size} event${this.size === 1 ? '' : 's'} at this line: a checkpoint is restored only where the events before it bring the log to its size`;
    }
    if (!this.exact) return 'checkpoint after event inputs: they are recorded now, so the log cannot be the one it was signed over';
    const root = this.tree.root().toString('hex');
    if (root !== checkpoint.root) return `checkpoint root ${checkpoint.root} is not the root of the ${this.size} events before it (${root})`;
    const streamsRoot = StreamsTree.of(await this.headsNow()).root().toString('hex');
    if (streamsRoot !== checkpoint.streamsRoot) return `checkpoint streamsRoot ${checkpoint.streamsRoot} is not the streams root of the events before it (${streamsRoot})`;
    if (checkpoint.time < this.newestTime) return `checkpoint time ${checkpoint.time} is before the checkpoint before it (${this.newestTime})`;
    if (checkpoint.time < this.lastRecordedAt) return `checkpoint time ${checkpoint.time} is before an event it covers was recorded (${this.lastRecordedAt})`;
    this.known.add(checkpoint.note);
    this.newestTime = checkpoint.time;
    return 'restore';
  }

  private async headsNow(): Promise<StreamHead[]> {
    this.storeHeads ??= this.storeSize === 0 ? [] : await this.proofs.streamHeadsAt(this.storeSize);
    const merged = new Map(this.storeHeads.map((head) => [head.negotiationId, head]));
    for (const [negotiationId, head] of this.heads) merged.set(negotiationId, head);
    return [...merged.values()];
  }
}
