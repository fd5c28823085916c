import { describe, expect, it } from 'vitest';
import { dataSchemas, EVENT_TYPES } from '../../src/events/catalogue.js';
import { EventInput } from '../../src/events/eventInput.js';
import { EventId, LocalId, NegotiationId } from '../../src/events/primitives.js';
import { RecordedEvent } from '../../src/events/recordedEvent.js';
import { Source } from '../../src/events/source.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';

/** The paths of the issues a parse reports, to check that a rejection points at the right field. */
function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

const VALID_DATA = {
  NegotiationOpened: [
    { title: 'Access to GPT-5.5 Cyber', parties: [{ org: 'European Commission', role: 'regulator' }] },
    { title: 'T', subject: 'Why', parties: [{ org: 'A', role: 'provider' }, { org: 'B', role: 'observer' }, { org: 'C', role: 'mediator' }, { org: 'D', role: 'other' }] },
  ],
  PartyJoined: [{ org: 'ENISA', role: 'observer' }],
  PartyLeft: [{ org: 'ENISA' }, { org: 'ENISA', reason: 'no mandate' }],
  MeetingHeld: [
    {},
    { meetingId: 'm-1', participants: [{ org: 'Anthropic' }, { name: 'Thomas Regnier', org: 'European Commission' }], format: 'virtual', location: 'Brussels', summary: 'first talks', count: { min: 4, max: 5 } },
    { count: { min: 2, max: 2 }, format: 'in-person' },
    { format: 'unknown' },
  ],
  OfferMade: [
    { offerId: 'o-1', from: 'OpenAI', to: 'European Commission', terms: {} },
    { offerId: 'o.2:b_c-d', from: 'OpenAI', to: 'EU', terms: { model: 'GPT-5.5 Cyber', access: 'API', beneficiaries: ['AI Office', 'ENISA'], conditions: ['no sharing'] }, summary: 's', counters: 'o-1' },
  ],
  OfferAccepted: [{ offerId: 'o-1', by: 'European Commission' }],
  OfferRejected: [{ offerId: 'o-1', by: 'European Commission' }, { offerId: 'o-1', by: 'EU', reason: 'too narrow' }],
  OfferWithdrawn: [{ offerId: 'o-1' }, { offerId: 'o-1', reason: 'superseded' }],
  StatementMade: [
    { speaker: { name: 'Thomas Regnier' }, text: 'x', kind: 'quote' },
    { statementId: 's-1', speaker: { name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' }, text: 'y'.repeat(10_000), kind: 'paraphrase', topics: ['access'] },
  ],
  AccessRequested: [{ requestId: 'r-1', requester: 'European Commission', model: 'Claude Mythos Preview' }, { requestId: 'r-1', requester: 'EU', model: 'M', scope: 'red-teaming' }],
  AccessGranted: [
    { grantId: 'g-1', grantee: 'UK AI Security Institute', grantor: 'Anthropic', model: 'Claude Mythos Preview' },
    { grantId: 'g-2', grantee: 'AI Office', grantor: 'OpenAI', model: 'M', scope: 'testing', validUntil: '2026-12-31', requestId: 'r-1' },
    { grantId: 'g-3', grantee: 'AI Office', grantor: 'OpenAI', model: 'M', validUntil: '2027-01-01T00:00:00+01:00' },
  ],
  AccessRevoked: [{ grantId: 'g-1' }, { grantId: 'g-1', reason: 'breach' }],
  StatusChanged: [{ status: 'open' }, { status: 'progressing' }, { status: 'stalled' }, { status: 'agreed' }, { status: 'failed' }, { status: 'closed', reason: 'done' }],
  EventCorrected: [
    { targetEventId: eventId(1), reason: 'typo', occurredAt: '2026-05-11' },
    { targetEventId: eventId(1), reason: 'typo', data: { text: 'corrected' }, source: { url: 'https://example.org/a' } },
  ],
  EventRetracted: [{ targetEventId: eventId(1), reason: 'never happened' }],
} satisfies Record<keyof typeof dataSchemas, object[]>;

describe('the catalogue', () => {
  it('has a data schema and valid examples for every event type of CONTRACT §3', () => {
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(VALID_DATA).sort());
    expect(EVENT_TYPES).toHaveLength(15);
  });
});

describe.each(Object.entries(VALID_DATA))('%s data', (type, examples) => {
  const schema = dataSchemas[type as keyof typeof dataSchemas];

  it.each(examples.map((example, index) => [index, example] as const))('accepts valid example %i', (_index, example) => {
    expect(schema.safeParse(example).success).toBe(true);
  });

  it('rejects an unknown key (strict)', () => {
    const result = schema.safeParse({ ...examples[0], surprise: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
  });

  it('rejects a non-object', () => {
    expect(schema.safeParse('data').success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
  });

  it('accepts the example inside a full EventInput', () => {
    const source = type === 'StatementMade' ? { source: { publisher: 'Brief IA' } } : {};
    expect(EventInput.safeParse({ type, occurredAt: '2026-05', data: examples[0], ...source }).success).toBe(true);
  });
});

describe('invalid data', () => {
  it.each([
    ['NegotiationOpened', { title: 'T', parties: [] }, 'parties'],
    ['NegotiationOpened', { parties: [{ org: 'A', role: 'provider' }] }, 'title'],
    ['NegotiationOpened', { title: 'T', parties: [{ org: 'A', role: 'king' }] }, 'parties.0.role'],
    ['NegotiationOpened', { title: '   ', parties: [{ org: 'A', role: 'provider' }] }, 'title'],
    ['NegotiationOpened', { title: 'T', parties: [{ org: 'A', role: 'provider', extra: 1 }] }, 'parties.0'],
    ['PartyJoined', { org: 'A' }, 'role'],
    ['MeetingHeld', { count: { min: 5, max: 4 } }, 'count.max'],
    ['MeetingHeld', { count: { min: 0, max: 4 } }, 'count.min'],
    ['MeetingHeld', { count: { min: 1.5, max: 4 } }, 'count.min'],
    ['MeetingHeld', { count: { max: 4 } }, 'count.min'],
    ['MeetingHeld', { format: 'hybrid' }, 'format'],
    ['MeetingHeld', { participants: [{ name: 'Someone' }] }, 'participants.0.org'],
    ['OfferMade', { offerId: 'o 1', from: 'A', to: 'B', terms: {} }, 'offerId'],
    ['OfferMade', { offerId: '-o', from: 'A', to: 'B', terms: {} }, 'offerId'],
    ['OfferMade', { offerId: 'o', from: 'A', to: 'B' }, 'terms'],
    ['OfferMade', { offerId: 'o', from: 'A', to: 'B', terms: { price: 1 } }, 'terms'],
    ['OfferMade', { offerId: 'o', from: 'A', to: 'B', terms: {}, counters: '' }, 'counters'],
    ['OfferAccepted', { offerId: 'o' }, 'by'],
    ['StatementMade', { speaker: { name: 'R' }, text: '', kind: 'quote' }, 'text'],
    ['StatementMade', { speaker: { name: 'R' }, text: 'x'.repeat(10_001), kind: 'quote' }, 'text'],
    ['StatementMade', { speaker: { name: 'R' }, text: 'x', kind: 'rumour' }, 'kind'],
    ['StatementMade', { speaker: { role: 'spokesperson' }, text: 'x', kind: 'quote' }, 'speaker'],
    ['StatementMade', { speaker: {}, text: 'x', kind: 'quote' }, 'speaker'],
    ['StatementMade', { speaker: 'Regnier', text: 'x', kind: 'quote' }, 'speaker'],
    ['AccessRequested', { requestId: 'r', requester: 'EU' }, 'model'],
    ['AccessGranted', { grantId: 'g', grantee: 'A', grantor: 'B', model: 'M', validUntil: '2026-02-30' }, 'validUntil'],
    ['AccessGranted', { grantId: 'g', grantee: 'A', grantor: 'B', model: 'M', validUntil: 'next year' }, 'validUntil'],
    ['StatusChanged', { status: 'paused' }, 'status'],
    ['EventCorrected', { targetEventId: 'not-a-uuid', reason: 'r' }, 'targetEventId'],
    ['EventCorrected', { targetEventId: eventId(1) }, 'reason'],
    ['EventCorrected', { targetEventId: eventId(1), reason: 'r', occurredAt: '2026-13' }, 'occurredAt'],
    ['EventCorrected', { targetEventId: eventId(1), reason: 'r', source: {} }, 'source'],
    ['EventRetracted', { targetEventId: eventId(1), reason: '' }, 'reason'],
  ])('%s rejects %j at %s', (type, data, path) => {
    const result = dataSchemas[type as keyof typeof dataSchemas].safeParse(data);
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toContain(path);
  });

  it('trims names, so " OpenAI " is stored as "OpenAI"', () => {
    expect(dataSchemas.PartyJoined.parse({ org: '  OpenAI ', role: 'provider' })).toEqual({ org: 'OpenAI', role: 'provider' });
  });
});

describe('a correction patch, read from JSON', () => {
  /** The patch as JSON.parse makes it: "__proto__" becomes an own key, 1e400 becomes Infinity. */
  const correcting = (patchJson: string) => dataSchemas.EventCorrected.safeParse({ targetEventId: eventId(1), reason: 'r', data: JSON.parse(patchJson) });
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it.each([
    ['a "__proto__" key', '{"__proto__":{"summary":"x"}}', 'data.__proto__', '"__proto__" is not allowed as a key'],
    ['a "constructor" key', '{"constructor":{"prototype":{}}}', 'data.constructor', '"constructor" is not allowed as a key'],
    ['a "prototype" key set to null', '{"summary":"s","prototype":null}', 'data.prototype', '"prototype" is not allowed as a key'],
    ['a "__proto__" key inside a field', '{"terms":{"model":"M","__proto__":{"x":1}}}', 'data.terms.__proto__', '"__proto__" is not allowed as a key'],
    ['a "constructor" key inside an array', '{"participants":[{"org":"A"},{"org":"B","constructor":1}]}', 'data.participants.1.constructor', '"constructor" is not allowed as a key'],
    ['1e400', '{"summary":1e400}', 'data.summary', 'a number too large for JSON'],
    ['-1e400 inside an array', '{"count":[1,-1e400]}', 'data.count.1', 'a number too large for JSON'],
    ['nesting past 32 levels', `{"summary":${nested(32)}}`, `data.summary${'.a'.repeat(31)}`, 'nested more than 32 levels deep'],
  ])('refuses %s, naming where', (_label, patchJson, path, message) => {
    const result = correcting(patchJson);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[path, message]]);
  });

  it('refuses 100,000 levels of nesting without overflowing the stack', () => {
    expect(correcting(`{"summary":${nested(100_000)}}`).success).toBe(false);
    expect(correcting(`{"summary":${'['.repeat(100_000)}${']'.repeat(100_000)}}`).success).toBe(false);
  });

  it('accepts fields, nulls and nesting up to 32 levels, and keeps every key it accepts', () => {
    const patch = `{"summary":"s","format":null,"participants":[{"org":"A"}],"deep":${nested(31)}}`;
    const result = correcting(patch);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data?.data).toEqual(JSON.parse(patch));
  });

  it('still refuses a patch that is no object', () => {
    expect(issuePaths(correcting('[{"summary":"s"}]'))).toEqual(['data']);
    expect(issuePaths(correcting('"summary"'))).toEqual(['data']);
  });
});

describe('the EventInput envelope', () => {
  it('accepts every builder in the test support as valid', () => {
    const all = [
      input.opened(),
      input.partyJoined('ENISA'),
      input.partyLeft('ENISA'),
      input.meeting(),
      input.offerMade('o'),
      input.offerAccepted('o'),
      input.offerRejected('o'),
      input.offerWithdrawn('o'),
      input.statement('text'),
      input.accessRequested('r'),
      input.accessGranted('g'),
      input.accessRevoked('g'),
      input.statusChanged('agreed'),
      input.corrected(eventId(1), { occurredAt: '2026' }),
      input.retracted(eventId(1)),
    ];
    for (const event of all) expect(EventInput.safeParse(event).error?.issues ?? []).toEqual([]);
  });

  it('rejects a StatementMade without a source', () => {
    const { source: _source, ...withoutSource } = input.statement('no provenance');
    const result = EventInput.safeParse(withoutSource);
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['sources']);
  });

  it('takes a StatementMade with v2 sources instead of a source', () => {
    const { source, ...rest } = input.statement('several sources');
    expect(EventInput.safeParse({ ...rest, sources: [source, { publisher: 'Politico', excerpt: 'exact words' }] }).success).toBe(true);
  });

  it('accepts other types without a source', () => {
    expect(EventInput.safeParse(input.meeting()).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'MeetingCancelled', occurredAt: '2026', data: {} }, 'type'],
    ['an unknown envelope key', { ...input.meeting(), recordedBy: 'mallory' }, ''],
    ['a client-chosen recordedAt', { ...input.meeting(), recordedAt: '2026-05-01T00:00:00.000Z' }, ''],
    ['a bad event id', { ...input.meeting(), id: 'not-a-uuid' }, 'id'],
    ['a missing occurredAt', { type: 'MeetingHeld', data: {} }, 'occurredAt'],
    ['an impossible occurredAt', { ...input.meeting(), occurredAt: '2026-02-30' }, 'occurredAt'],
    ['a source with no field', { ...input.meeting(), source: {} }, 'source'],
    ['a source with an unknown field', { ...input.meeting(), source: { publisher: 'P', page: 4 } }, 'source'],
    ['a source with only an author', { ...input.meeting(), source: { author: 'Tom Levy' } }, 'source'],
    ['a source with only an excerpt', { ...input.meeting(), sources: [{ excerpt: 'words' }] }, 'sources.0'],
    ['an excerpt over 2,000 characters', { ...input.meeting(), sources: [{ publisher: 'P', excerpt: 'x'.repeat(2_001) }] }, 'sources.0.excerpt'],
    ['more than 10 sources', { ...input.meeting(), sources: Array.from({ length: 11 }, (_, i) => ({ publisher: `P${i}` })) }, 'sources'],
    ['an empty sources list', { ...input.meeting(), sources: [] }, 'sources'],
    ['an unknown confidence', { ...input.meeting(), confidence: 'certain' }, 'confidence'],
    ['a note over 2,000 characters', { ...input.meeting(), note: 'x'.repeat(2_001) }, 'note'],
    ['an empty note', { ...input.meeting(), note: '' }, 'note'],
    ['a source that disagrees with sources[0]', { ...input.meeting(), source: { publisher: 'A' }, sources: [{ publisher: 'B' }] }, 'source'],
    ['a bad accessedAt', { ...input.meeting(), sources: [{ publisher: 'P', accessedAt: 'yesterday' }] }, 'sources.0.accessedAt'],
    ['a source with an ftp url', { ...input.meeting(), source: { url: 'ftp://example.org/brief' } }, 'source.url'],
    ['a source with a javascript: url', { ...input.meeting(), source: { url: 'javascript:alert(1)' } }, 'source.url'],
    ['a source with a bad publishedAt', { ...input.meeting(), source: { publishedAt: '2026-13' } }, 'source.publishedAt'],
    ['data of another type', { type: 'MeetingHeld', occurredAt: '2026', data: { offerId: 'o' } }, 'data'],
  ])('rejects %s', (_label, value, path) => {
    const result = EventInput.safeParse(value);
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toContain(path);
  });
});

