import { describe, expect, it } from 'vitest';
import { chainHash, StreamVerifier } from '../../src/audit/hashChain.js';
import { decide, type AppendCommand } from '../../src/domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState } from '../../src/domain/decisionState.js';
import { DomainRuleError } from '../../src/errors.js';
import type { EventInput } from '../../src/events/eventInput.js';
import { GENESIS_HASH, type PendingEvent, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { eventId, idSequence } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';

const N = 'eu-openai';
const RECORDED_AT = '2026-06-01T10:00:00.000Z';

/** Given: a stream recorded from these batches; returns its decision state and its events. */
function given(...batches: EventInput[][]): { state: DecisionState; events: RecordedEvent[] } {
  const recorder = new Recorder(idSequence(1_000));
  for (const batch of batches) recorder.record(N, batch, '2026-05-20T10:00:00.000Z');
  const events = recorder.stream(N);
  return { state: events.reduce(evolveDecisionState, initialDecisionState(N)), events };
}

/** When: the command is decided against the state. */
function when(state: DecisionState, inputs: EventInput[], overrides: Partial<AppendCommand> = {}): PendingEvent[] {
  return decide({ negotiationId: N, inputs, recordedBy: 'alice', recordedAt: RECORDED_AT, newId: idSequence(1), ...overrides }, state);
}

/** Then: the rule error, or a failure when the command was accepted. */
function rejection(state: DecisionState, inputs: EventInput[]): DomainRuleError {
  try {
    when(state, inputs);
  } catch (error) {
    if (error instanceof DomainRuleError) return error;
    throw error;
  }
  throw new Error('expected a DomainRuleError, but the command was accepted');
}

const empty = () => initialDecisionState(N);

describe('a stream that does not exist yet', () => {
  it('opens with NegotiationOpened at revision 0', () => {
    const [event] = when(empty(), [input.opened()]);
    expect(event).toMatchObject({ type: 'NegotiationOpened', revision: 0, negotiationId: N });
  });

  it('takes a batch that starts with NegotiationOpened', () => {
    expect(when(empty(), [input.opened(), input.meeting(), input.statusChanged('progressing')]).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it.each([[input.meeting()], [input.statusChanged('progressing'), input.opened()]])('refuses any other first event (%#)', (...batch) => {
    const error = rejection(empty(), batch);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^event 0 \(\w+\): negotiation eu-openai does not exist/);
  });

  it('refuses two NegotiationOpened in one batch, naming the second', () => {
    expect(rejection(empty(), [input.opened(), input.opened()]).message).toMatch(/^event 1 \(NegotiationOpened\): .*already opened/);
  });
});

describe('an opened stream', () => {
  it('refuses a second NegotiationOpened', () => {
    const { state } = given([input.opened()]);
    expect(rejection(state, [input.opened()]).message).toMatch(/already opened/);
  });

  it('continues the revisions after the last one', () => {
    const { state } = given([input.opened(), input.meeting()], [input.meeting()]);
    expect(when(state, [input.meeting(), input.meeting()]).map((e) => e.revision)).toEqual([3, 4]);
  });
});

describe('offers', () => {
  it('refuses an offerId already used in the stream', () => {
    const { state } = given([input.opened(), input.offerMade('o-1')]);
    expect(rejection(state, [input.offerMade('o-1')]).message).toMatch(/offer o-1 already exists/);
  });

  it('refuses an offerId used twice in one batch', () => {
    const { state } = given([input.opened()]);
    expect(rejection(state, [input.offerMade('o-1'), input.offerMade('o-1')]).message).toMatch(/^event 1 .*offer o-1 already exists/);
  });

  it.each([
    ['accepted', input.offerAccepted('o-9')],
    ['rejected', input.offerRejected('o-9')],
    ['withdrawn', input.offerWithdrawn('o-9')],
    ['countered', input.offerMade('o-2', { data: { counters: 'o-9' } })],
  ])('refuses an unknown offer being %s', (_label, event) => {
    const { state } = given([input.opened(), input.offerMade('o-1')]);
    expect(rejection(state, [event]).message).toMatch(/o-9 does not exist/);
  });

  it.each([
    ['accepted', input.offerAccepted('o-1')],
    ['rejected', input.offerRejected('o-1')],
    ['withdrawn', input.offerWithdrawn('o-1')],
    ['countered', input.offerMade('o-2', { data: { counters: 'o-1' } })],
  ])('lets an existing offer be %s', (_label, event) => {
    const { state } = given([input.opened(), input.offerMade('o-1')]);
    expect(when(state, [event])).toHaveLength(1);
  });

  it('lets a batch respond to an offer made earlier in the same batch, not later', () => {
    const { state } = given([input.opened()]);
    expect(when(state, [input.offerMade('o-1'), input.offerAccepted('o-1')])).toHaveLength(2);
    expect(rejection(state, [input.offerAccepted('o-1'), input.offerMade('o-1')]).message).toMatch(/^event 0 .*o-1 does not exist/);
  });
});

describe('access requests and grants', () => {
  it('refuses a requestId already used, in the stream or in the batch', () => {
    const { state } = given([input.opened(), input.accessRequested('r-1')]);
    expect(rejection(state, [input.accessRequested('r-1')]).message).toMatch(/request r-1 already exists/);
    expect(rejection(given([input.opened()]).state, [input.accessRequested('r-2'), input.accessRequested('r-2')]).message).toMatch(/^event 1/);
  });

  it('refuses a grantId already used, in the stream or in the batch', () => {
    const { state } = given([input.opened(), input.accessGranted('g-1')]);
    expect(rejection(state, [input.accessGranted('g-1')]).message).toMatch(/grant g-1 already exists/);
    expect(rejection(given([input.opened()]).state, [input.accessGranted('g-2'), input.accessGranted('g-2')]).message).toMatch(/^event 1/);
  });

  it('refuses a grant answering an unknown request', () => {
    const { state } = given([input.opened()]);
    expect(rejection(state, [input.accessGranted('g-1', { data: { requestId: 'r-1' } })]).message).toMatch(/request r-1 does not exist/);
  });

  it('accepts a grant answering a request of the stream or of the batch', () => {
    const { state } = given([input.opened(), input.accessRequested('r-1')]);
    expect(when(state, [input.accessGranted('g-1', { data: { requestId: 'r-1' } })])).toHaveLength(1);
    expect(when(state, [input.accessRequested('r-2'), input.accessGranted('g-2', { data: { requestId: 'r-2' } })])).toHaveLength(2);
  });

  it('refuses revoking an unknown grant and accepts revoking a known one', () => {
    const { state } = given([input.opened(), input.accessGranted('g-1')]);
    expect(rejection(state, [input.accessRevoked('g-2')]).message).toMatch(/grant g-2 does not exist/);
    expect(when(state, [input.accessRevoked('g-1')])).toHaveLength(1);
  });

  it('keeps offer, grant and request ids in separate namespaces', () => {
    const { state } = given([input.opened(), input.offerMade('x')]);
    expect(when(state, [input.accessRequested('x'), input.accessGranted('x')])).toHaveLength(2);
  });
});

describe('corrections and retractions', () => {
  const opening = { ...input.opened(), id: eventId(1) };
  const offer = { ...input.offerMade('o-1'), id: eventId(2) };
  const meeting = { ...input.meeting({ data: { count: { min: 4, max: 5 } } }), id: eventId(3) };
  const grant = { ...input.accessGranted('g-1', { data: { requestId: 'r-1' } }), id: eventId(4) };
  const request = { ...input.accessRequested('r-1'), id: eventId(5) };
  const saying = { ...input.statement('Regnier said so.'), id: eventId(6) };
  const base = () => given([opening, offer, meeting, request, grant, saying]);

  it('accepts a correction of occurredAt, data or source', () => {
    const { state } = base();
    const events = when(state, [
      input.corrected(eventId(3), { occurredAt: '2026-04' }),
      input.corrected(eventId(6), { data: { text: 'Regnier said something else.' } }),
      input.corrected(eventId(6), { source: { url: 'https://www.politico.eu/x' } }),
    ]);
    expect(events.map((e) => e.type)).toEqual(['EventCorrected', 'EventCorrected', 'EventCorrected']);
  });

  it('refuses a correction that changes nothing', () => {
    expect(rejection(base().state, [input.corrected(eventId(3), {})]).message).toMatch(/must change occurredAt, data or source/);
  });

  it('refuses a target that is not in the stream', () => {
    const other = new Recorder(idSequence(500));
    const foreign = other.one('other', input.opened(), RECORDED_AT);
    expect(rejection(base().state, [input.retracted(foreign.id)]).message).toMatch(/is not in negotiation eu-openai/);
    expect(rejection(base().state, [input.corrected(eventId(99), { occurredAt: '2026' })]).message).toMatch(/is not in negotiation/);
  });

  it('refuses to correct or retract a correction or a retraction', () => {
    const { state } = given([opening, offer, meeting], [{ ...input.corrected(eventId(3), { occurredAt: '2026-04' }), id: eventId(10) }], [{ ...input.retracted(eventId(2)), id: eventId(11) }]);
    expect(rejection(state, [input.retracted(eventId(10))]).message).toMatch(/is itself a correction/);
    expect(rejection(state, [input.corrected(eventId(10), { data: { reason: 'x' } })]).message).toMatch(/is itself a correction/);
    expect(rejection(state, [input.retracted(eventId(11))]).message).toMatch(/is itself a correction/);
  });

  it('refuses to correct or retract a retracted event (recorded earlier)', () => {
    const { state } = given([opening, offer, meeting], [input.retracted(eventId(3))]);
    expect(rejection(state, [input.retracted(eventId(3))]).message).toMatch(/is retracted/);
    expect(rejection(state, [input.corrected(eventId(3), { occurredAt: '2026' })]).message).toMatch(/is retracted/);
  });

  it('refuses to correct or retract an event retracted earlier in the same batch', () => {
    const { state } = base();
    expect(rejection(state, [input.retracted(eventId(3)), input.corrected(eventId(3), { occurredAt: '2026' })]).message).toMatch(/^event 1 .*is retracted/);
    expect(rejection(state, [input.retracted(eventId(3)), input.retracted(eventId(3))]).message).toMatch(/^event 1 .*is retracted/);
  });

  it('allows correcting an event several times, then retracting it', () => {
    const { state } = base();
    expect(when(state, [input.corrected(eventId(3), { occurredAt: '2026-04' }), input.corrected(eventId(3), { occurredAt: '2026-03' }), input.retracted(eventId(3))])).toHaveLength(3);
  });

  it('allows correcting and retracting an event recorded earlier in the same batch', () => {
    const { state } = given([opening]);
    const events = when(state, [{ ...input.meeting(), id: eventId(20) }, input.corrected(eventId(20), { occurredAt: '2026-05-03' }), input.retracted(eventId(20))]);
    expect(events).toHaveLength(3);
  });

  it.each([
    ['an invalid count', eventId(3), { count: { min: 5, max: 2 } }, /not a valid MeetingHeld: count.max/],
    ['an unknown key', eventId(3), { colour: 'blue' }, /not a valid MeetingHeld/],
    ['a wrong type', eventId(3), { format: 'hybrid' }, /not a valid MeetingHeld: format/],
    ['removing a required field', eventId(6), { text: null }, /not a valid StatementMade: text/],
    ['a text over 10,000 characters', eventId(6), { text: 'x'.repeat(10_001) }, /not a valid StatementMade: text/],
  ])('re-validates the merged data against the target schema: refuses %s', (_label, target, data, message) => {
    expect(rejection(base().state, [input.corrected(target, { data })]).message).toMatch(message);
  });

  it('refuses corrected data the schema would rewrite (a name with spaces around it), since the patch is replayed as sent', () => {
    expect(rejection(base().state, [input.corrected(eventId(2), { data: { to: '  AI Office ' } })]).message).toMatch(/as it is stored/);
    expect(when(base().state, [input.corrected(eventId(2), { data: { to: 'AI Office' } })])).toHaveLength(1);
  });

  it('accepts removing an optional field with null', () => {
    expect(when(base().state, [input.corrected(eventId(3), { data: { count: null } })])).toHaveLength(1);
  });

  it('keeps each event in the decision state as currently corrected, and marks retractions', () => {
    const { state } = given(
      [opening, meeting],
      [input.corrected(eventId(3), { occurredAt: '2026-04', data: { count: { min: 2, max: 3 }, format: 'virtual' } })],
      [input.corrected(eventId(3), { data: { format: null } })],
    );
    expect(state.events.get(eventId(3))).toEqual({ type: 'MeetingHeld', occurredAt: '2026-04', data: { count: { min: 2, max: 3 } }, retracted: false });
    const retracted = given([opening, meeting], [input.retracted(eventId(3))]).state;
    expect(retracted.events.get(eventId(3))?.retracted).toBe(true);
  });

  it.each([
    ['offerId of an offer', eventId(2), { offerId: 'o-2' }, 'offerId'],
    ['offerId removed', eventId(2), { offerId: null }, 'offerId'],
    ['grantId of a grant', eventId(4), { grantId: 'g-2' }, 'grantId'],
    ['requestId of a request', eventId(5), { requestId: 'r-2' }, 'requestId'],
    ['requestId a grant answers', eventId(4), { requestId: 'r-2' }, 'requestId'],
  ])('refuses a correction of the identity key: %s', (_label, target, data, key) => {
    expect(rejection(base().state, [input.corrected(target, { data })]).message).toMatch(new RegExp(`may not change ${key}`));
  });

  it('accepts a correction that restates the identity key unchanged', () => {
    expect(when(base().state, [input.corrected(eventId(2), { data: { offerId: 'o-1', to: 'AI Office' } })])).toHaveLength(1);
  });

  it('refuses a correction that makes an offer counter an unknown offer, and accepts a known one', () => {
    const { state } = given([opening, offer, { ...input.offerMade('o-2'), id: eventId(7) }]);
    expect(rejection(state, [input.corrected(eventId(7), { data: { counters: 'o-9' } })]).message).toMatch(/countered offer o-9 does not exist/);
    expect(when(state, [input.corrected(eventId(7), { data: { counters: 'o-1' } })])).toHaveLength(1);
  });
});

describe("a correction's data", () => {
  const opening = { ...input.opened(), id: eventId(1) };
  const meeting = { ...input.meeting({ data: { count: { min: 4, max: 5 } } }), id: eventId(3) };
  const saying = { ...input.statement('Regnier said so.'), id: eventId(6) };
  const base = () => given([opening, meeting, saying]);

  it.each([
    ['a key of no field, set to null', eventId(3), { mood: null }, 'mood'],
    ['a field of another type', eventId(3), { text: 'said' }, 'text'],
    ['"constructor" holding 1e400', eventId(3), JSON.parse('{"constructor":1e400}') as Record<string, unknown>, 'constructor'],
    ['"__proto__" (an own key, as JSON.parse makes it)', eventId(3), JSON.parse('{"__proto__":{"format":"virtual"}}') as Record<string, unknown>, '__proto__'],
    ['"prototype" holding 900 KB beside a real change', eventId(6), { text: 'new words', prototype: 'j'.repeat(900_000) }, 'prototype'],
  ])('refuses %s, naming the key', (_label, target, data, key) => {
    const error = rejection(base().state, [input.corrected(target, { data })]);
    expect(error.status).toBe(422);
    expect(error.message).toContain(`it has no field ${JSON.stringify(key)}`);
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
    expect(rejection(base().state, [input.corrected(target, change)]).message).toMatch(/must change occurredAt, data or source/);
  });

  it('accepts a correction that restates some fields and changes one', () => {
    expect(when(base().state, [input.corrected(eventId(3), { occurredAt: meeting.occurredAt, data: { count: { min: 4, max: 5 }, format: 'virtual' } })])).toHaveLength(1);
  });

  describe('of an event corrected before', () => {
    const corrected = () => given([opening, meeting], [input.corrected(eventId(3), { occurredAt: '2026-04', data: { count: { min: 2, max: 3 } } })]).state;

    it('refuses restating what the event now says', () => {
      expect(rejection(corrected(), [input.corrected(eventId(3), { data: { count: { min: 2, max: 3 } } })]).message).toMatch(/must change/);
      expect(rejection(corrected(), [input.corrected(eventId(3), { occurredAt: '2026-04' })]).message).toMatch(/must change/);
    });

    it('accepts restating what it said first: that is a change now', () => {
      expect(when(corrected(), [input.corrected(eventId(3), { data: { count: { min: 4, max: 5 } } })])).toHaveLength(1);
      expect(when(corrected(), [input.corrected(eventId(3), { occurredAt: meeting.occurredAt })])).toHaveLength(1);
    });

    it('refuses restating a correction made earlier in the same batch', () => {
      const batch = [input.corrected(eventId(3), { occurredAt: '2026-03' }), input.corrected(eventId(3), { occurredAt: '2026-03' })];
      expect(rejection(corrected(), batch).message).toMatch(/^event 1 .*must change/);
    });
  });

  describe('recorded before keys of no field were refused', () => {
    /** A correction as a store may hold it from then: a junk key, a null for no field, and one real change. */
    function withOldCorrection(): DecisionState {
      const { state, events } = given([opening, meeting]);
      const last = events[events.length - 1]!;
      const old: RecordedEvent = {
        ...last,
        id: eventId(50),
        type: 'EventCorrected',
        revision: last.revision + 1,
        position: last.position + 1,
        data: { targetEventId: eventId(3), reason: 'r', data: { constructor: 'j'.repeat(1_000), mood: null, summary: 'kept' } },
      };
      return evolveDecisionState(state, old);
    }

    it('applies only the fields of the target, and judges later corrections against that', () => {
      const state = withOldCorrection();
      expect(state.events.get(eventId(3))?.data).toEqual({ count: { min: 4, max: 5 }, summary: 'kept' });
      expect(Object.hasOwn(state.events.get(eventId(3))!.data, 'constructor')).toBe(false);
      expect(rejection(state, [input.corrected(eventId(3), { data: { summary: 'kept' } })]).message).toMatch(/must change/);
      expect(when(state, [input.corrected(eventId(3), { data: { summary: 'changed' } })])).toHaveLength(1);
    });
  });
});

describe('the recorded events', () => {
  it('carry recordedAt and recordedBy from the command, never from the input', () => {
    const { state } = given([input.opened()]);
    const sneaky = { ...input.meeting(), recordedAt: '1999-01-01T00:00:00.000Z', recordedBy: 'mallory', revision: 99, hash: 'f'.repeat(64) } as EventInput;
    const [event] = when(state, [sneaky]);
    expect(event).toMatchObject({ recordedAt: RECORDED_AT, recordedBy: 'alice', revision: 1 });
    expect(event!.hash).not.toBe('f'.repeat(64));
    expect(Object.keys(event!).sort()).toEqual(['data', 'hash', 'id', 'negotiationId', 'occurredAt', 'recordedAt', 'recordedBy', 'revision', 'type']);
  });

  it('keep a client id, give one to an event without, and keep occurredAt, source and data as written', () => {
    const ids = idSequence(77);
    const statement = { ...input.statement('t', { occurredAt: '2026-05' }), id: eventId(5) };
    const [first, second] = when(empty(), [input.opened({ occurredAt: '2026' }), statement], { newId: ids });
    expect(first!.id).toBe(eventId(77));
    expect(second!.id).toBe(eventId(5));
    expect(first!.occurredAt).toBe('2026');
    expect(second).toMatchObject({ occurredAt: '2026-05', source: input.BRIEF, data: statement.data });
    expect('source' in first!).toBe(false);
  });

  it('chain their hashes from the genesis hash, each over the previous one', () => {
    const events = when(empty(), [input.opened(), input.meeting(), input.statement('s')]);
    let previous = GENESIS_HASH;
    for (const { hash, ...content } of events) {
      expect(hash).toBe(chainHash(previous, content));
      previous = hash;
    }
  });

  it('chain on from the stream head, and verify with the stream before them', () => {
    const { state, events: before } = given([input.opened(), input.meeting()]);
    const added = when(state, [input.meeting(), input.corrected(before[1]!.id, { occurredAt: '2026-04' })]);
    expect(added[0]!.hash).toBe(chainHash(before[1]!.hash, (({ hash: _h, ...c }) => c)(added[0]!)));
    const verifier = new StreamVerifier(N);
    for (const event of [...before, ...added]) verifier.check(event);
    expect(verifier.checked).toBe(4);
    expect(verifier.breaks).toEqual([]);
  });

  it('depend on every hashed field: changing recordedBy changes the hash', () => {
    const a = when(empty(), [{ ...input.opened(), id: eventId(1) }]);
    const b = when(empty(), [{ ...input.opened(), id: eventId(1) }], { recordedBy: 'bob' });
    expect(a[0]!.hash).not.toBe(b[0]!.hash);
  });

  it('leave the decision state untouched, whether accepted or refused', () => {
    const { state } = given([input.opened(), input.offerMade('o-1')]);
    const snapshot = { revision: state.revision, hash: state.hash, offers: [...state.offerIds], events: state.events.size };
    when(state, [input.offerMade('o-2'), input.accessGranted('g-1')]);
    rejection(state, [input.offerMade('o-3'), input.offerMade('o-3')]);
    expect({ revision: state.revision, hash: state.hash, offers: [...state.offerIds], events: state.events.size }).toEqual(snapshot);
  });
});
