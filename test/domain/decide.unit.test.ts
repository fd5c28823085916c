import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState } from '../../src/domain/decisionState.js';
import { DomainRuleError } from '../../src/errors.js';
import type { EventInput } from '../../src/events/eventInput.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { eventId, idSequence } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';
import { DeciderSpecification, ProjectionSpecification } from '../support/specification.js';

const N = 'eu-openai';

/** The command is a batch to append to negotiation N; the history is its recorded events. */
const negotiation = DeciderSpecification.for({
  decide: (inputs: readonly EventInput[], state: DecisionState) => decide({ negotiationId: N, inputs }, state),
  evolve: evolveDecisionState,
  initialState: () => initialDecisionState(N),
});

/** The decision state a history folds into. */
const decisionState = ProjectionSpecification.for({ evolve: evolveDecisionState, initialState: () => initialDecisionState(N) });

/** A history of negotiation N recorded from these batches (events sent without an id get one from 1,000 on). */
function recorded(...batches: EventInput[][]): RecordedEvent[] {
  const recorder = new Recorder(idSequence(1_000));
  for (const batch of batches) recorder.record(N, batch, '2026-05-20T10:00:00.000Z');
  return recorder.stream(N);
}

describe('a stream that does not exist yet', () => {
  it('opens with NegotiationOpened', () => {
    negotiation.given([]).when([input.opened()]).then([input.opened()]);
  });

  it('takes a batch that starts with NegotiationOpened', () => {
    const batch = [input.opened(), input.meeting(), input.statusChanged('progressing')];
    negotiation.given([]).when(batch).then(batch);
  });

  it.each([[input.meeting()], [input.statusChanged('progressing'), input.opened()]])('refuses any other first event (%#)', (...batch) => {
    negotiation
      .given([])
      .when(batch)
      .thenThrows(DomainRuleError, (error) => {
        expect(error.status).toBe(422);
        expect(error.message).toMatch(/^event 0 \(\w+\): negotiation eu-openai does not exist/);
      });
  });

  it('refuses two NegotiationOpened in one batch, naming the second', () => {
    negotiation.given([]).when([input.opened(), input.opened()]).thenThrows(DomainRuleError, /^event 1 \(NegotiationOpened\): .*already opened/);
  });
});

describe('an opened stream', () => {
  it('refuses a second NegotiationOpened', () => {
    negotiation.given(recorded([input.opened()])).when([input.opened()]).thenThrows(DomainRuleError, /already opened/);
  });

  it('takes more events after the ones it has', () => {
    negotiation.given(recorded([input.opened(), input.meeting()], [input.meeting()])).when([input.meeting(), input.meeting()]).then([input.meeting(), input.meeting()]);
  });
});

describe('offers', () => {
  it('refuses an offerId already used in the stream', () => {
    negotiation.given(recorded([input.opened(), input.offerMade('o-1')])).when([input.offerMade('o-1')]).thenThrows(DomainRuleError, /offer o-1 already exists/);
  });

  it('refuses an offerId used twice in one batch', () => {
    negotiation.given(recorded([input.opened()])).when([input.offerMade('o-1'), input.offerMade('o-1')]).thenThrows(DomainRuleError, /^event 1 .*offer o-1 already exists/);
  });

  it.each([
    ['accepted', input.offerAccepted('o-9')],
    ['rejected', input.offerRejected('o-9')],
    ['withdrawn', input.offerWithdrawn('o-9')],
    ['countered', input.offerMade('o-2', { data: { counters: 'o-9' } })],
  ])('refuses an unknown offer being %s', (_label, event) => {
    negotiation.given(recorded([input.opened(), input.offerMade('o-1')])).when([event]).thenThrows(DomainRuleError, /o-9 does not exist/);
  });

  it.each([
    ['accepted', input.offerAccepted('o-1')],
    ['rejected', input.offerRejected('o-1')],
    ['withdrawn', input.offerWithdrawn('o-1')],
    ['countered', input.offerMade('o-2', { data: { counters: 'o-1' } })],
  ])('lets an existing offer be %s', (_label, event) => {
    negotiation.given(recorded([input.opened(), input.offerMade('o-1')])).when([event]).then([event]);
  });

  it('lets a batch respond to an offer made earlier in the same batch, not later', () => {
    const history = recorded([input.opened()]);
    negotiation.given(history).when([input.offerMade('o-1'), input.offerAccepted('o-1')]).then([input.offerMade('o-1'), input.offerAccepted('o-1')]);
    negotiation.given(history).when([input.offerAccepted('o-1'), input.offerMade('o-1')]).thenThrows(DomainRuleError, /^event 0 .*o-1 does not exist/);
  });
});

