import { describe, expect, it } from 'vitest';
import { parseTimePoint } from '../../src/time/timePoint.js';
import { formatInstant, formatTimePoint, isLateRecorded, machineDate } from '../../web/src/timeText.js';

describe('a TimePoint shown on the dashboard', () => {
  it('keeps the precision it was written in', () => {
    expect(formatTimePoint('2026')).toBe('2026');
    expect(formatTimePoint('2026-05')).toBe('May 2026');
    expect(formatTimePoint('2026-05-12')).toBe('12 May 2026');
    expect(formatTimePoint('2026-05-12T09:30:00+02:00')).toBe('12 May 2026, 07:30 UTC');
  });

  it('says the EDTF forms in words, as the CLI does', () => {
    expect(formatTimePoint('2026-05~')).toBe('≈ May 2026');
    expect(formatTimePoint('2026-05?')).toBe('May 2026?');
    expect(formatTimePoint('2026-05%')).toBe('≈ May 2026?');
    expect(formatTimePoint('2026-05-12/2026-05-14')).toBe('between 12 and 14 May 2026');
    expect(formatTimePoint('2026-04-07/2026-05-11')).toBe('between 7 April and 11 May 2026');
    expect(formatTimePoint('../2026-05-15')).toBe('no later than 15 May 2026');
    expect(formatTimePoint('2026-04/..')).toBe('no earlier than April 2026');
  });

  it('shows a missing date as a dash and anything unreadable as written', () => {
    expect(formatTimePoint(null)).toBe('—');
    expect(formatTimePoint(undefined)).toBe('—');
    expect(formatTimePoint('last tuesday')).toBe('last tuesday');
    expect(formatInstant('not an instant')).toBe('not an instant');
    expect(formatInstant('2026-05-12T07:30:00.000Z')).toBe('12 May 2026, 07:30 UTC');
  });

  it('gives HTML a machine-readable date only for the forms HTML knows', () => {
    expect(machineDate('2026-05')).toBe('2026-05');
    expect(machineDate('2026-05-12T09:30:00+02:00')).toBe('2026-05-12T09:30:00+02:00');
    expect(machineDate('2026-05~')).toBeUndefined();
    expect(machineDate('../2026-05-11')).toBeUndefined();
    expect(machineDate('nonsense')).toBeUndefined();
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
    expect(isLateRecorded('../2026-05-11', '2026-05-20T00:00:00.000Z')).toBe(true);
  });

  it('is not late when recorded within a day of the end of its period, or before it, or when its period has no end', () => {
    expect(isLateRecorded('2026-05', '2026-06-01T12:00:00.000Z')).toBe(false);
    expect(isLateRecorded('2026-05-12T09:30:00Z', '2026-05-13T09:30:00.000Z')).toBe(false);
    expect(isLateRecorded('2026-05', '2026-05-03T00:00:00.000Z')).toBe(false);
    expect(isLateRecorded('2026-04/..', '2027-05-03T00:00:00.000Z')).toBe(false);
  });
});
