import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { effectiveView } from '../../src/replay/effectiveView.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';

const N = 'n';
const recordedMs = (e: RecordedEvent) => Date.parse(e.recordedAt);
const view = (events: readonly RecordedEvent[], knownAt = Number.POSITIVE_INFINITY) => effectiveView(events, knownAt, recordedMs);
const T1 = '2026-05-10T09:00:00.000Z';
const T2 = '2026-05-20T09:00:00.000Z';
const T3 = '2026-05-25T09:00:00.000Z';

describe('a stream read as known now', () => {
  it('is in valid-time order: occurredAt start first, so an event recorded late lands in its true place', () => {
    const recorder = new Recorder();
    recorder.record(N, [input.opened({ occurredAt: '2026-05-01' }), input.meeting({ occurredAt: '2026-05-05' }), input.statusChanged('progressing', { occurredAt: '2026-05-08' })], T1);
    recorder.record(N, [input.meeting({ occurredAt: '2026-05-03T10:00:00+02:00' })], T2);
    expect(view(recorder.log).map((e) => e.event.occurredAt)).toEqual(['2026-05-01', '2026-05-03T10:00:00+02:00', '2026-05-05', '2026-05-08']);
  });

  it('breaks ties on the occurredAt start by global position, not by precision', () => {
    const recorder = new Recorder();
    recorder.record(N, [input.opened({ occurredAt: '2026-05-01' })], T1);
    recorder.record(N, [input.meeting({ occurredAt: '2026-05' })], T1); // starts 1 May 00:00Z, wider
    recorder.record(N, [input.meeting({ occurredAt: '2026-05-01T00:00:00Z' })], T1); // same start, narrower, later position
    expect(view(recorder.log).map((e) => e.event.position)).toEqual([1, 2, 3]);
  });

  it('carries the UTC interval of each event', () => {
    const recorder = new Recorder();
    recorder.record(N, [input.opened({ occurredAt: '2026-02' })], T1);
    expect(view(recorder.log)[0]!.occurred).toEqual({ precision: 'month', start: Date.parse('2026-02-01T00:00:00Z'), end: Date.parse('2026-02-28T23:59:59.999Z') });
  });
});

describe('the knownAt cut', () => {
  const recorder = new Recorder();
  recorder.record(N, [input.opened()], T1);
  recorder.record(N, [input.meeting()], T2);

  it('keeps only events recorded at or before knownAt (inclusive)', () => {
    expect(view(recorder.log, Date.parse(T2) - 1)).toHaveLength(1);
    expect(view(recorder.log, Date.parse(T2))).toHaveLength(2);
    expect(view(recorder.log, Date.parse(T1) - 1)).toEqual([]);
  });
});

describe('a corrected event', () => {
  const recorder = new Recorder();
  recorder.record(N, [input.opened({ occurredAt: '2026-05-01' }), { ...input.statement('first words', { occurredAt: '2026-05-05' }), id: eventId(100) }, input.meeting({ occurredAt: '2026-05-07' })], T1);
  const fix1 = recorder.one(N, input.corrected(eventId(100), { occurredAt: '2026-05-09', data: { text: 'second words' } }), T2);
  const fix2 = recorder.one(N, input.corrected(eventId(100), { source: { url: 'https://example.org/brief' } }), T3);

  it('is read with every correction known by then applied, in recording order', () => {
    const statement = view(recorder.log).find((e) => e.event.id === eventId(100))!;
    expect(statement.event.occurredAt).toBe('2026-05-09');
    expect(statement.event.data).toMatchObject({ text: 'second words', kind: 'paraphrase' });
    expect(statement.event.source).toEqual({ url: 'https://example.org/brief' });
    expect(statement.corrections).toEqual([fix1.id, fix2.id]);
    expect(statement.lastRevision).toBe(fix2.revision);
    expect(statement.original.data).toMatchObject({ text: 'first words' });
    expect(statement.original.occurredAt).toBe('2026-05-05');
  });

  it('moves to the place of its corrected occurredAt', () => {
    expect(view(recorder.log).map((e) => e.event.type)).toEqual(['NegotiationOpened', 'MeetingHeld', 'StatementMade']);
    expect(view(recorder.log).at(-1)!.occurred.start).toBe(Date.parse('2026-05-09T00:00:00Z'));
  });

  it('comes back uncorrected with a knownAt before the correction', () => {
    const before = view(recorder.log, Date.parse(T2) - 1);
    const statement = before.find((e) => e.event.id === eventId(100))!;
    expect(statement.event.data).toMatchObject({ text: 'first words' });
    expect(statement.corrections).toEqual([]);
    expect(before.map((e) => e.event.type)).toEqual(['NegotiationOpened', 'StatementMade', 'MeetingHeld']);
  });

  it('does not return the correction events themselves', () => {
    expect(view(recorder.log).some((e) => e.event.type === 'EventCorrected')).toBe(false);
    expect(view(recorder.log)).toHaveLength(3);
  });

  it('does not alter the recorded events', () => {
    expect(recorder.log[1]!.data).toMatchObject({ text: 'first words' });
    expect(recorder.log[1]!.occurredAt).toBe('2026-05-05');
  });
});

describe('a retracted event', () => {
  const recorder = new Recorder();
  recorder.record(N, [input.opened(), { ...input.meeting(), id: eventId(200) }], T1);
  const retraction = recorder.one(N, input.retracted(eventId(200), { data: { reason: 'double-counted' } }), T2);

  it('stays in the view, marked retracted with the retraction', () => {
    const meeting = view(recorder.log).find((e) => e.event.id === eventId(200))!;
    expect(meeting.retracted).toBe(true);
    expect(meeting.retraction).toEqual({ eventId: retraction.id, reason: 'double-counted', recordedAt: T2 });
    expect(meeting.lastRevision).toBe(retraction.revision);
  });

  it('is not retracted with a knownAt before the retraction', () => {
    const meeting = view(recorder.log, Date.parse(T2) - 1).find((e) => e.event.id === eventId(200))!;
    expect(meeting.retracted).toBe(false);
    expect(meeting.retraction).toBeUndefined();
  });
});
