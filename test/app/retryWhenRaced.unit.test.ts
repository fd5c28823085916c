import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../src/errors.js';
import { MIN_ATTEMPTS, RACE_PATIENCE_MS, retryWhenRaced } from '../../src/app/retryWhenRaced.js';

/** An attempt that loses the race until its `wins`-th try on the stored stream. */
function losingUntil(wins: number) {
  const tries: string[] = [];
  const attempt = async (from: 'cache' | 'store') => {
    tries.push(from);
    if (from === 'store' && tries.filter((t) => t === 'store').length >= wins) return 'appended';
    throw new WrongExpectedRevisionError('n', tries.length - 1, tries.length);
  };
  return { attempt, tries };
}

/** A clock that moves on by `stepMs` each time it is read. */
function steppingClock(stepMs: number): () => number {
  let ms = 0;
  return () => (ms += stepMs);
}

describe('an append that another process keeps beating to the stream', () => {
  it('goes on past the minimum number of attempts while the races last less than the patience, and then succeeds', async () => {
    // Given a writer that loses 10 more races than the minimum, each race taking 100 ms
    const { attempt, tries } = losingUntil(MIN_ATTEMPTS + 10);
    // When it retries
    const outcome = await retryWhenRaced(attempt, { cached: false, revisionPinned: false, now: steppingClock(100) });
    // Then it appends, on its last try
    expect(outcome).toBe('appended');
    expect(tries).toHaveLength(MIN_ATTEMPTS + 10);
  });

  it('reports the lost race once it has lasted the patience and the minimum attempts are spent', async () => {
    // Given a writer that would win only after far more races, each taking a second
    const { attempt, tries } = losingUntil(1_000);
    // When it retries
    const outcome = retryWhenRaced(attempt, { cached: false, revisionPinned: false, now: steppingClock(1_000) });
    // Then it reports the race as a 412 after the minimum attempts (they span more than the patience)
    await expect(outcome).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(MIN_ATTEMPTS * 1_000).toBeGreaterThan(RACE_PATIENCE_MS);
    expect(tries).toHaveLength(MIN_ATTEMPTS);
  });

  it('reads no clock when it wins at once: the clock that stamps recordedAt is read once per append', async () => {
    const { attempt } = losingUntil(1);
    let reads = 0;
    const outcome = await retryWhenRaced(attempt, { cached: false, revisionPinned: false, now: () => ++reads });
    expect(outcome).toBe('appended');
    expect(reads).toBe(0);
  });

  it('reports a stale If-Match at once: the caller pinned the revision, so the moved stream is the answer', async () => {
    const { attempt, tries } = losingUntil(5);
    const outcome = retryWhenRaced(attempt, { cached: false, revisionPinned: true, now: steppingClock(1) });
    await expect(outcome).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(tries).toEqual(['store']);
  });

  it('decides a refused cached attempt again on the stored stream before reporting anything', async () => {
    const { attempt, tries } = losingUntil(1);
    const outcome = await retryWhenRaced(attempt, { cached: true, revisionPinned: true, now: steppingClock(1) });
    expect(outcome).toBe('appended');
    expect(tries).toEqual(['cache', 'store']);
  });
});
