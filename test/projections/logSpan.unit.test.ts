import { describe, expect, it } from 'vitest';
import { emptyLogSpan, evolveLogSpan, mergeLogSpans, type LogSpan } from '../../projections/logSpan.js';
import { presentLogSpan as presentDates } from '../../src/answers/dashboard.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import * as input from '../support/inputs.js';

/** The span as the dashboard answers it: its dates, and the log's last position. */
const presentLogSpan = (span: LogSpan) => ({ span: presentDates(span), lastPosition: span.lastPosition });
import { Recorder } from '../support/recorder.js';

/** Given: two streams recorded in turn, with dates of every precision, one recorded late. */
function log(): RecordedEvent[] {
  const recorder = new Recorder();
  recorder.record('a', [input.opened({ occurredAt: '2026-05-01' }), input.meeting({ occurredAt: '2026-05' })], '2026-06-01T09:00:00Z');
  recorder.record('b', [input.opened({ occurredAt: '2026-04-30T23:30:00-01:00' })], '2026-06-02T09:00:00Z');
  recorder.record('a', [input.meeting({ occurredAt: '2026' })], '2026-06-03T09:00:00Z');
  return recorder.log;
}

const fold = (events: readonly RecordedEvent[]) => events.reduce(evolveLogSpan, emptyLogSpan);

describe('the span of a log', () => {
  it('runs from the date that starts earliest to the one that ends latest, whatever their precision', () => {
    expect(presentLogSpan(fold(log()))).toEqual({
      span: { occurredFrom: '2026', occurredTo: '2026', recordedFrom: '2026-06-01T09:00:00.000Z', recordedTo: '2026-06-03T09:00:00.000Z' },
      lastPosition: 4,
    });
    expect(presentLogSpan(fold(log().slice(0, 3))).span).toMatchObject({ occurredFrom: '2026-05-01', occurredTo: '2026-05' });
  });

  it('counts an open start from its end and an open end from its start, so the span stays on the calendar', () => {
    const recorder = new Recorder();
    recorder.record('a', [input.opened({ occurredAt: '../2026-05-11' }), input.meeting({ occurredAt: '../2026-04-07' })], '2026-06-01T09:00:00Z');
    recorder.record('b', [input.opened({ occurredAt: '2026-04-10/2026-04-12' }), input.meeting({ occurredAt: '2026-05-02/..' })], '2026-06-02T09:00:00Z');
    expect(presentLogSpan(fold(recorder.log)).span).toMatchObject({ occurredFrom: '../2026-04-07', occurredTo: '../2026-05-11' });
    recorder.record('b', [input.meeting({ occurredAt: '2026-05-20/..' })], '2026-06-03T09:00:00Z');
    expect(presentLogSpan(fold(recorder.log)).span).toMatchObject({ occurredFrom: '../2026-04-07', occurredTo: '2026-05-20/..' });
  });

  it('is the same folded whole or per stream and merged, in either order', () => {
    const events = log();
    const a = fold(events.filter((e) => e.negotiationId === 'a'));
    const b = fold(events.filter((e) => e.negotiationId === 'b'));
    expect(presentLogSpan(mergeLogSpans(a, b))).toEqual(presentLogSpan(fold(events)));
    expect(presentLogSpan(mergeLogSpans(b, a))).toEqual(presentLogSpan(fold(events)));
  });

  it('is empty, with position 0, for an empty log', () => {
    expect(presentLogSpan(emptyLogSpan)).toEqual({ span: { occurredFrom: null, occurredTo: null, recordedFrom: null, recordedTo: null }, lastPosition: 0 });
  });
});
