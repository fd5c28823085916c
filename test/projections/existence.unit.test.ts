import { describe, expect, it } from 'vitest';
import { countsAt, possibleAt } from '../../projections/countsAt.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { existenceAt, openingIn } from '../../projections/existence.js';
import { endOf } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';
import { handBuiltReading } from '../support/handBuilt.js';

/** When: a negotiation is read at asOf from the events known at knownAt: whether it exists, and what possibly happened by then. */
const readAt = (asOf: string) =>
  ProjectionSpecification.for((known: readonly EffectiveEvent[]) => ({
    existence: existenceAt(openingIn(known), endOf(asOf)),
    pending: possibleAt(known, endOf(asOf)).filter((e) => !e.retracted).map((e) => e.event.id),
  }));

describe('a negotiation opened in "2026-05" (a month), recorded on 1 June', () => {
  const story = new Story();
  const [opening] = story.given([input.opened({ occurredAt: '2026-05' })], '2026-06-01T09:00:00Z');

  it('possibly exists on 12 May: the opening is pending', () => {
    readAt('2026-05-12').given(story.known()).then({ existence: 'possibly', pending: [opening!.id] });
  });

  it('does not exist on 30 April: not yet happened by asOf', () => {
    readAt('2026-04-30').given(story.known()).then({ existence: 'not-yet-happened', pending: [] });
  });

  it('does not exist as known before it was recorded: not yet recorded by knownAt', () => {
    readAt('2026-05-12').given(story.known('2026-05-31')).then({ existence: 'not-yet-recorded', pending: [] });
  });

  it('exists on 1 June, nothing pending', () => {
    readAt('2026-06-01').given(story.known()).then({ existence: 'yes', pending: [] });
  });

  it('does not exist once its opening is retracted', () => {
    const retracted = new Story();
    const [opened] = retracted.given([input.opened({ occurredAt: '2026-05' })]);
    retracted.given([input.retracted(opened!.id)]);
    readAt('2026-06-01').given(retracted.known()).then({ existence: 'retracted', pending: [] });
  });
});

describe('a correction that narrows "2026-05" to "2026-05-12", read at 20 May', () => {
  const story = new Story();
  story.given([input.opened({ occurredAt: '2026-04-01' }), { ...input.meeting({ occurredAt: '2026-05' }), id: eventId(1) }], '2026-05-02T09:00:00Z');
  story.given([input.corrected(eventId(1), { occurredAt: '2026-05-12' })], '2026-05-25T09:00:00Z');
  const meetingAt = (known: readonly EffectiveEvent[]) => known.find((e) => e.event.id === eventId(1))!;

  it('is pending as known before the correction', () => {
    readAt('2026-05-20').given(story.known('2026-05-24')).then({ existence: 'yes', pending: [eventId(1)] });
    expect(countsAt(meetingAt(story.known('2026-05-24')), endOf('2026-05-20'))).toBe(false);
  });

  it('counts, definite, from the moment the correction is known', () => {
    readAt('2026-05-20').given(story.known('2026-05-25')).then({ existence: 'yes', pending: [] });
    expect(countsAt(meetingAt(story.known('2026-05-25')), endOf('2026-05-20'))).toBe(true);
  });
});

describe('a hand-built opening with an open interval', () => {
  const DAY = 86_400_000;
  const MAY_1 = Date.UTC(2026, 4, 1);

  it('with no end ("2026-05/..") possibly exists forever after its start, and never exists for sure', () => {
    const [opening] = handBuiltReading([{ start: MAY_1, end: Number.POSITIVE_INFINITY }]);
    expect(existenceAt(opening, MAY_1 - 1)).toBe('not-yet-happened');
    for (const asOf of [MAY_1, MAY_1 + 400 * DAY, Date.UTC(9999, 11, 31)]) expect(existenceAt(opening, asOf)).toBe('possibly');
  });

  it('with no start ("../2026-05-15") possibly exists at any asOf before its end, and exists from its end', () => {
    const end = MAY_1 + 15 * DAY - 1;
    const [opening] = handBuiltReading([{ start: Number.NEGATIVE_INFINITY, end }]);
    for (const asOf of [Date.UTC(1, 0), end - 1]) expect(existenceAt(opening, asOf)).toBe('possibly');
    expect(existenceAt(opening, end)).toBe('yes');
  });
});