describe('access requests and grants', () => {
  it('refuses a requestId already used, in the stream or in the batch', () => {
    negotiation.given(recorded([input.opened(), input.accessRequested('r-1')])).when([input.accessRequested('r-1')]).thenThrows(DomainRuleError, /request r-1 already exists/);
    negotiation.given(recorded([input.opened()])).when([input.accessRequested('r-2'), input.accessRequested('r-2')]).thenThrows(DomainRuleError, /^event 1/);
  });

  it('refuses a grantId already used, in the stream or in the batch', () => {
    negotiation.given(recorded([input.opened(), input.accessGranted('g-1')])).when([input.accessGranted('g-1')]).thenThrows(DomainRuleError, /grant g-1 already exists/);
    negotiation.given(recorded([input.opened()])).when([input.accessGranted('g-2'), input.accessGranted('g-2')]).thenThrows(DomainRuleError, /^event 1/);
  });

  it('refuses a grant answering an unknown request', () => {
    negotiation.given(recorded([input.opened()])).when([input.accessGranted('g-1', { data: { requestId: 'r-1' } })]).thenThrows(DomainRuleError, /request r-1 does not exist/);
  });

  it('accepts a grant answering a request of the stream or of the batch', () => {
    const history = recorded([input.opened(), input.accessRequested('r-1')]);
    const answer = input.accessGranted('g-1', { data: { requestId: 'r-1' } });
    negotiation.given(history).when([answer]).then([answer]);
    const batch = [input.accessRequested('r-2'), input.accessGranted('g-2', { data: { requestId: 'r-2' } })];
    negotiation.given(history).when(batch).then(batch);
  });

  it('refuses revoking an unknown grant and accepts revoking a known one', () => {
    const history = recorded([input.opened(), input.accessGranted('g-1')]);
    negotiation.given(history).when([input.accessRevoked('g-2')]).thenThrows(DomainRuleError, /grant g-2 does not exist/);
    negotiation.given(history).when([input.accessRevoked('g-1')]).then([input.accessRevoked('g-1')]);
  });

  it('keeps offer, grant and request ids in separate namespaces', () => {
    const batch = [input.accessRequested('x'), input.accessGranted('x')];
    negotiation.given(recorded([input.opened(), input.offerMade('x')])).when(batch).then(batch);
  });
});

