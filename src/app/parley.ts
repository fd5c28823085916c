import { randomUUID } from 'node:crypto';
import type { EventStore } from '../store/eventStore.js';
import { decisionFold } from '../domain/decisionState.js';
import { StreamCache } from './streamCache.js';
import { appendEvents } from './appendEvents.js';
import type { AppendOutcome, AppendRequest } from './appendOnce.js';
import { KeyedLock } from './keyedLock.js';
import { NegotiationQueries } from './queries.js';

export interface ParleyOptions {
  readonly store: EventStore;
  /** Epoch ms now; tests pass a fixed clock. */
  readonly now?: () => number;
  readonly newId?: () => string;
  /** How many events the stream cache may hold; DEFAULT_CACHE_EVENTS when absent. */
  readonly cacheEvents?: number;
}

/** The application: the write side (append) and the read side (queries) over one store. */
export interface Parley {
  readonly store: EventStore;
  readonly queries: NegotiationQueries;
  readonly now: () => number;
  append(request: AppendRequest): Promise<AppendOutcome>;
}

export function createParley(options: ParleyOptions): Parley {
  const { store } = options;
  const now = options.now ?? Date.now;
  const cache = new StreamCache(store, decisionFold, { maxEvents: options.cacheEvents });
  const deps = { store, cache, lock: new KeyedLock(), now, newId: options.newId ?? randomUUID };
  return {
    store,
    now,
    queries: new NegotiationQueries(store, cache),
    append: (request) => appendEvents(deps, request),
  };
}
