/**
 * What the Merkle log of CONTRACT §8 asks of a store. The leaves are the events in commit
 * order, leaf index = `seq`, dense from 0; the store assigns `seq` as it commits. The tree's
 * nodes are an index of the leaves that the application builds after the appends (each is
 * a hash of the ones below it, so writing one twice writes the same bytes), and signed
 * checkpoints are kept beside them.
 */
export interface LogLeaf {
  readonly seq: number;
  /** The event's chain hash (64 lowercase hex): the leaf's data. */
  readonly hash: string;
  readonly negotiationId: string;
  readonly revision: number;
}

/** The hash (lowercase hex) of the perfect subtree of 2^level leaves from leaf index·2^level on. */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
  readonly hash: string;
}

/** A signed checkpoint as kept: its fields, and the signed note exactly as signed. */
export interface StoredCheckpoint {
  readonly size: number;
  /** Lowercase hex. */
  readonly root: string;
  readonly streamsRoot: string;
  /** When it was signed: ISO instant, UTC, ms. */
  readonly time: string;
  readonly note: string;
}

/** A stream's last event among the first `size` leaves: a leaf of the streams tree. */
export interface StreamHeadAt {
  readonly negotiationId: string;
  readonly revision: number;
  readonly hash: string;
}

export interface ProofStore {
  /** How many leaves are committed (the next `seq`). */
  logSize(): Promise<number>;
  /** Leaves with seq ≥ `fromSeq`, in seq order, at most `limit`. */
  leaves(fromSeq: number, limit: number): Promise<LogLeaf[]>;
  /** How many leaves the stored nodes cover (every perfect subtree within them is stored). */
  treeSize(): Promise<number>;
  /** The stored hashes of these nodes, in the order asked; undefined where none is stored. */
  nodes(keys: readonly { readonly level: number; readonly index: number }[]): Promise<(string | undefined)[]>;
  /** Stores nodes and moves the covered size on to `treeSize` (never back): in one transaction. */
  writeNodes(nodes: readonly TreeNode[], treeSize: number): Promise<void>;
  /** Every stream's head among the first `size` leaves, in no set order (the streams tree sorts them). */
  streamHeadsAt(size: number): Promise<StreamHeadAt[]>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** Every stored checkpoint, oldest first. */
  checkpoints(): Promise<StoredCheckpoint[]>;
  /** The newest checkpoint signed at or before `at` (an ISO instant, UTC, ms; default: the newest), without reading the others. */
  newestCheckpoint(at?: string): Promise<StoredCheckpoint | undefined>;
}
