import { describe, expect, it } from 'vitest';
import { OccurredAtInterval, presentOccurredAtInterval } from '../../src/answers/occurredAtInterval.js';
import { intervalOf } from '../../src/time/timePoint.js';

describe('an occurredAt interval as the API shows it', () => {
  it('is two ISO instants in UTC with milliseconds, both ends included', () => {
    expect(presentOccurredAtInterval(intervalOf('2026-05'))).toEqual({ start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' });
    expect(presentOccurredAtInterval(intervalOf('2026-05-12T09:30:00+02:00'))).toEqual({ start: '2026-05-12T07:30:00.000Z', end: '2026-05-12T07:30:00.000Z' });
  });

  it('shows an open start or end as null, never as a date', () => {
    expect(presentOccurredAtInterval({ start: Number.NEGATIVE_INFINITY, end: Date.UTC(2026, 4, 16) - 1 })).toEqual({ start: null, end: '2026-05-15T23:59:59.999Z' });
    expect(presentOccurredAtInterval({ start: Date.UTC(2026, 3, 1), end: Number.POSITIVE_INFINITY })).toEqual({ start: '2026-04-01T00:00:00.000Z', end: null });
    expect(presentOccurredAtInterval({ start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY })).toEqual({ start: null, end: null });
  });

  it('matches its schema', () => {
    expect(OccurredAtInterval.parse(presentOccurredAtInterval({ start: Number.NEGATIVE_INFINITY, end: Date.UTC(2026, 4, 1) }))).toEqual({ start: null, end: '2026-05-01T00:00:00.000Z' });
    expect(OccurredAtInterval.safeParse({ start: '2026-05', end: null }).success).toBe(false);
  });
});
