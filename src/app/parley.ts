import { randomUUID } from 'node:crypto';
import type { EventStore } from '../store/eventStore.js';
import { decisionFold } from '../domain/decisionState.js';
import { StreamCache } from './streamCache.js';
import { appendEvents } from './appendEvents.js';
import type { AppendOutcome, AppendRequest } from './appendOnce.js';
import { KeyedLock } from './keyedLock.js';
import { NegotiationQueries } from './queries.js';
import { IndexedQueries } from './indexedQueries.js';
import { RebuildJob } from './rebuildJob.js';
import { ReadProjector, type ProjectionOptions, type ProjectionProgress } from './readProjector.js';
import { ReadSide, type ReadWait } from './readSide.js';
import { MerkleLog } from './merkleLog.js';
import { Checkpoints, type CheckpointSigner } from './checkpoints.js';
import type { StoredCheckpoint } from '../store/proofStore.js';

export interface ParleyOptions {
  readonly store: EventStore;
  /** Epoch ms now; tests pass a fixed clock. */
  readonly now?: () => number;
  readonly newId?: () => string;
  /** How many events the stream cache may hold; DEFAULT_CACHE_EVENTS when absent. */
  readonly cacheEvents?: number;
  /** A hot standby of `store` that answers queries (PARLEY_READ_STORE); only read, never written to or listened on. */
  readonly readStore?: EventStore;
  /** How long a query that names a position waits for the read store to replay it (DEFAULT_READ_WAIT when absent). */
  readonly readWait?: Partial<ReadWait>;
  /** Who signs checkpoints of the Merkle log (CONTRACT §8); without one, none can be signed here. */
  readonly signer?: CheckpointSigner;
  /** Told of each checkpoint signed here, once stored. */
  readonly onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
}

/** The Merkle log and its checkpoints (CONTRACT §8), on a store that keeps them. */
export interface Proofs {
  readonly log: MerkleLog;
  readonly checkpoints: Checkpoints;
}

/** The application: the write side (append) and the read side (queries) over one store, reads optionally from a standby of it. */
export interface Parley {
  readonly store: EventStore;
  /** The queries over `store`, the primary. */
  readonly queries: NegotiationQueries;
  readonly now: () => number;
  append(request: AppendRequest): Promise<AppendOutcome>;
  /** Projects the streams the store's read model is behind on (after an import); returns how many. */
  catchUp(progress?: ProjectionProgress, options?: ProjectionOptions): Promise<number>;
  /** Recreates the store's read model from the log (CONTRACT §4.1 rebuild); returns how many streams. */
  rebuild(progress?: ProjectionProgress, options?: ProjectionOptions): Promise<number>;
  /** The server's background rebuild (POST /admin/rebuild). */
  readonly rebuildJob: RebuildJob;
  /**
   * The queries a read is answered with: the read store's when there is one, and, given the
   * position of an append the read must see, the primary's when the read store has not
   * replayed that far within the wait.
   */
  readQueries(minPosition?: number): Promise<NegotiationQueries>;
  /** Undefined on a store that keeps no Merkle log (EventStoreDB). */
  readonly proofs?: Proofs;
}

export function createParley(options: ParleyOptions): Parley {
  const { store } = options;
  const now = options.now ?? Date.now;
  const cache = new StreamCache(store, decisionFold, { maxEvents: options.cacheEvents });
  const projector = new ReadProjector(store, cache);
  const deps = { store, cache, lock: new KeyedLock(), now, newId: options.newId ?? randomUUID, projector };
  const queries = store.readModel ? new IndexedQueries(store, cache, store.readModel, projector) : new NegotiationQueries(store, cache);
  const readSide = options.readStore && new ReadSide({ store: options.readStore, primary: queries, wait: options.readWait, cacheEvents: options.cacheEvents });
  const log = store.proofs && new MerkleLog(store.proofs);
  const proofs = store.proofs && log && { log, checkpoints: new Checkpoints(store.proofs, log, options.signer, now, options.onCheckpoint) };
  return {
    proofs,
    store,
    now,
    queries,
    append: (request) => appendEvents(deps, request),
    readQueries: async (minPosition) => (readSide ? readSide.queries(minPosition) : queries),
    catchUp: (progress, options) => projector.catchUp(progress, options),
    rebuild: (progress, options) => projector.rebuild(progress, options),
    rebuildJob: new RebuildJob((progress) => projector.rebuild(progress), now),
  };
}