describe('corrections and retractions', () => {
  const opening = { ...input.opened(), id: eventId(1) };
  const offer = { ...input.offerMade('o-1'), id: eventId(2) };
  const meeting = { ...input.meeting({ data: { count: { min: 4, max: 5 } } }), id: eventId(3) };
  const grant = { ...input.accessGranted('g-1', { data: { requestId: 'r-1' } }), id: eventId(4) };
  const request = { ...input.accessRequested('r-1'), id: eventId(5) };
  const saying = { ...input.statement('Regnier said so.'), id: eventId(6) };
  const base = () => recorded([opening, offer, meeting, request, grant, saying]);

  it('accepts a correction of occurredAt, data or source', () => {
    const batch = [
      input.corrected(eventId(3), { occurredAt: '2026-04' }),
      input.corrected(eventId(6), { data: { text: 'Regnier said something else.' } }),
      input.corrected(eventId(6), { source: { url: 'https://www.politico.eu/x' } }),
    ];
    // Decided in stored form: a v1 `source` is also the first of `sources`.
    const stored = batch.map((event, i) => (i === 2 ? { ...event, data: { ...event.data, sources: [event.data.source!] } } : event));
    negotiation.given(base()).when(batch).then(stored);
  });

  it('accepts a correction of confidence or note alone, and refuses one restating them', () => {
    const confident = input.corrected(eventId(6), { confidence: 'confirmed' });
    negotiation.given(base()).when([confident]).then([confident]);
    negotiation.given(base()).when([input.corrected(eventId(6), { note: 'speaker checked against the video' })]).then([input.corrected(eventId(6), { note: 'speaker checked against the video' })]);
    const history = recorded([opening, offer, meeting, request, grant, saying], [{ ...confident, id: eventId(20) }]);
    negotiation.given(history).when([input.corrected(eventId(6), { confidence: 'confirmed' })]).thenThrows(DomainRuleError, /must change occurredAt, data or source/);
  });

  it('refuses a correction that changes nothing', () => {
    negotiation.given(base()).when([input.corrected(eventId(3), {})]).thenThrows(DomainRuleError, /must change occurredAt, data or source/);
  });

  it('refuses a target that is not in the stream', () => {
    const other = new Recorder(idSequence(500));
    const foreign = other.one('other', input.opened(), '2026-06-01T10:00:00.000Z');
    negotiation.given(base()).when([input.retracted(foreign.id)]).thenThrows(DomainRuleError, /is not in negotiation eu-openai/);
    negotiation.given(base()).when([input.corrected(eventId(99), { occurredAt: '2026' })]).thenThrows(DomainRuleError, /is not in negotiation/);
  });

  it('refuses to correct or retract a correction or a retraction', () => {
    const history = recorded([opening, offer, meeting], [{ ...input.corrected(eventId(3), { occurredAt: '2026-04' }), id: eventId(10) }], [{ ...input.retracted(eventId(2)), id: eventId(11) }]);
    negotiation.given(history).when([input.retracted(eventId(10))]).thenThrows(DomainRuleError, /is itself a correction/);
    negotiation.given(history).when([input.corrected(eventId(10), { data: { reason: 'x' } })]).thenThrows(DomainRuleError, /is itself a correction/);
    negotiation.given(history).when([input.retracted(eventId(11))]).thenThrows(DomainRuleError, /is itself a correction/);
  });

  it('refuses to correct or retract a retracted event (recorded earlier)', () => {
    const history = recorded([opening, offer, meeting], [input.retracted(eventId(3))]);
    negotiation.given(history).when([input.retracted(eventId(3))]).thenThrows(DomainRuleError, /is retracted/);
    negotiation.given(history).when([input.corrected(eventId(3), { occurredAt: '2026' })]).thenThrows(DomainRuleError, /is retracted/);
  });

  it('refuses to correct or retract an event retracted earlier in the same batch', () => {
    negotiation.given(base()).when([input.retracted(eventId(3)), input.corrected(eventId(3), { occurredAt: '2026' })]).thenThrows(DomainRuleError, /^event 1 .*is retracted/);
    negotiation.given(base()).when([input.retracted(eventId(3)), input.retracted(eventId(3))]).thenThrows(DomainRuleError, /^event 1 .*is retracted/);
  });

  it('allows correcting an event several times, then retracting it', () => {
    const batch = [input.corrected(eventId(3), { occurredAt: '2026-04' }), input.corrected(eventId(3), { occurredAt: '2026-03' }), input.retracted(eventId(3))];
    negotiation.given(base()).when(batch).then(batch);
  });

  it('allows correcting and retracting an event recorded earlier in the same batch', () => {
    const batch = [{ ...input.meeting(), id: eventId(20) }, input.corrected(eventId(20), { occurredAt: '2026-05-03' }), input.retracted(eventId(20))];
    negotiation.given(recorded([opening])).when(batch).then(batch);
  });

  it.each([
    ['an invalid count', eventId(3), { count: { min: 5, max: 2 } }, /not a valid MeetingHeld: count.max/],
    ['an unknown key', eventId(3), { colour: 'blue' }, /not a valid MeetingHeld/],
    ['a wrong type', eventId(3), { format: 'hybrid' }, /not a valid MeetingHeld: format/],
    ['removing a required field', eventId(6), { text: null }, /not a valid StatementMade: text/],
    ['a text over 10,000 characters', eventId(6), { text: 'x'.repeat(10_001) }, /not a valid StatementMade: text/],
  ])('re-validates the merged data against the target schema: refuses %s', (_label, target, data, message) => {
    negotiation.given(base()).when([input.corrected(target, { data })]).thenThrows(DomainRuleError, message);
  });

  it('refuses corrected data the schema would rewrite (a name with spaces around it), since the patch is replayed as sent', () => {
    negotiation.given(base()).when([input.corrected(eventId(2), { data: { to: '  AI Office ' } })]).thenThrows(DomainRuleError, /as it is stored/);
    const trimmed = input.corrected(eventId(2), { data: { to: 'AI Office' } });
    negotiation.given(base()).when([trimmed]).then([trimmed]);
  });

  it('accepts removing an optional field with null', () => {
    const removal = input.corrected(eventId(3), { data: { count: null } });
    negotiation.given(base()).when([removal]).then([removal]);
  });

  it.each([
    ['offerId of an offer', eventId(2), { offerId: 'o-2' }, 'offerId'],
    ['offerId removed', eventId(2), { offerId: null }, 'offerId'],
    ['grantId of a grant', eventId(4), { grantId: 'g-2' }, 'grantId'],
    ['requestId of a request', eventId(5), { requestId: 'r-2' }, 'requestId'],
    ['requestId a grant answers', eventId(4), { requestId: 'r-2' }, 'requestId'],
  ])('refuses a correction of the identity key: %s', (_label, target, data, key) => {
    negotiation.given(base()).when([input.corrected(target, { data })]).thenThrows(DomainRuleError, new RegExp(`may not change ${key}`));
  });

  it('accepts a correction that restates the identity key unchanged', () => {
    const restating = input.corrected(eventId(2), { data: { offerId: 'o-1', to: 'AI Office' } });
    negotiation.given(base()).when([restating]).then([restating]);
  });

  it('refuses a correction that makes an offer counter an unknown offer, and accepts a known one', () => {
    const history = recorded([opening, offer, { ...input.offerMade('o-2'), id: eventId(7) }]);
    negotiation.given(history).when([input.corrected(eventId(7), { data: { counters: 'o-9' } })]).thenThrows(DomainRuleError, /countered offer o-9 does not exist/);
    const known = input.corrected(eventId(7), { data: { counters: 'o-1' } });
    negotiation.given(history).when([known]).then([known]);
  });
});

