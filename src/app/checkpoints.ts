import { signCheckpoint } from '../audit/signedCheckpoint.js';
import type { NoteSigningKey } from '../audit/noteKey.js';
import { verifierKeyOf } from '../audit/noteKey.js';
import { StreamsTree } from '../audit/streamsTree.js';
import { DamagedLogError, NotFoundError, SigningUnavailableError } from '../errors.js';
import type { ProofStore, StoredCheckpoint, StreamHeadAt } from '../store/proofStore.js';
import type { MerkleLog } from './merkleLog.js';

/** Who signs checkpoints, and the log's name in them (CONTRACT §8). */
export interface CheckpointSigner {
  readonly key: NoteSigningKey;
  /** The origin line: PARLEY_LOG_ORIGIN, or `parley/<host>`. */
  readonly origin: string;
}

/**
 * Signed checkpoints of the store's Merkle log: each the log's size, root and streams
 * root at the time it was signed, as a C2SP signed note. Signing is one at a time, so each
 * checkpoint is at least as large and as late as the one before.
 */
/** Leaves read at a time when the streams tree is brought up to a newer size. */
const LEAVES_PER_READ = 10_000;

export class Checkpoints {
  private signing: Promise<StoredCheckpoint> = Promise.resolve(undefined as unknown as StoredCheckpoint);
  /** The streams tree of the last checkpoint signed here: the next one hashes again only the streams that moved since. */
  private streams: { readonly size: number; readonly tree: StreamsTree } | undefined;

  constructor(
    private readonly proofs: ProofStore,
    private readonly log: MerkleLog,
    private readonly signer: CheckpointSigner | undefined,
    private readonly now: () => number,
    /** Told of each checkpoint once it is stored (serve keeps the newest beside the key). */
    private readonly onSigned: (checkpoint: StoredCheckpoint) => void = () => undefined,
  ) {}

  /** `{ keyName, vkey }`: what a verifier needs. */
  key(): { keyName: string; vkey: string } {
    const { key } = this.requireSigner();
    return { keyName: key.keyName, vkey: verifierKeyOf(key) };
  }

  /** Signs a checkpoint of the log as it is now, and keeps it. */
  sign(): Promise<StoredCheckpoint> {
    const signed = this.signing.catch(() => undefined).then(() => this.signNow());
    this.signing = signed;
    return signed;
  }

  /** Signs one when the log has grown past the newest checkpoint (or none is yet); undefined otherwise. */
  async signIfGrown(): Promise<StoredCheckpoint | undefined> {
    const [size, newest] = await Promise.all([this.proofs.logSize(), this.newest()]);
    if (newest && newest.size >= size) return undefined;
    return this.sign();
  }

  /** The newest checkpoint signed at or before `at` (an ISO instant; default: the newest). */
  async newest(at?: number): Promise<StoredCheckpoint | undefined> {
    return this.proofs.newestCheckpoint(at === undefined ? undefined : new Date(at).toISOString());
  }

  /** As `newest`, or a 404 that says why. */
  async newestOr404(at?: number): Promise<StoredCheckpoint> {
    const found = await this.newest(at);
    if (!found) throw new NotFoundError(at === undefined ? 'no checkpoint has been signed yet' : `no checkpoint was signed at or before ${new Date(at).toISOString()}`);
    return found;
  }

  private async signNow(): Promise<StoredCheckpoint> {
    const { key, origin } = this.requireSigner();
    const size = await this.log.grow();
    const [root, streams] = await Promise.all([this.log.root(size), this.streamsAt(size)]);
    const streamsRoot = streams.root().toString('hex');
    // Read after the size: every event in the tree was recorded at or before it.
    const time = new Date(this.now()).toISOString();
    const note = signCheckpoint({ origin, size, root, time, streamsRoot }, key);
    const checkpoint: StoredCheckpoint = { size, root, streamsRoot, time, note };
    await this.proofs.saveCheckpoint(checkpoint);
    this.onSigned(checkpoint);
    return checkpoint;
  }

  /** The streams tree at `size`: the last one with the heads of the leaves added since, or built whole. */
  private async streamsAt(size: number): Promise<StreamsTree> {
    const last = this.streams;
    let tree: StreamsTree | undefined;
    if (last && last.size <= size) {
      const moved = await this.headsBetween(last.size, size);
      tree = moved.size === 0 ? last.tree : last.tree.withHeads(moved.values());
    }
    tree ??= StreamsTree.of(await this.proofs.streamHeadsAt(size));
    this.streams = { size, tree };
    return tree;
  }

  /** Each stream's last event among the leaves [from, to), by stream. */
  private async headsBetween(from: number, to: number): Promise<Map<string, StreamHeadAt>> {
    const heads = new Map<string, StreamHeadAt>();
    for (let seq = from; seq < to; ) {
      const leaves = await this.proofs.leaves(seq, Math.min(LEAVES_PER_READ, to - seq));
      if (leaves.length === 0) throw new DamagedLogError(`leaf ${seq} of the Merkle log is missing (the log says it holds ${to})`);
      for (const leaf of leaves) heads.set(leaf.negotiationId, { negotiationId: leaf.negotiationId, revision: leaf.revision, hash: leaf.hash });
      seq = leaves[leaves.length - 1]!.seq + 1;
    }
    return heads;
  }

  private requireSigner(): CheckpointSigner {
    if (!this.signer) throw new SigningUnavailableError('this server has no signing key: checkpoints cannot be signed');
    return this.signer;
  }
}
