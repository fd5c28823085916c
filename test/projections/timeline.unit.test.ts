import { describe, expect, it } from 'vitest';
import { timelineOf } from '../../projections/timeline.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** When: the effective events are mapped to the timeline. */
const timeline = ProjectionSpecification.for(timelineOf);

describe('a stream without corrections', () => {
  const story = new Story();
  const [opened, meeting] = story.given([input.opened({ occurredAt: '2026-05-01' }), input.meeting({ occurredAt: '2026-05-09' })]);
  const [late] = story.given([input.statement('said on the 5th', { occurredAt: '2026-05-05' })]);

  it('lists each event as recorded, in valid-time order, unmarked', () => {
    timeline.given(story.at()).then([
      { ...opened!, retracted: false, corrections: [] },
      { ...late!, retracted: false, corrections: [] },
      { ...meeting!, retracted: false, corrections: [] },
    ]);
  });

  it('lists only what happened by asOf', () => {
    timeline.given(story.at('2026-05-05')).then((entries) => expect(entries.map((e) => e.id)).toEqual([opened!.id, late!.id]));
  });

  it('lists only what was known at knownAt', () => {
    timeline.given(story.at('2030', opened!.recordedAt)).then((entries) => expect(entries.map((e) => e.id)).toEqual([opened!.id, meeting!.id]));
  });
});

describe('a retracted event', () => {
  const story = new Story();
  story.given([input.opened(), { ...input.meeting(), id: eventId(1) }]);
  const [retraction] = story.given([input.retracted(eventId(1), { data: { reason: 'double-counted' } })]);

  it('stays in the timeline, marked retracted, with who retracted it, why and when', () => {
    timeline.given(story.at()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry.retracted).toBe(true);
      expect(entry.retraction).toEqual({ eventId: retraction!.id, reason: 'double-counted', recordedAt: retraction!.recordedAt });
      expect(entry.corrections).toEqual([]);
    });
  });

  it('does not list the retraction as an entry of its own', () => {
    timeline.given(story.at()).then((entries) => expect(entries.map((e) => e.type)).toEqual(['NegotiationOpened', 'MeetingHeld']));
  });

  it('is unmarked as known before the retraction', () => {
    timeline.given(story.at('2030', story.events[1]!.recordedAt)).then((entries) => {
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
    timeline.given(story.at()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry).toMatchObject({ occurredAt: '2026-05-09', source: { publisher: 'Politico' }, corrections: [fix1!.id, fix2!.id], retracted: false });
      expect(entry.data).toMatchObject({ text: 'second words' });
    });
  });

  it('keeps the original values alongside', () => {
    timeline.given(story.at()).then((entries) => {
      expect(entries.find((e) => e.id === eventId(1))!.original).toEqual({ occurredAt: '2026-05-05', data: original!.data, source: input.BRIEF, sources: [input.BRIEF] });
    });
  });

  it('keeps the identity of the recorded event: id, revision, position, recordedAt, recordedBy, hash', () => {
    timeline.given(story.at()).then((entries) => {
      const entry = entries.find((e) => e.id === eventId(1))!;
      expect(entry).toMatchObject({ id: original!.id, revision: original!.revision, position: original!.position, recordedAt: original!.recordedAt, recordedBy: original!.recordedBy, hash: original!.hash });
    });
  });

  it('moves to its corrected place', () => {
    timeline.given(story.at()).then((entries) => expect(entries.map((e) => e.type)).toEqual(['NegotiationOpened', 'MeetingHeld', 'StatementMade']));
  });

  it('is shown as recorded, without marks, as known before the corrections', () => {
    timeline.given(story.at('2030', original!.recordedAt)).then((entries) => {
      expect(entries.find((e) => e.id === eventId(1))!).toEqual({ ...original, retracted: false, corrections: [] });
    });
  });
});

describe('replaying the same events twice', () => {
  it('gives an identical timeline (deep-equal and identical JSON)', () => {
    const story = new Story();
    story.given([input.opened(), { ...input.meeting(), id: eventId(1) }, { ...input.statement('s'), id: eventId(2) }]);
    story.given([input.retracted(eventId(1)), input.corrected(eventId(2), { data: { kind: 'quote' } })]);
    const first = timelineOf(story.at());
    const second = timelineOf(story.at());
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
