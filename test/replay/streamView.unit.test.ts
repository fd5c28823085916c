import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { StreamView } from '../../src/replay/streamView.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';
import { cutAt } from '../support/replay.js';

const N = 'eu-anthropic';
const T1 = '2026-05-10T09:00:00.000Z';
const T2 = '2026-05-20T09:00:00.000Z';
const T3 = '2026-06-02T09:00:00.000Z';

function viewOf(events: readonly RecordedEvent[]): StreamView {
  const view = new StreamView(N);
  expect(view.append(events)).toBe(true);
  return view;
}

describe('the asOf cut', () => {
  const recorder = new Recorder();
  recorder.record(
    N,
    [
      input.opened({ occurredAt: '2026-04-15' }),
      input.meeting({ occurredAt: '2026-04', data: { count: { min: 4, max: 5 } } }), // counts from 30 April 23:59:59.999Z
      input.meeting({ occurredAt: '2026-05-12T01:00:00+02:00' }), // 11 May 23:00Z
      input.meeting({ occurredAt: '2026' }), // counts only once 2026 is over
      input.meeting({ occurredAt: '2026-05-20' }),
    ],
    T1,
  );
  const view = viewOf(recorder.log);

  it.each([
    ['2026-04-14', false, 0, 0],
    ['2026-04-15', true, 0, 0],
    ['2026-04-30T12:00:00Z', true, 0, 0],
    ['2026-04-30', true, 4, 5],
    ['2026-05-11', true, 5, 6],
    ['2026-05-11T22:59:59.999Z', true, 4, 5],
    ['2026-05-19', true, 5, 6],
    ['2026-05-20', true, 6, 7], // a wider event earlier in valid-time order does not hold back a later one that has ended
    ['2026-12-30', true, 6, 7],
    ['2026-12-31', true, 7, 8],
    ['2026', true, 7, 8],
  ])('at asOf=%s: exists %s, meetings %i–%i', (asOf, opened, min, max) => {
    const state = view.state(cutAt(asOf));
    expect(state.opened).toBe(opened);
    expect([state.meetings.min, state.meetings.max]).toEqual([min, max]);
  });

  it('applies exactly the events whose whole interval has ended by the cut, in valid-time order', () => {
    // The April meetings start on 1 April, before the opening on the 15th.
    expect(view.applied(cutAt('2026-05-20')).map((e) => e.event.occurredAt)).toEqual(['2026-04', '2026-04-15', '2026-05-12T01:00:00+02:00', '2026-05-20']);
  });

  it('reports the highest revision among the events applied', () => {
    expect(view.state(cutAt('2026-05-11')).revision).toBe(2);
    expect(view.state(cutAt('2026-05-20')).revision).toBe(4);
    expect(view.state(cutAt('2026-12-31')).revision).toBe(4);
    expect(view.state(cutAt('2026-04-14')).revision).toBe(-1);
  });
});

describe('an event recorded late', () => {
  const recorder = new Recorder();
  recorder.record(N, [input.opened({ occurredAt: '2026-05-01' }), input.statusChanged('stalled', { occurredAt: '2026-05-05' }), input.statusChanged('progressing', { occurredAt: '2026-05-09' })], T1);
  const late = recorder.one(N, input.statusChanged('agreed', { occurredAt: '2026-05-07' }), T2);
  const view = viewOf(recorder.log);

  it('lands in its true place in the story', () => {
    expect(view.state(cutAt('2026-05-06')).status).toBe('stalled');
    expect(view.state(cutAt('2026-05-07')).status).toBe('agreed');
    expect(view.state(cutAt('2026-05-09')).status).toBe('progressing'); // recorded first, but later in valid time
    expect(view.effective(Number.POSITIVE_INFINITY).map((e) => e.event.id)[2]).toBe(late.id);
  });

  it('is unknown with a knownAt before it was recorded', () => {
    expect(view.state(cutAt('2026-05-07', '2026-05-19')).status).toBe('stalled');
    expect(view.state(cutAt('2026-05-07', T2)).status).toBe('agreed'); // knownAt is inclusive
  });
});

describe('the knownAt cut', () => {
  const recorder = new Recorder();
  recorder.record(N, [input.opened({ occurredAt: '2026-05-01' })], T1);
  recorder.record(N, [input.meeting({ occurredAt: '2026-05-02' })], T2);
  const view = viewOf(recorder.log);

  it('hides what was recorded after it, whatever the asOf', () => {
    expect(view.state(cutAt('2026-12-31', '2026-05-09')).opened).toBe(false);
    expect(view.state(cutAt('2026-12-31', '2026-05-10')).meetings.min).toBe(0);
    expect(view.state(cutAt('2026-12-31', '2026-05-20')).meetings.min).toBe(1);
  });

  it('answers the same through effective(knownAt) as through the state', () => {
    expect(view.effective(Date.parse(T2) - 1)).toHaveLength(1);
    expect(view.effective(Date.parse(T2))).toHaveLength(2);
  });
});

