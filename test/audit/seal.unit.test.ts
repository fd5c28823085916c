import { describe, expect, it } from 'vitest';
import { chainHash, StreamVerifier } from '../../src/audit/hashChain.js';
import { sealEvents, type SealContext, type StreamHead } from '../../src/audit/seal.js';
import { evolveDecisionState, initialDecisionState } from '../../src/domain/decisionState.js';
import type { EventInput } from '../../src/events/eventInput.js';
import { GENESIS_HASH, NO_STREAM } from '../../src/events/recordedEvent.js';
import { eventId, idSequence } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { Recorder } from '../support/recorder.js';

const N = 'eu-openai';
const RECORDED_AT = '2026-06-01T10:00:00.000Z';
const NEW_STREAM: StreamHead = { negotiationId: N, revision: NO_STREAM, hash: GENESIS_HASH };

/** Seals the events onto the head as alice, at RECORDED_AT, with ids from 1 for events without one. */
function sealed(head: StreamHead, events: EventInput[], context: Partial<SealContext> = {}) {
  return sealEvents(head, events, { recordedAt: RECORDED_AT, recordedBy: 'alice', newId: idSequence(1), ...context });
}

describe('sealing the first events of a stream', () => {
  it('puts the first at revision 0, in its negotiation', () => {
    const [event] = sealed(NEW_STREAM, [input.opened()]);
    expect(event).toMatchObject({ type: 'NegotiationOpened', revision: 0, negotiationId: N });
  });

  it('gives a batch consecutive revisions', () => {
    expect(sealed(NEW_STREAM, [input.opened(), input.meeting(), input.statusChanged('progressing')]).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('chains their hashes from the genesis hash, each over the previous one', () => {
    const events = sealed(NEW_STREAM, [input.opened(), input.meeting(), input.statement('s')]);
    let previous = GENESIS_HASH;
    for (const { hash, ...content } of events) {
      expect(hash).toBe(chainHash(previous, content));
      previous = hash;
    }
  });
});

describe('sealing events onto a recorded stream', () => {
  const recorder = new Recorder(idSequence(1_000));
  const before = recorder.record(N, [input.opened(), input.meeting()], '2026-05-20T10:00:00.000Z');
  const head = before.reduce(evolveDecisionState, initialDecisionState(N));

  it('continues the revisions after the head', () => {
    expect(sealed(head, [input.meeting(), input.meeting()]).map((e) => e.revision)).toEqual([2, 3]);
  });

  it('chains on from the head, and verifies with the stream before them', () => {
    const added = sealed(head, [input.meeting(), input.corrected(before[1]!.id, { occurredAt: '2026-04' })]);
    expect(added[0]!.hash).toBe(chainHash(before[1]!.hash, (({ hash: _h, ...c }) => c)(added[0]!)));
    const verifier = new StreamVerifier(N);
    for (const event of [...before, ...added]) verifier.check(event);
    expect(verifier.checked).toBe(4);
    expect(verifier.breaks).toEqual([]);
  });
});

describe('a sealed event', () => {
  it('carries recordedAt and recordedBy from the context, never from the input', () => {
    const sneaky = { ...input.meeting(), recordedAt: '1999-01-01T00:00:00.000Z', recordedBy: 'mallory', revision: 99, hash: 'f'.repeat(64) } as EventInput;
    const [event] = sealed({ ...NEW_STREAM, revision: 0 }, [sneaky]);
    expect(event).toMatchObject({ recordedAt: RECORDED_AT, recordedBy: 'alice', revision: 1 });
    expect(event!.hash).not.toBe('f'.repeat(64));
    expect(Object.keys(event!).sort()).toEqual(['data', 'hash', 'id', 'negotiationId', 'occurredAt', 'recordedAt', 'recordedBy', 'revision', 'schemaVersion', 'type']);
    expect(event!.schemaVersion).toBe(2);
  });

  it('keeps a client id, gets one when sent without, and keeps occurredAt, source and data as written', () => {
    const statement = { ...input.statement('t', { occurredAt: '2026-05' }), id: eventId(5) };
    const [first, second] = sealed(NEW_STREAM, [input.opened({ occurredAt: '2026' }), statement], { newId: idSequence(77) });
    expect(first!.id).toBe(eventId(77));
    expect(second!.id).toBe(eventId(5));
    expect(first!.occurredAt).toBe('2026');
    expect(second).toMatchObject({ occurredAt: '2026-05', source: input.BRIEF, data: statement.data });
    expect('source' in first!).toBe(false);
  });

  it.each([
    ['sources', { sources: [{ publisher: 'Politico' }] }],
    ['confidence', { confidence: 'estimated' }],
    ['note', { note: 'speaker not named in the source' }],
  ])('depends on the v2 field %s when present', (_field, extra) => {
    const a = sealed(NEW_STREAM, [{ ...input.opened(), id: eventId(1) }]);
    const b = sealed(NEW_STREAM, [{ ...input.opened(), id: eventId(1), ...extra } as EventInput]);
    expect(a[0]!.hash).not.toBe(b[0]!.hash);
  });

  it('depends on every hashed field: changing recordedBy changes the hash', () => {
    const a = sealed(NEW_STREAM, [{ ...input.opened(), id: eventId(1) }]);
    const b = sealed(NEW_STREAM, [{ ...input.opened(), id: eventId(1) }], { recordedBy: 'bob' });
    expect(a[0]!.hash).not.toBe(b[0]!.hash);
  });
});
