import canonicalize from 'canonicalize';
import type { EventInput } from '../events/eventInput.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { decide } from '../domain/decide.js';
import { initialDecisionState, type DecisionState } from '../domain/decisionState.js';
import { DuplicateEventIdError, EventIdConflictError, ParleyError, ValidationError, WrongExpectedRevisionError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import type { StreamCache } from './streamCache.js';
import type { KeyedLock } from './keyedLock.js';

export interface AppendDependencies {
  readonly store: EventStore;
  readonly cache: StreamCache<DecisionState>;
  readonly lock: KeyedLock;
  /** Epoch ms now: the transaction time of the append. */
  readonly now: () => number;
  readonly newId: () => string;
}

export interface AppendRequest {
  readonly negotiationId: string;
  readonly inputs: readonly EventInput[];
  /** The caller's If-Match: the stream's last revision it has seen. */
  readonly expectedRevision?: number;
  readonly recordedBy: string;
}

export interface AppendOutcome {
  /** false for an idempotent retry: the events were already recorded. */
  readonly created: boolean;
  readonly negotiationId: string;
  readonly revision: number;
  readonly position: number;
  readonly events: { id: string; revision: number; position: number; recordedAt: string }[];
}

const MAX_ATTEMPTS = 20;

/**
 * read → decide → append, retried when another writer moved the stream and the caller did
 * not pin a revision. The first attempt decides on the cached stream without asking the
 * store whether it moved: the store's own expected-revision check proves a success right,
 * and any failure (a stale If-Match, a broken rule, a moved stream) is decided again on the
 * stream as the store has it before it is reported.
 */
export async function appendEvents(deps: AppendDependencies, request: AppendRequest): Promise<AppendOutcome> {
  rejectRepeatedIds(request.inputs);
  return deps.lock.run(request.negotiationId, async () => {
    let verify = false;
    for (let attempt = 1; ; attempt++) {
      const cached = verify ? undefined : deps.cache.cached(request.negotiationId);
      // The stream is read before the retry check: an identical batch committed by another
      // process in between is then found as a retry rather than decided again on its effects.
      const stream = cached ?? (await deps.cache.get(request.negotiationId));
      // Ids are looked up only when verifying: on the cached attempt an id already stored makes
      // the store refuse the append (or the rules refuse the batch), and the verify pass finds it.
      const retry = cached ? undefined : await earlierAppend(deps.store, request);
      if (retry) return outcome(retry, false);
      const state = stream?.decision ?? initialDecisionState(request.negotiationId);
      try {
        if (request.expectedRevision !== undefined && request.expectedRevision !== state.revision) {
          throw new WrongExpectedRevisionError(request.negotiationId, request.expectedRevision, state.revision);
        }
        const recordedAt = new Date(deps.now()).toISOString();
        const pending = decide({ ...request, recordedAt, newId: deps.newId }, state);
        const recorded = await deps.store.append(request.negotiationId, state.revision, pending);
        deps.cache.absorb(request.negotiationId, recorded);
        return outcome(recorded, true);
      } catch (error) {
        if (cached && error instanceof ParleyError && error.status < 500) {
          verify = true; // decided on the cache alone: decide again on the stream as stored
          attempt--;
          continue;
        }
        const raced = error instanceof WrongExpectedRevisionError ? request.expectedRevision === undefined : error instanceof DuplicateEventIdError;
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
        verify = true;
        await backOff(attempt);
      }
    }
  });
}

/**
 * Waits a random, growing while before retrying a lost race: without it, two writers that
 * read and append in lockstep let the same one lose every time until it gives up.
 */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
}

/**
 * The events of an earlier append of this same batch (an idempotent retry), or undefined
 * when none of its ids is stored; an id stored with other content is a conflict (409).
 */
async function earlierAppend(store: EventStore, request: AppendRequest): Promise<RecordedEvent[] | undefined> {
  const ids = request.inputs.flatMap((input) => (input.id ? [input.id] : []));
  if (ids.length === 0) return undefined;
  const found = await store.findEvents(ids);
  if (found.length === 0) return undefined;
  const byId = new Map(found.map((event) => [event.id, event]));
  const differing = request.inputs.filter((input) => {
    const stored = input.id ? byId.get(input.id) : undefined;
    return stored !== undefined && !sameContent(stored, request.negotiationId, input);
  });
  if (differing.length > 0) {
    throw new EventIdConflictError(`event id already recorded with other content: ${differing.map((input) => input.id).join(', ')}`);
  }
  if (found.length !== request.inputs.length) {
    throw new EventIdConflictError(
      `part of this batch is already recorded (${found.map((e) => e.id).join(', ')}): resend exactly the original batch, or only new events`,
    );
  }
  return found.sort((a, b) => a.revision - b.revision);
}

/** Whether a stored event is what this input would record (an idempotent retry). */
export function sameContent(stored: RecordedEvent, negotiationId: string, input: EventInput): boolean {
  return (
    stored.negotiationId === negotiationId &&
    stored.type === input.type &&
    stored.occurredAt === input.occurredAt &&
    canonicalize(stored.data) === canonicalize(input.data) &&
    canonicalize(stored.source ?? null) === canonicalize(input.source ?? null)
  );
}

function rejectRepeatedIds(inputs: readonly EventInput[]): void {
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    if (!input.id) return;
    if (seen.has(input.id)) {
      throw new ValidationError('an event id appears twice in the batch', [{ path: `/${index}/id`, message: `repeats ${input.id}` }]);
    }
    seen.add(input.id);
  });
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
