import { describe, expect, it } from 'vitest';
import { logSpanOf } from '../../web/src/eventSpan.js';
import { eventsPerMonth } from '../../web/src/activity.js';
import { describeTotals, meetingRange, meetingTotal } from '../../web/src/countText.js';
import type { DashboardTotals, TimelineEntry } from '../../web/src/types.js';

describe('meetings on the board', () => {
  it.each([
    [{ min: 0, max: 0, lastAt: null }, 'none recorded', 'no meetings recorded'],
    [{ min: 1, max: 1, lastAt: '2026-05-11' }, '1', '1 meeting'],
    [{ min: 4, max: 5, lastAt: '2026-04-07/2026-05-11' }, '4–5', '4–5 meetings'],
    [{ min: 1, max: 2, lastAt: '2026-05' }, '1–2', '1–2 meetings'],
    [{ min: 4, max: null, lastAt: '2026-05' }, 'at least 4', 'at least 4 meetings'],
    [{ min: 1, max: null, lastAt: '2026-05' }, 'at least 1', 'at least 1 meeting'],
  ])('reads %j as "%s" in a row and "%s" in the totals', (meetings, cell, total) => {
    expect(meetingRange(meetings)).toBe(cell);
    expect(meetingTotal(meetings)).toBe(total);
  });

  it('says in the totals that no meeting was recorded, not "0 meetings"', () => {
    const totals = { negotiations: 1, byStatus: { progressing: 1 }, possiblyOpen: 0, meetings: { min: 0, max: 0, lastAt: null }, openOffers: 1, activeGrants: 0, statements: 1 } as unknown as DashboardTotals;
    expect(describeTotals(totals)).toBe('1 negotiation (1 progressing) · no meetings recorded · 1 open offer · 0 active grants · 1 statement');
  });

  it('counts the negotiations only possibly open by then apart', () => {
    const totals = { negotiations: 0, byStatus: {}, possiblyOpen: 3, meetings: { min: 0, max: 0, lastAt: null }, openOffers: 0, activeGrants: 2, statements: 0 } as unknown as DashboardTotals;
    expect(describeTotals(totals)).toBe('0 negotiations · 3 possibly open by then · no meetings recorded · 0 open offers · 2 active grants · 0 statements');
  });
});

const DAY = 86_400_000;

describe('the slider span of a log with open-ended dates', () => {
  const span = (occurredFrom: string | null, occurredTo: string | null) =>
    logSpanOf({ span: { occurredFrom, occurredTo, recordedFrom: null, recordedTo: null }, lastPosition: 7 } as DashboardTotals).span;

  it('counts an open start from its end and an open end from its start, in whole days', () => {
    expect(span('../2026-04-07', '2026-05-11')).toEqual({ first: Date.UTC(2026, 3, 7), last: Date.UTC(2026, 4, 11) });
    expect(span('2026-04-07/2026-05-11', '2026-05-02/..')).toEqual({ first: Date.UTC(2026, 3, 7), last: Date.UTC(2026, 4, 2) });
  });

  it('is one day for a log whose only date is "no later than" that day', () => {
    const only = span('../2026-05-11', '../2026-05-11')!;
    expect(only).toEqual({ first: Date.UTC(2026, 4, 11), last: Date.UTC(2026, 4, 11) });
    expect(Number.isFinite((only.last - only.first) / DAY)).toBe(true);
  });

  it('is none for an empty log', () => {
    expect(span(null, null)).toBeUndefined();
  });
});

describe('the activity chart of events with open starts', () => {
  const entry = (occurredAt: string, certainty: 'definite' | 'possible' = 'definite') => ({ occurredAt, type: 'StatusChanged', retracted: false, certainty }) as TimelineEntry;

  it('counts an open start in the month of its end, and never gives NaN', () => {
    expect(eventsPerMonth([entry('../2026-05-11'), entry('../2026-04-07'), entry('2026-04-07/2026-05-11'), entry('2026-05-11')])).toEqual([
      { month: '2026-04', definite: 2, possible: 0 },
      { month: '2026-05', definite: 2, possible: 0 },
    ]);
    expect(eventsPerMonth([entry('2026-03/..', 'possible')])).toEqual([{ month: '2026-03', definite: 0, possible: 1 }]);
  });

  it('counts the events possibly happened by then apart from the definite ones, with empty months between', () => {
    expect(eventsPerMonth([entry('../2026-04-07'), entry('../2026-06-11', 'possible'), entry('2026-04-07/2026-06-11', 'possible')])).toEqual([
      { month: '2026-04', definite: 1, possible: 1 },
      { month: '2026-05', definite: 0, possible: 0 },
      { month: '2026-06', definite: 0, possible: 1 },
    ]);
  });
});
