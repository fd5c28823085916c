import { setTimeout as sleepFor } from 'node:timers/promises';
import { decisionFold } from '../domain/decisionState.js';
import type { EventStore } from '../store/eventStore.js';
import { NegotiationQueries } from './queries.js';
import { IndexedQueries } from './indexedQueries.js';
import { StreamCache } from './streamCache.js';

/** How long a read that must see a position waits for the standby to replay it, and how often it looks. */
export interface ReadWait {
  readonly pollMs: number;
  readonly timeoutMs: number;
}

export const DEFAULT_READ_WAIT: ReadWait = { pollMs: 25, timeoutMs: 2_000 };

export interface ReadSideOptions {
  /** The standby's store: only read, never written to or listened on. */
  readonly store: EventStore;
  /** The primary's queries: they answer what the standby has not replayed in time. */
  readonly primary: NegotiationQueries;
  readonly wait?: Partial<ReadWait>;
  readonly cacheEvents?: number;
  /** Resolves after `ms`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A monotonic clock in ms, for the deadline of a wait. */
  readonly elapsed?: () => number;
}

/**
 * Queries answered from a hot standby (CONTRACT §7 PARLEY_READ_STORE), with
 * read-your-writes: a read that names the position of an append it must see waits until
 * the standby has replayed that far, and is answered by the primary when it does not in time.
 */
export class ReadSide {
  private readonly standby: NegotiationQueries;
  private readonly wait: ReadWait;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly elapsed: () => number;

  constructor(private readonly options: ReadSideOptions) {
    const cache = new StreamCache(options.store, decisionFold, { maxEvents: options.cacheEvents });
    // The standby's read model is the primary's, replayed: read, never caught up here (a standby takes no writes).
    const readModel = options.store.readModel;
    this.standby = readModel ? new IndexedQueries(options.store, cache, readModel, undefined) : new NegotiationQueries(options.store, cache);
    this.wait = {
      pollMs: options.wait?.pollMs ?? DEFAULT_READ_WAIT.pollMs,
      timeoutMs: options.wait?.timeoutMs ?? DEFAULT_READ_WAIT.timeoutMs,
    };
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
    this.elapsed = options.elapsed ?? (() => performance.now());
  }

  /** The standby's queries, or the primary's when the standby has not replayed `minPosition` within the wait. */
  async queries(minPosition?: number): Promise<NegotiationQueries> {
    if (minPosition === undefined) return this.standby;
    return (await this.replayed(minPosition)) ? this.standby : this.options.primary;
  }

  private async replayed(position: number): Promise<boolean> {
    const deadline = this.elapsed() + this.wait.timeoutMs;
    for (;;) {
      // A standby that cannot answer has not replayed anything as far as this read knows: the primary answers.
      const replayed = await this.options.store.lastPosition().catch(() => -1);
      if (replayed < 0) return false;
      if (replayed >= position) return true;
      const left = deadline - this.elapsed();
      if (left <= 0) return false;
      await this.sleep(Math.min(this.wait.pollMs, left));
    }
  }
}
