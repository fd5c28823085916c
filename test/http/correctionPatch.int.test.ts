import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllFrom } from '../../src/store/eventStore.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';

const ID = 'corrections';
const APPEND = `/negotiations/${ID}/events`;
const MEETING = eventId(2);
const OFFER = eventId(3);
const STATEMENT = eventId(4);
/** A correction already recorded: resending its id with other content must still be a clean 4xx. */
const EARLIER_FIX = eventId(10);
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** The raw text of an EventCorrected of `target` whose correction fields are `fields` (a JSON fragment written by hand). */
const correction = (target: string, fields: string, id?: string) =>
  `{${id ? `"id":"${id}",` : ''}"type":"EventCorrected","occurredAt":"2026-05-12","data":{"targetEventId":"${target}","reason":"r",${fields}}}`;
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

interface Case {
  readonly name: string;
  readonly body: string;
  readonly status: 400 | 422;
  /** Where the 400's field error points (there or below), and what it says; or what the 422's detail says. */
  readonly path?: string;
  readonly message: RegExp;
}

const refused400 = (name: string, body: string, path: string, message: RegExp): Case => ({ name, body, status: 400, path, message });
const refused422 = (name: string, body: string, message: RegExp): Case => ({ name, body, status: 422, message });

const CASES: Case[] = [
  refused400('a "__proto__" key', correction(MEETING, '"data":{"__proto__":{"summary":"x"}}'), '/data/data/__proto__', /"__proto__" is not allowed as a key/),
  refused400('a "constructor" key holding 1e400', correction(MEETING, '"data":{"constructor":1e400}'), '/data/data/constructor', /"constructor" is not allowed/),
  refused400('a "constructor" key nested 10,000 levels deep', correction(MEETING, `"data":{"constructor":${nested(10_000)}}`), '/data/data/constructor', /"constructor" is not allowed/),
  refused400('a "__proto__" key nested 10,000 levels deep', correction(MEETING, `"data":{"__proto__":${nested(10_000)}}`), '/data/data/__proto__', /"__proto__" is not allowed/),
  refused400('900 KB of junk under "prototype"', correction(MEETING, `"data":{"prototype":"${'j'.repeat(900_000)}"}`), '/data/data/prototype', /"prototype" is not allowed/),
  refused400('a "constructor" key set to null', correction(MEETING, '"data":{"summary":"new","constructor":null}'), '/data/data/constructor', /"constructor" is not allowed/),
  refused400('a "constructor" key inside a participant', correction(MEETING, '"data":{"participants":[{"org":"OpenAI","constructor":{}}]}'), '/data/data/participants/0/constructor', /"constructor" is not allowed/),
  refused400('a "__proto__" key inside the terms of an offer', correction(OFFER, '"data":{"terms":{"__proto__":{"model":"x"}}}'), '/data/data/terms/__proto__', /"__proto__" is not allowed/),
  refused400('1e400 as a field value', correction(MEETING, '"data":{"summary":1e400}'), '/data/data/summary', /too large for JSON/),
  refused400('-1e400 inside a count', correction(MEETING, '"data":{"count":{"min":-1e400,"max":2}}'), '/data/data/count/min', /too large for JSON/),
  refused400('a field value nested 10,000 levels deep', correction(MEETING, `"data":{"summary":${nested(10_000)}}`), '/data/data/summary', /nested more than 32 levels/),
  refused400(
    'a resent correction id whose patch holds 1e400',
    correction(MEETING, '"occurredAt":"2026-05-06","data":{"summary":1e400}', EARLIER_FIX),
    '/data/data/summary',
    /too large for JSON/,
  ),
  refused400(
    'a resent correction id whose patch nests 10,000 levels deep',
    correction(MEETING, `"occurredAt":"2026-05-06","data":{"summary":${nested(10_000)}}`, EARLIER_FIX),
    '/data/data/summary',
    /nested more than 32 levels/,
  ),
  refused422('a key the target type does not have', correction(MEETING, '"data":{"mood":"tense"}'), /not a valid MeetingHeld: it has no field "mood"/),
  refused422('a key the target type does not have, set to null', correction(MEETING, '"data":{"mood":null}'), /not a valid MeetingHeld: it has no field "mood"/),
  refused422('a key of another event type', correction(MEETING, '"data":{"text":"said"}'), /not a valid MeetingHeld: it has no field "text"/),
  refused422('empty data', correction(MEETING, '"data":{}'), /must change occurredAt, data or source/),
  refused422('data restating the current (corrected) values', correction(MEETING, '"data":{"summary":"corrected","format":"virtual"}'), /must change occurredAt, data or source/),
  refused422('removing a field the event does not have', correction(MEETING, '"data":{"location":null}'), /must change occurredAt, data or source/),
  refused422('the current (corrected) occurredAt', correction(MEETING, '"occurredAt":"2026-05-06"'), /must change occurredAt, data or source/),
  refused422('the current source', correction(STATEMENT, `"source":${JSON.stringify(input.BRIEF)}`), /must change occurredAt, data or source/),
  refused422(
    'the current occurredAt, data and source together',
    correction(STATEMENT, `"occurredAt":"2026-05-07","data":{"kind":"paraphrase"},"source":${JSON.stringify(input.BRIEF)}`),
    /must change occurredAt, data or source/,
  ),
];

/** Every event of the store as it reads back, to show a refusal left it exactly as it was. */
async function storedLog(server: TestServer): Promise<string> {
  const events: unknown[] = [];
  for await (const event of readAllFrom(server.store)) events.push(event);
  return JSON.stringify(events);
}

describe('a negotiation whose meeting was corrected once, facing hostile and empty corrections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const opened = await server.post(APPEND, [
      { ...input.opened(), id: eventId(1) },
      { ...input.meeting({ data: { summary: 'first report', format: 'virtual' } }), id: MEETING },
      { ...input.offerMade('o-1'), id: OFFER },
      { ...input.statement('Regnier said so.'), id: STATEMENT },
    ]);
    expect(opened.status).toBe(201);
    const fixed = await server.post(APPEND, { ...input.corrected(MEETING, { occurredAt: '2026-05-06', data: { summary: 'corrected' } }), id: EARLIER_FIX });
    expect(fixed.status).toBe(201);
  });
  afterAll(() => server.stop());

  for (const c of CASES) {
    it(`answers ${c.status} to ${c.name}, and stores nothing`, async () => {
      const before = { heads: await fingerprint(server.store), log: await storedLog(server) };
      const response = await server.request(APPEND, { method: 'POST', as: 'recorder', headers: JSON_TYPE, body: c.body });
      expect(response.status).toBe(c.status);
      const problem = await problemOf(response);
      expect(problem.status).toBe(c.status);
      if (c.status === 400) expect(problem.errors).toContainEqual({ path: expect.stringMatching(new RegExp(`^${c.path}(?:/|$)`)), message: expect.stringMatching(c.message) });
      else expect(problem.detail).toMatch(c.message);
      expect({ heads: await fingerprint(server.store), log: await storedLog(server) }).toEqual(before);
    });
  }

  it('leaves Object.prototype alone', () => {
    expect(Object.prototype).not.toHaveProperty('summary');
    expect(Object.prototype).not.toHaveProperty('model');
  });

  it('accepts restating the original value: the meeting now reads otherwise, so that is a change', async () => {
    const response = await server.post(APPEND, input.corrected(MEETING, { data: { summary: 'first report' } }));
    expect(response.status).toBe(201);
  });
});
