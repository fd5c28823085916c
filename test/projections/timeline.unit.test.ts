import { describe, expect, it } from 'vitest';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { timelineOf } from '../../projections/timeline.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { endOf, intervalOf, isoInterval } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** When: the effective events that started by asOf (default: the end of 2030) are mapped to the timeline at asOf. */
const timelineAt = (asOf = '2030') => ProjectionSpecification.for((events: readonly EffectiveEvent[]) => timelineOf(events, endOf(asOf)));
const timeline = timelineAt();

/** The entry of an event as recorded, unmarked, that had happened by asOf. */
const unmarked = (event: RecordedEvent) => ({ ...event, retracted: false, corrections: [], certainty: 'definite' as const, occurredAtInterval: isoInterval(intervalOf(event.occurredAt)) });

describe('a stream without corrections', () => {
  const story = new Story();
  const [opened, meeting] = story.given([input.opened({ occurredAt: '2026-05-01' }), input.meeting({ occurredAt: '2026-05-09' })]);
  const [late] = story.given([input.statement('said on the 5th', { occurredAt: '2026-05-05' })]);

  it('lists each event as recorded, in valid-time order, unmarked', () => {
    timeline.given(story.startedAt()).then([unmarked(opened!), unmarked(late!), unmarked(meeting!)]);
  });

  it('lists only what happened by asOf', () => {
    timelineAt('2026-05-05').given(story.startedAt('2026-05-05')).then((entries) => expect(entries.map((e) => e.id)).toEqual([opened!.id, late!.id]));
  });

  it('lists only what was known at knownAt', () => {
    timeline.given(story.startedAt('2030', opened!.recordedAt)).then((entries) => expect(entries.map((e) => e.id)).toEqual([opened!.id, meeting!.id]));
  });
});

describe('events possibly happened by asOf (their interval has begun, not ended)', () => {
  const story = new Story();
  const [opened, inMay, onThe3rd, onThe20th] = story.given([
    input.opened({ occurredAt: '2026-04-20' }),
    { ...input.meeting({ occurredAt: '2026-05' }), id: eventId(1) },
    input.statement('on the 3rd', { occurredAt: '2026-05-03' }),
    input.statusChanged('progressing', { occurredAt: '2026-05-20' }),
  ]);

  it('are listed in valid-time order, marked possible, beside the definite ones; later ones are left out', () => {
    timelineAt('2026-05-12').given(story.startedAt('2026-05-12')).then((entries) => {
      expect(entries.map((e) => [e.id, e.certainty])).toEqual([
        [opened!.id, 'definite'],
        [inMay!.id, 'possible'],
        [onThe3rd!.id, 'definite'],
      ]);
      expect(entries.some((e) => e.id === onThe20th!.id)).toBe(false);
    });
  });

  it('become definite once their interval is over', () => {
    timelineAt('2026-05-31').given(story.startedAt('2026-05-31')).then((entries) => expect(entries.every((e) => e.certainty === 'definite')).toBe(true));
  });

  it('stay listed when retracted, marked so, as the definite ones do', () => {
    const retracting = new Story();
    retracting.given([input.opened({ occurredAt: '2026-04-20' }), { ...input.meeting({ occurredAt: '2026-05' }), id: eventId(1) }]);
    retracting.given([input.retracted(eventId(1))]);
    timelineAt('2026-05-12').given(retracting.startedAt('2026-05-12')).then((entries) => expect(entries[1]).toMatchObject({ id: eventId(1), certainty: 'possible', retracted: true }));
  });
});

describe('a retracted event', () => {
  const story = new Story();
  story.given([input.opened(), { ...input.meeting(), id: eventId(1) }]);
  const [retraction] = story.given([input.retracted(eventId(1), { data: { reason: 'double-counted' } })]);

  it('stays in the timeline, marked retracted, with who retracted it, why and when', () => {
    timeline.given(story.startedAt()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry.retracted).toBe(true);
      expect(entry.retraction).toEqual({ eventId: retraction!.id, reason: 'double-counted', recordedAt: retraction!.recordedAt });
      expect(entry.corrections).toEqual([]);
    });
  });

  it('does not list the retraction as an entry of its own', () => {
    timeline.given(story.startedAt()).then((entries) => expect(entries.map((e) => e.type)).toEqual(['NegotiationOpened', 'MeetingHeld']));
  });

  it('is unmarked as known before the retraction', () => {
    timeline.given(story.startedAt('2030', story.events[1]!.recordedAt)).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry.retracted).toBe(false);
      expect(entry.retraction).toBeUndefined();
    });
  });
});

describe('a corrected event', () => {
  const story = new Story();
  const [, original] = story.given([input.opened(), { ...input.statement('first words', { occurredAt: '2026-05-05' }), id: eventId(1) }, input.meeting({ occurredAt: '2026-05-07' })]);
  const [fix1] = story.given([input.corrected(eventId(1), { occurredAt: '2026-05-09', data: { text: 'second words' } })]);
  const [fix2] = story.given([input.corrected(eventId(1), { source: { publisher: 'Politico' } })]);

  it('shows the event as currently corrected, with the ids of its corrections', () => {
    timeline.given(story.startedAt()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry).toMatchObject({ occurredAt: '2026-05-09', source: { publisher: 'Politico' }, corrections: [fix1!.id, fix2!.id], retracted: false });
      expect(entry.data).toMatchObject({ text: 'second words' });
    });
  });

  it('keeps the original values alongside', () => {
    timeline.given(story.startedAt()).then((entries) => {
      expect(entries.find((e) => e.id === eventId(1))!.original).toEqual({ occurredAt: '2026-05-05', data: original!.data, source: input.BRIEF, sources: [input.BRIEF] });
    });
  });

  it('keeps the identity of the recorded event: id, revision, position, recordedAt, recordedBy, hash', () => {
    timeline.given(story.startedAt()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry).toMatchObject({ id: original!.id, revision: original!.revision, position: original!.position, recordedAt: original!.recordedAt, recordedBy: original!.recordedBy, hash: original!.hash });
    });
  });

  it('moves to its corrected place', () => {
    timeline.given(story.startedAt()).then((entries) => expect(entries.map((e) => e.type)).toEqual(['NegotiationOpened', 'MeetingHeld', 'StatementMade']));
  });

  it('is shown as recorded, without marks, as known before the corrections', () => {
    timeline.given(story.startedAt('2030', original!.recordedAt)).then((entries) => {
      expect(entries.find((e) => e.id === eventId(1))!).toEqual(unmarked(original!));
    });
  });
});

describe('replaying the same events twice', () => {
  it('gives an identical timeline (deep-equal and identical JSON)', () => {
    const story = new Story();
    story.given([input.opened(), { ...input.meeting(), id: eventId(1) }, { ...input.statement('s'), id: eventId(2) }]);
    story.given([input.retracted(eventId(1)), input.corrected(eventId(2), { data: { kind: 'quote' } })]);
    const first = timelineOf(story.startedAt(), endOf('2030'));
    const second = timelineOf(story.startedAt(), endOf('2030'));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
