import { MaxAppendSizeExceededError, NO_STREAM as ESDB_NO_STREAM, START } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { DuplicateEventIdError, ParleyError, StoreUnavailableError, ValidationError } from '../../src/errors.js';
import { NO_STREAM, type PendingEvent } from '../../src/events/recordedEvent.js';
import {
  fromCurrentRevision,
  fromEsdbRecord,
  isParleyRecord,
  positionFromCommit,
  readPositionFrom,
  toEsdbEvent,
  toEsdbStoreError,
  toExpectedRevision,
  type EsdbRecord,
} from '../../src/store/esdbMapping.js';
import { chain, meeting, negotiationId, opening } from './eventChain.js';

/** What the server hands back for a written event: data and metadata through JSON, plus a log position. */
function asStored(event: PendingEvent, commit: bigint, revision = BigInt(event.revision)): EsdbRecord {
  const written = toEsdbEvent(event);
  return {
    streamId: `negotiation-${event.negotiationId}`,
    revision,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit, prepare: commit },
  };
}

describe('a Parley event written to EventStoreDB', () => {
  const id = negotiationId('esdb');
  const [opened, statement] = chain(id, [
    opening('Accès « cyber » 東京 🤝'),
    {
      type: 'StatementMade',
      occurredAt: '2026-05-12T09:30:00+02:00',
      source: { publisher: 'Politico Europe', url: 'https://example.eu/a?b=1', publishedAt: '2026-05' },
      data: { speaker: { name: 'Thomas Regnier' }, text: 'e\u0301 👩‍💻 "q" \\ \u2028', kind: 'quote', topics: ['ü'] },
    },
  ]);

  it('keeps data and source in the record data, the envelope in its metadata, and its id as the record id', () => {
    const written = toEsdbEvent(statement!);
    expect(written).toMatchObject({ id: statement!.id, type: 'StatementMade', contentType: 'application/json' });
    expect(written.data).toStrictEqual({ data: statement!.data, source: statement!.source });
    expect(written.metadata).toStrictEqual({
      id: statement!.id,
      negotiationId: id,
      type: 'StatementMade',
      revision: 1,
      occurredAt: statement!.occurredAt,
      recordedAt: statement!.recordedAt,
      recordedBy: statement!.recordedBy,
      hash: statement!.hash,
    });
  });

  it('reads back exactly as given, with the commit position as its position', () => {
    for (const [event, commit] of [
      [opened!, 4_096n],
      [statement!, 9_007_199_254_740_991n],
    ] as const) {
      const read = fromEsdbRecord(asStored(event, commit));
      expect(read).toStrictEqual({ ...event, position: Number(commit) });
      expect(JSON.stringify(read.data)).toBe(JSON.stringify(event.data));
    }
  });

  it('has no source key when it had no source', () => {
    expect(toEsdbEvent(opened!).data).toStrictEqual({ data: opened!.data });
    expect('source' in fromEsdbRecord(asStored(opened!, 10n))).toBe(false);
  });
});

describe('a record that cannot be read as a Parley event', () => {
  const [event] = chain(negotiationId('odd'), [meeting(1)]);

  it('is refused when another writer left no Parley metadata', () => {
    const foreign = { ...asStored(event!, 20n), metadata: { $correlationId: 'x' } };
    expect(() => fromEsdbRecord(foreign)).toThrow(ParleyError);
  });

  it('is refused with StoreUnavailableError when the server reports no log position', () => {
    expect(() => fromEsdbRecord({ ...asStored(event!, 20n), position: undefined })).toThrow(StoreUnavailableError);
    const unknown = 2n ** 64n - 1n;
    expect(() => fromEsdbRecord({ ...asStored(event!, 20n), position: { commit: unknown, prepare: unknown } })).toThrow(
      StoreUnavailableError,
    );
  });
});

describe('a commit position converted to a Parley position', () => {
  it('is exact up to 2^53 - 1', () => {
    expect(positionFromCommit(1n)).toBe(1);
    expect(positionFromCommit(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is refused beyond 2^53 - 1 or below 0 rather than rounded', () => {
    expect(() => positionFromCommit(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(ParleyError);
    expect(() => positionFromCommit(-1n)).toThrow(ParleyError);
  });

  it('becomes the read position of that same record, or the start for position 0', () => {
    expect(readPositionFrom(0)).toBe(START);
    expect(readPositionFrom(123_456)).toStrictEqual({ commit: 123_456n, prepare: 123_456n });
  });
});

describe('expected and current revisions', () => {
  it('map NO_STREAM to the client constant and a revision to a bigint', () => {
    expect(toExpectedRevision(NO_STREAM)).toBe(ESDB_NO_STREAM);
    expect(toExpectedRevision(0)).toBe(0n);
    expect(toExpectedRevision(41)).toBe(41n);
  });

  it('map the server-reported revision back, a missing stream to NO_STREAM', () => {
    expect(fromCurrentRevision(ESDB_NO_STREAM)).toBe(NO_STREAM);
    expect(fromCurrentRevision(undefined)).toBe(NO_STREAM);
    expect(fromCurrentRevision(7n)).toBe(7);
  });
});

describe('records of $all', () => {
  it('count as Parley events only in negotiation streams and without a system type', () => {
    expect(isParleyRecord('negotiation-eu-openai', 'OfferMade')).toBe(true);
    expect(isParleyRecord('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(isParleyRecord('$$negotiation-eu-openai', '$metadata')).toBe(false);
    expect(isParleyRecord('negotiation-eu-openai', '$>')).toBe(false);
    expect(isParleyRecord('orders-1', 'OfferMade')).toBe(false);
  });
});

describe('errors from the EventStoreDB client', () => {
  it('become ValidationError for a batch over the append size limit', () => {
    const mapped = toEsdbStoreError(new MaxAppendSizeExceededError(undefined, 1_048_576), 'appending');
    expect(mapped).toBeInstanceOf(ValidationError);
    expect(mapped.message).toContain('1048576');
  });

  it('become StoreUnavailableError for anything else, and leave Parley errors as they are', () => {
    const mapped = toEsdbStoreError(new Error('14 UNAVAILABLE: No connection established'), 'appending');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.message).toContain('No connection established');
    const duplicate = new DuplicateEventIdError(['x']);
    expect(toEsdbStoreError(duplicate, 'appending')).toBe(duplicate);
  });
});