describe('Source', () => {
  it.each([
    { publisher: 'Brief IA' },
    { title: 'T' },
    { url: 'https://www.politico.eu/article' },
    { url: 'http://example.org' },
    { publisher: 'Brief IA', author: 'Tom Levy', publishedAt: '2026-05', accessedAt: '2026-05-20', locator: 'Full Analysis, ¶2', excerpt: 'x'.repeat(2_000) },
  ])('accepts %j', (source) => {
    expect(Source.safeParse(source).success).toBe(true);
  });

  it('asks for a publisher, a title or a url (v2): a bare publishedAt is not a source any more', () => {
    expect(Source.safeParse({ publishedAt: '2026-05' }).success).toBe(false);
  });

  it.each(['ftp://example.org', 'mailto:press@ec.europa.eu', 'file:///etc/passwd', 'javascript:alert(1)', 'example.org', 'https://'])('rejects the url %s', (url) => {
    expect(Source.safeParse({ url }).success).toBe(false);
  });

  it('rejects an empty source', () => {
    expect(Source.safeParse({}).success).toBe(false);
  });
});

describe('ids', () => {
  it.each(['a', '0', 'eu-openai-gpt-5-5-cyber', 'x'.repeat(100)])('%s is a negotiation id', (id) => {
    expect(NegotiationId.safeParse(id).success).toBe(true);
  });

  it.each(['', '-eu', 'EU', 'eu_ai', 'eu ai', 'eu/ai', 'é', 'x'.repeat(101)])('%j is not a negotiation id', (id) => {
    expect(NegotiationId.safeParse(id).success).toBe(false);
  });

  it.each(['o', 'O-1', 'a.b_c:d-e'])('%s is a local id', (id) => {
    expect(LocalId.safeParse(id).success).toBe(true);
  });

  it.each(['', '.o', 'o 1', 'o/1', 'x'.repeat(101)])('%j is not a local id', (id) => {
    expect(LocalId.safeParse(id).success).toBe(false);
  });

  it('accepts a UUID event id and rejects others', () => {
    expect(EventId.safeParse('d8123275-c6ea-436b-a2ec-ea80ee8277d7').success).toBe(true);
    expect(EventId.safeParse('d8123275c6ea436ba2ecea80ee8277d7').success).toBe(false);
    expect(EventId.safeParse('e-1').success).toBe(false);
  });
});

