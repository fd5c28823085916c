import { sealEvents } from '../audit/seal.js';
import { decide } from '../domain/decide.js';
import { initialDecisionState, type DecisionState } from '../domain/decisionState.js';
import { WrongExpectedRevisionError } from '../errors.js';
import type { EventInput } from '../events/eventInput.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';
import { earlierAppend } from './earlierAppend.js';
import type { KeyedLock } from './keyedLock.js';
import type { ReadFrom } from './retryWhenRaced.js';
import type { StreamCache } from './streamCache.js';
import type { AppendResult } from '../answers/appendResult.js';
import type { ReadProjector } from './readProjector.js';

export interface AppendDependencies {
  readonly store: EventStore;
  readonly cache: StreamCache<DecisionState>;
  readonly lock: KeyedLock;
  /** Epoch ms now: the transaction time of the append. */
  readonly now: () => number;
  readonly newId: () => string;
  /** Works out the read model's rows inside the append's transaction (CONTRACT §4.1); absent on a store without one. */
  readonly projector?: ReadProjector;
}

export interface AppendRequest {
  readonly negotiationId: string;
  readonly inputs: readonly EventInput[];
  /** The caller's If-Match: the stream's last revision it has seen. */
  readonly expectedRevision?: number;
  readonly recordedBy: string;
}

/** What an append answers, and whether it recorded the events (false for an idempotent retry: they were already recorded). */
export type AppendOutcome = AppendResult & { readonly created: boolean };

/**
 * One attempt at an append: read the stream, decide on it, seal the decided events onto
 * its hash chain, append them at the revision read, which the store refuses if the stream
 * has moved since. Read from the cache, the stream is taken as cached (see retryWhenRaced).
 * Read from the store, it may already hold this very batch, sent again by a client that
 * missed the answer: the answer is then that earlier append's.
 */
export async function appendOnce(deps: AppendDependencies, request: AppendRequest, from: ReadFrom): Promise<AppendOutcome> {
  const { negotiationId } = request;
  const stream = from === 'cache' ? deps.cache.cached(negotiationId) : await deps.cache.get(negotiationId);
  const earlier = from === 'store' ? await earlierAppend(deps.store, request) : undefined;
  if (earlier) return outcome(earlier, false);
  const state = stream?.decision ?? initialDecisionState(negotiationId);
  if (request.expectedRevision !== undefined && request.expectedRevision !== state.revision) {
    throw new WrongExpectedRevisionError(negotiationId, request.expectedRevision, state.revision);
  }
  const events = decide(request, state);
  const sealed = sealEvents(state, events, { recordedAt: new Date(deps.now()).toISOString(), recordedBy: request.recordedBy, newId: deps.newId });
  let recorded: RecordedEvent[];
  try {
    recorded = await deps.store.append(negotiationId, state.revision, sealed, deps.projector?.forAppend(negotiationId));
  } catch (error) {
    // The projector may have taken the events into the cache before the transaction failed.
    deps.cache.forget(negotiationId);
    throw error;
  }
  deps.cache.absorb(negotiationId, recorded);
  return outcome(recorded, true);
}

function outcome(events: readonly RecordedEvent[], created: boolean): AppendOutcome {
  const last = events[events.length - 1]!;
  return {
    created,
    negotiationId: last.negotiationId,
    revision: last.revision,
    position: last.position,
    events: events.map(({ id, revision, position, recordedAt }) => ({ id, revision, position, recordedAt })),
  };
}