describe('corrections and retractions', () => {
  const recorder = new Recorder();
  recorder.record(
    N,
    [
      input.opened({ occurredAt: '2026-05-01' }),
      { ...input.meeting({ occurredAt: '2026-05-03', data: { count: { min: 4, max: 5 } } }), id: eventId(100) },
      { ...input.statusChanged('stalled', { occurredAt: '2026-05-05' }), id: eventId(101) },
      { ...input.meeting({ occurredAt: '2026-05-06' }), id: eventId(102) },
    ],
    T1,
  );
  // Recorded on 20 May with a valid time in late May, they still apply to every asOf.
  recorder.record(N, [input.corrected(eventId(101), { data: { status: 'progressing' } }, { occurredAt: '2026-05-25' }), input.retracted(eventId(102), { occurredAt: '2026-05-25' })], T2);
  recorder.record(N, [input.corrected(eventId(100), { occurredAt: '2026-05-08' })], T3);
  const view = viewOf(recorder.log);

  it('apply for every asOf, from the moment they are recorded', () => {
    const state = view.state(cutAt('2026-05-06'));
    expect(state.status).toBe('progressing');
    expect(state.meetings).toEqual({ min: 0, max: 0, lastAt: null }); // the 4–5 meetings moved to 8 May; the other is retracted
  });

  it('bring the uncorrected story back with a knownAt before them', () => {
    const state = view.state(cutAt('2026-05-06', '2026-05-19'));
    expect(state.status).toBe('stalled');
    expect(state.meetings).toEqual({ min: 5, max: 6, lastAt: '2026-05-06' });
  });

  it('apply in steps as knownAt passes each of them', () => {
    const state = view.state(cutAt('2026-05-06', T2));
    expect(state.status).toBe('progressing');
    expect(state.meetings).toEqual({ min: 4, max: 5, lastAt: '2026-05-03' });
  });

  it('move a corrected event to its new valid time', () => {
    expect(view.state(cutAt('2026-05-07')).meetings.min).toBe(0);
    expect(view.state(cutAt('2026-05-08')).meetings).toEqual({ min: 4, max: 5, lastAt: '2026-05-08' });
  });

  it('count in the state revision of the events they shape', () => {
    expect(view.state(cutAt('2026-05-08')).revision).toBe(6);
    expect(view.state(cutAt('2026-05-07')).revision).toBe(5);
    expect(view.state(cutAt('2026-05-06', '2026-05-19')).revision).toBe(3);
  });

  it('keep the retracted event among the applied events, marked', () => {
    const applied = view.applied(cutAt('2026-05-31'));
    expect(applied.find((e) => e.event.id === eventId(102))?.retracted).toBe(true);
    expect(applied.some((e) => e.event.type === 'EventRetracted' || e.event.type === 'EventCorrected')).toBe(false);
  });

  it('give the same answers whichever order the cuts are asked in', () => {
    const cuts = [cutAt('2026-05-06'), cutAt('2026-05-06', '2026-05-19'), cutAt('2026-05-08'), cutAt('2026-05-06', T2)];
    const forward = cuts.map((cut) => view.state(cut));
    const fresh = viewOf(recorder.log);
    const backward = [...cuts].reverse().map((cut) => fresh.state(cut)).reverse();
    expect(backward).toEqual(forward);
  });
});

describe('appending to a view', () => {
  const recorder = new Recorder();
  const first = recorder.record(N, [input.opened(), input.meeting()], T1);
  const second = recorder.record(N, [input.meeting(), input.meeting()], T2);

  it('takes events that follow on from the last revision', () => {
    const view = viewOf(first);
    expect(view.append(second)).toBe(true);
    expect(view.size).toBe(4);
    expect(view.lastRevision).toBe(3);
    expect(view.log.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });

  it('refuses a gap or a repeat, adding nothing', () => {
    const view = viewOf(first);
    expect(view.append(second.slice(1))).toBe(false);
    expect(view.append(first)).toBe(false);
    expect(view.size).toBe(2);
    expect(view.state(cutAt('2026-12-31')).meetings.min).toBe(1);
  });

  it('accepts an empty append', () => {
    const view = viewOf(first);
    expect(view.append([])).toBe(true);
    expect(view.size).toBe(2);
  });

  it('is empty and unopened before any event', () => {
    const view = new StreamView(N);
    expect(view.lastRevision).toBe(-1);
    expect(view.state(cutAt('2026')).opened).toBe(false);
    expect(view.applied(cutAt('2026'))).toEqual([]);
  });
});
