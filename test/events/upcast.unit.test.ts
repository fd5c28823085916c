import { describe, expect, it } from 'vitest';
import { UnknownSchemaVersionError } from '../../src/errors.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { upcast } from '../../src/events/upcast.js';
import { eventId } from '../support/ids.js';

const BRIEF = { publisher: 'Brief IA', title: 'OpenAI and Anthropic' };

function stored(fields: Partial<RecordedEvent>): RecordedEvent {
  return {
    id: eventId(1),
    type: 'MeetingHeld',
    negotiationId: 'n',
    revision: 1,
    position: 2,
    occurredAt: '2026-05',
    recordedAt: '2026-05-20T10:00:00.000Z',
    recordedBy: 'rita',
    data: {},
    hash: 'a'.repeat(64),
    ...fields,
  };
}

describe('a version 1 event (no schemaVersion)', () => {
  it('reads its one source as the first of sources, and as version 2', () => {
    const v1 = stored({ source: BRIEF });
    expect(upcast(v1)).toEqual({ ...v1, source: BRIEF, sources: [BRIEF], schemaVersion: 2 });
  });

  it('leaves the stored form as it was: the hash covers that, forever', () => {
    const v1 = stored({ source: BRIEF });
    const copy = structuredClone(v1);
    upcast(v1);
    expect(v1).toEqual(copy);
  });

  it('without a source stays without sources', () => {
    expect(upcast(stored({}))).not.toHaveProperty('sources');
  });

  it("reads a v1 correction's source as its sources too", () => {
    const correction = stored({ type: 'EventCorrected', data: { targetEventId: eventId(2), source: BRIEF, reason: 'better source' } });
    expect(upcast(correction).data).toEqual({ targetEventId: eventId(2), source: BRIEF, sources: [BRIEF], reason: 'better source' });
  });

  it('reads an explicit schemaVersion 1 the same way', () => {
    expect(upcast(stored({ source: BRIEF, schemaVersion: 1 })).sources).toEqual([BRIEF]);
  });
});

describe('a version 2 event', () => {
  it('is returned as it is, not copied', () => {
    const v2 = stored({ source: BRIEF, sources: [BRIEF], confidence: 'estimated', schemaVersion: 2 });
    expect(upcast(v2)).toBe(v2);
  });
});

describe('a version this Parley does not know', () => {
  it.each([3, 0, 2.5, '2'])('(%j) is refused with an error naming the event and the versions it reads', (version) => {
    const event = stored({ schemaVersion: version as number });
    expect(() => upcast(event)).toThrow(UnknownSchemaVersionError);
    expect(() => upcast(event)).toThrow(/negotiation n, revision 1 .* has schemaVersion .*it reads 1, 2/);
  });
});