describe('the decision state of a stream with corrections and retractions', () => {
  const opening = { ...input.opened(), id: eventId(1) };
  const meeting = { ...input.meeting({ data: { count: { min: 4, max: 5 } } }), id: eventId(3) };

  it('keeps each event as currently corrected', () => {
    const history = recorded(
      [opening, meeting],
      [input.corrected(eventId(3), { occurredAt: '2026-04', data: { count: { min: 2, max: 3 }, format: 'virtual' } })],
      [input.corrected(eventId(3), { data: { format: null } })],
    );
    decisionState.given(history).then((state) => {
      expect(state.events.get(eventId(3))).toEqual({ type: 'MeetingHeld', occurredAt: '2026-04', data: { count: { min: 2, max: 3 } }, provenance: {}, retracted: false });
    });
  });

  it('marks retracted events', () => {
    decisionState.given(recorded([opening, meeting], [input.retracted(eventId(3))])).then((state) => {
      expect(state.events.get(eventId(3))?.retracted).toBe(true);
    });
  });
});

describe("a correction's data", () => {
  const opening = { ...input.opened(), id: eventId(1) };
  const meeting = { ...input.meeting({ data: { count: { min: 4, max: 5 } } }), id: eventId(3) };
  const saying = { ...input.statement('Regnier said so.'), id: eventId(6) };
  const base = () => recorded([opening, meeting, saying]);

  it.each([
    ['a key of no field, set to null', eventId(3), { mood: null }, 'mood'],
    ['a field of another type', eventId(3), { text: 'said' }, 'text'],
    ['"constructor" holding 1e400', eventId(3), JSON.parse('{"constructor":1e400}') as Record<string, unknown>, 'constructor'],
    ['"__proto__" (an own key, as JSON.parse makes it)', eventId(3), JSON.parse('{"__proto__":{"format":"virtual"}}') as Record<string, unknown>, '__proto__'],
    ['"prototype" holding 900 KB beside a real change', eventId(6), { text: 'new words', prototype: 'j'.repeat(900_000) }, 'prototype'],
  ])('refuses %s, naming the key', (_label, target, data, key) => {
    negotiation
      .given(base())
      .when([input.corrected(target, { data })])
      .thenThrows(DomainRuleError, (error) => {
        expect(error.status).toBe(422);
        expect(error.message).toContain(`it has no field ${JSON.stringify(key)}`);
      });
  });

  it.each([
    ['empty data', eventId(3), { data: {} }],
    ['restating the values it has', eventId(3), { data: { count: { min: 4, max: 5 } } }],
    ['removing a field it does not have', eventId(3), { data: { format: null } }],
    ['restating its fields in another key order', eventId(6), { data: { speaker: { org: 'European Commission', name: 'Thomas Regnier' } } }],
    ['restating its occurredAt', eventId(3), { occurredAt: meeting.occurredAt }],
    ['restating its source', eventId(6), { source: input.BRIEF }],
    ['restating its occurredAt, data and source at once', eventId(6), { occurredAt: saying.occurredAt, data: { kind: 'paraphrase' }, source: { ...input.BRIEF } }],
  ])('refuses %s: a correction that changes nothing', (_label, target, change) => {
    negotiation.given(base()).when([input.corrected(target, change)]).thenThrows(DomainRuleError, /must change occurredAt, data or source/);
  });

  it('accepts a correction that restates some fields and changes one', () => {
    const correction = input.corrected(eventId(3), { occurredAt: meeting.occurredAt, data: { count: { min: 4, max: 5 }, format: 'virtual' } });
    negotiation.given(base()).when([correction]).then([correction]);
  });

  describe('of an event corrected before', () => {
    const corrected = () => recorded([opening, meeting], [input.corrected(eventId(3), { occurredAt: '2026-04', data: { count: { min: 2, max: 3 } } })]);

    it('refuses restating what the event now says', () => {
      negotiation.given(corrected()).when([input.corrected(eventId(3), { data: { count: { min: 2, max: 3 } } })]).thenThrows(DomainRuleError, /must change/);
      negotiation.given(corrected()).when([input.corrected(eventId(3), { occurredAt: '2026-04' })]).thenThrows(DomainRuleError, /must change/);
    });

    it('accepts restating what it said first: that is a change now', () => {
      const firstData = input.corrected(eventId(3), { data: { count: { min: 4, max: 5 } } });
      negotiation.given(corrected()).when([firstData]).then([firstData]);
      const firstTime = input.corrected(eventId(3), { occurredAt: meeting.occurredAt });
      negotiation.given(corrected()).when([firstTime]).then([firstTime]);
    });

    it('refuses restating a correction made earlier in the same batch', () => {
      const batch = [input.corrected(eventId(3), { occurredAt: '2026-03' }), input.corrected(eventId(3), { occurredAt: '2026-03' })];
      negotiation.given(corrected()).when(batch).thenThrows(DomainRuleError, /^event 1 .*must change/);
    });
  });

  describe('recorded before keys of no field were refused', () => {
    /** A stream holding a correction as a store may hold it from then: a junk key, a null for no field, and one real change. */
    function withOldCorrection(): RecordedEvent[] {
      const events = recorded([opening, meeting]);
      const last = events[events.length - 1]!;
      const old: RecordedEvent = {
        ...last,
        id: eventId(50),
        type: 'EventCorrected',
        revision: last.revision + 1,
        position: last.position + 1,
        data: { targetEventId: eventId(3), reason: 'r', data: { constructor: 'j'.repeat(1_000), mood: null, summary: 'kept' } },
      };
      return [...events, old];
    }

    it('applies only the fields of the target', () => {
      decisionState.given(withOldCorrection()).then((state) => {
        expect(state.events.get(eventId(3))?.data).toEqual({ count: { min: 4, max: 5 }, summary: 'kept' });
        expect(Object.hasOwn(state.events.get(eventId(3))!.data, 'constructor')).toBe(false);
      });
    });

    it('judges later corrections against what it applied', () => {
      negotiation.given(withOldCorrection()).when([input.corrected(eventId(3), { data: { summary: 'kept' } })]).thenThrows(DomainRuleError, /must change/);
      const change = input.corrected(eventId(3), { data: { summary: 'changed' } });
      negotiation.given(withOldCorrection()).when([change]).then([change]);
    });
  });
});

