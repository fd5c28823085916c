import { describe, expect, it } from 'vitest';
import { parseTimePoint } from '../../src/time/timePoint.js';
import { formatTimePoint, isLateRecorded } from '../../web/src/timeText.js';

describe('a TimePoint shown on the dashboard', () => {
  it('keeps the precision it was written in', () => {
    expect(formatTimePoint('2026')).toBe('2026');
    expect(formatTimePoint('2026-05')).toBe('May 2026');
    expect(formatTimePoint('2026-05-12')).toBe('12 May 2026');
    const instant = formatTimePoint('2026-05-12T09:30:00+02:00');
    expect(instant).toContain('12 May 2026');
    expect(instant).toContain('07:30');
  });

  it('covers the same UTC interval as the server reads it', () => {
    expect(parseTimePoint('2026-02')).toEqual({ precision: 'month', start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) - 1 });
    expect(parseTimePoint('2026-05-12')?.end).toBe(Date.UTC(2026, 4, 13) - 1);
    expect(parseTimePoint('not a date')).toBeUndefined();
  });
});

describe('an event recorded after it happened', () => {
  it('is late once recorded more than a day after the end of its period', () => {
    expect(isLateRecorded('2026-05', '2026-06-02T00:00:00.000Z')).toBe(true);
    expect(isLateRecorded('2026-05-12T09:30:00Z', '2026-05-13T09:30:00.001Z')).toBe(true);
  });

  it('is not late when recorded within a day of the end of its period, or before it', () => {
    expect(isLateRecorded('2026-05', '2026-06-01T12:00:00.000Z')).toBe(false);
    expect(isLateRecorded('2026-05-12T09:30:00Z', '2026-05-13T09:30:00.000Z')).toBe(false);
    expect(isLateRecorded('2026-05', '2026-05-03T00:00:00.000Z')).toBe(false);
  });
});
