import { DuplicateEventIdError, ParleyError, WrongExpectedRevisionError } from '../errors.js';

/** Where an attempt reads the stream it decides on: the stream cache alone, or the store. */
export type ReadFrom = 'cache' | 'store';

export interface RetryOptions {
  /** The stream cache holds the stream: the first attempt may decide on it alone. */
  readonly cached: boolean;
  /** The caller named the revision it expects (If-Match): a stream that moved is its answer, not a race to retry. */
  readonly revisionPinned: boolean;
  /** Epoch ms now: how long the races have lasted (read only after a lost race). */
  readonly now: () => number;
}

/** Attempts on the stream as stored before a lost race may be reported. */
export const MIN_ATTEMPTS = 20;
/**
 * How long lost races are retried past MIN_ATTEMPTS. Another process that holds a queue of
 * appends to the same stream wins each race from its cache until its queue drains, which
 * on a loaded machine takes seconds: a writer gives up only once the wait is unreasonable.
 */
export const RACE_PATIENCE_MS = 15_000;
/** Attempts after which a lost race is reported whatever the clock says (a clock that stands still). */
export const MAX_ATTEMPTS = 400;

/**
 * Runs an attempt until it does not lose a race with another writer. A cached stream is
 * decided on first without asking the store whether it moved: the store's expected-revision
 * check proves a success right, and any refusal (a stale If-Match, a broken rule, a moved
 * stream) is decided again on the stream as stored before it is reported. An attempt on the
 * stored stream is retried, after a back-off, when another writer moved the stream (unless
 * the caller pinned the revision) or took one of the batch's ids.
 */
export async function retryWhenRaced<T>(attempt: (from: ReadFrom) => Promise<T>, options: RetryOptions): Promise<T> {
  if (options.cached) {
    try {
      return await attempt('cache');
    } catch (error) {
      if (!(error instanceof ParleyError && error.status < 500)) throw error;
    }
  }
  // The clock is read only once a race is lost: an append that wins at once reads it no more
  // than to stamp its recordedAt.
  let firstLostAt: number | undefined;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt('store');
    } catch (error) {
      if (!lostRace(error, options)) throw error;
      const now = options.now();
      firstLostAt ??= now;
      if (outOfPatience(tries, now - firstLostAt)) throw error;
      await backOff(tries);
    }
  }
}

function outOfPatience(tries: number, elapsedMs: number): boolean {
  if (tries < MIN_ATTEMPTS) return false;
  return tries >= MAX_ATTEMPTS || elapsedMs >= RACE_PATIENCE_MS;
}

function lostRace(error: unknown, options: RetryOptions): boolean {
  if (error instanceof WrongExpectedRevisionError) return !options.revisionPinned;
  return error instanceof DuplicateEventIdError;
}

/**
 * Waits a random, growing while before retrying a lost race: without it, two writers that
 * read and append in lockstep let the same one lose every time until it gives up.
 */
function backOff(tries: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** tries)));
}