describe('the decided events', () => {
  it('are the events as written, without anything else the input carries', () => {
    const sneaky = { ...input.meeting(), recordedAt: '1999-01-01T00:00:00.000Z', recordedBy: 'mallory', revision: 99, hash: 'f'.repeat(64) } as EventInput;
    negotiation.given(recorded([input.opened()])).when([sneaky]).then([input.meeting()]);
  });

  it("keep a client id and leave an event without one without, for sealing to give", () => {
    const statement = { ...input.statement('t', { occurredAt: '2026-05' }), id: eventId(5) };
    negotiation.given([]).when([input.opened({ occurredAt: '2026' }), statement]).then(([first, second]) => {
      expect('id' in first!).toBe(false);
      expect(second).toEqual({ id: eventId(5), type: 'StatementMade', occurredAt: '2026-05', source: input.BRIEF, sources: [input.BRIEF], data: statement.data });
      expect('source' in first!).toBe(false);
    });
  });

  it('leave the decision state untouched, whether accepted or refused', () => {
    const state = recorded([input.opened(), input.offerMade('o-1')]).reduce(evolveDecisionState, initialDecisionState(N));
    const snapshot = { revision: state.revision, hash: state.hash, offers: [...state.offerIds], events: state.events.size };
    decide({ negotiationId: N, inputs: [input.offerMade('o-2'), input.accessGranted('g-1')] }, state);
    expect(() => decide({ negotiationId: N, inputs: [input.offerMade('o-3'), input.offerMade('o-3')] }, state)).toThrow(DomainRuleError);
    expect({ revision: state.revision, hash: state.hash, offers: [...state.offerIds], events: state.events.size }).toEqual(snapshot);
  });
});