describe('RecordedEvent', () => {
  const recorded = {
    id: eventId(1),
    type: 'MeetingHeld',
    negotiationId: 'n',
    revision: 0,
    position: 1,
    occurredAt: '2026-05',
    recordedAt: '2026-05-20T10:00:00.000Z',
    recordedBy: 'recorder',
    data: {},
    hash: 'a'.repeat(64),
  };

  it('accepts a well-formed recorded event', () => {
    expect(RecordedEvent.safeParse(recorded).success).toBe(true);
  });

  it.each([
    ['recordedAt without milliseconds', { recordedAt: '2026-05-20T10:00:00Z' }, 'recordedAt'],
    ['recordedAt with an offset', { recordedAt: '2026-05-20T10:00:00.000+02:00' }, 'recordedAt'],
    ['a negative revision', { revision: -1 }, 'revision'],
    ['position 0', { position: 0 }, 'position'],
    ['a short hash', { hash: 'abc' }, 'hash'],
    ['an upper-case hash', { hash: 'A'.repeat(64) }, 'hash'],
    ['an unknown type', { type: 'Nope' }, 'type'],
  ])('rejects %s', (_label, change, path) => {
    expect(issuePaths(RecordedEvent.safeParse({ ...recorded, ...change }))).toContain(path);
  });
});
