import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventInput } from '../../src/events/eventInput.js';
import { EventId, NegotiationId } from '../../src/events/primitives.js';
import { intervalOf } from '../../src/time/timePoint.js';

const FILE = new URL('../../examples/eu-ai-model-access.jsonl', import.meta.url);
const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';
const BRIEF_TITLE = 'OpenAI and Anthropic: Brussels Faces the Challenge of Access to AI Models';

interface Line {
  readonly lineNo: number;
  readonly raw: Record<string, unknown>;
}
interface Parsed {
  readonly lineNo: number;
  readonly negotiationId: string;
  readonly event: EventInput;
}

function readLines(): Line[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .map((text, index) => ({ text, lineNo: index + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, lineNo }) => ({ lineNo, raw: JSON.parse(text) as Record<string, unknown> }));
}

/** Strips the import-only `negotiationId` and validates the rest as a client would send it. */
function parseLine({ lineNo, raw }: Line): Parsed {
  const { negotiationId, ...input } = raw;
  return { lineNo, negotiationId: NegotiationId.parse(negotiationId), event: EventInput.parse(input) };
}

function byStream(events: Parsed[]): Map<string, Parsed[]> {
  const streams = new Map<string, Parsed[]>();
  for (const parsed of events) {
    const stream = streams.get(parsed.negotiationId) ?? [];
    stream.push(parsed);
    streams.set(parsed.negotiationId, stream);
  }
  return streams;
}

/** The CONTRACT §3 append rules, applied in file order (the order an import appends in). */
function domainViolations(stream: Parsed[]): string[] {
  const violations: string[] = [];
  const offers = new Set<string>();
  const grants = new Set<string>();
  const requests = new Set<string>();
  const corrections = new Set<string>();
  const retracted = new Set<string>();
  const eventIds = new Set<string>();
  const requireKnown = (kind: string, known: Set<string>, id: string, lineNo: number) => {
    if (!known.has(id)) violations.push(`line ${lineNo}: unknown ${kind} ${id}`);
  };
  const requireNew = (kind: string, known: Set<string>, id: string, lineNo: number) => {
    if (known.has(id)) violations.push(`line ${lineNo}: duplicate ${kind} ${id}`);
    known.add(id);
  };
  stream.forEach(({ lineNo, event }, index) => {
    if ((index === 0) !== (event.type === 'NegotiationOpened')) {
      violations.push(`line ${lineNo}: NegotiationOpened must be first and only first, found ${event.type}`);
    }
    switch (event.type) {
      case 'OfferMade':
        requireNew('offerId', offers, event.data.offerId, lineNo);
        if (event.data.counters !== undefined) requireKnown('offerId', offers, event.data.counters, lineNo);
        break;
      case 'OfferAccepted':
      case 'OfferRejected':
      case 'OfferWithdrawn':
        requireKnown('offerId', offers, event.data.offerId, lineNo);
        break;
      case 'AccessRequested':
        requireNew('requestId', requests, event.data.requestId, lineNo);
        break;
      case 'AccessGranted':
        requireNew('grantId', grants, event.data.grantId, lineNo);
        if (event.data.requestId !== undefined) requireKnown('requestId', requests, event.data.requestId, lineNo);
        break;
      case 'AccessRevoked':
        requireKnown('grantId', grants, event.data.grantId, lineNo);
        break;
      case 'EventCorrected':
      case 'EventRetracted': {
        const target = event.data.targetEventId;
        requireKnown('event', eventIds, target, lineNo);
        if (corrections.has(target)) violations.push(`line ${lineNo}: targets a correction`);
        if (retracted.has(target)) violations.push(`line ${lineNo}: targets a retracted event`);
        if (event.type === 'EventRetracted') retracted.add(target);
        break;
      }
      default:
        break;
    }
    if (event.id !== undefined) {
      eventIds.add(event.id);
      if (event.type === 'EventCorrected' || event.type === 'EventRetracted') corrections.add(event.id);
    }
  });
  return violations;
}

describe('the seed scenario file, read line by line', () => {
  const lines = readLines();

  it('holds events, each valid as an EventInput once negotiationId is stripped', () => {
    expect(lines.length).toBeGreaterThan(0);
    const failures = lines.flatMap((line) => {
      const { negotiationId, ...input } = line.raw;
      const problems: string[] = [];
      if (!NegotiationId.safeParse(negotiationId).success) problems.push(`line ${line.lineNo}: bad negotiationId`);
      const result = EventInput.safeParse(input);
      if (!result.success) problems.push(`line ${line.lineNo}: ${JSON.stringify(result.error.issues)}`);
      return problems;
    });
    expect(failures).toEqual([]);
  });

  it('gives every line a fixed event id that is a UUID and unique in the file', () => {
    const ids = lines.map((line) => line.raw['id']);
    for (const id of ids) expect(EventId.safeParse(id).success, `id ${String(id)}`).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the seed scenario, grouped into negotiation streams', () => {
  const events = readLines().map(parseLine);
  const streams = byStream(events);
  const streamOf = (id: string): Parsed[] => streams.get(id) ?? [];

  it('has exactly the OpenAI and the Anthropic streams', () => {
    expect([...streams.keys()].sort()).toEqual([ANTHROPIC, OPENAI].sort());
  });

  it('obeys the append rules in every stream: opened first, referenced ids exist, ids unique', () => {
    for (const [id, stream] of streams) expect(domainViolations(stream), id).toEqual([]);
  });

  it('opens each stream no later, in valid time, than any of its other events', () => {
    for (const stream of streams.values()) {
      const opened = stream[0];
      expect(opened?.event.type).toBe('NegotiationOpened');
      const openedStart = intervalOf(opened!.event.occurredAt).start;
      for (const { event } of stream) expect(intervalOf(event.occurredAt).start).toBeGreaterThanOrEqual(openedStart);
    }
  });

  it('dates every event no coarser than a month, so it counts for asOf within its year', () => {
    for (const { event } of events) expect(['instant', 'day', 'month']).toContain(intervalOf(event.occurredAt).precision);
  });

  it('cites the brief as the source of every event, without inventing a URL', () => {
    for (const { lineNo, event } of events) {
      expect(event.source, `line ${lineNo}`).toMatchObject({ publisher: 'Brief IA', title: BRIEF_TITLE });
      expect(event.source?.url, `line ${lineNo}`).toBeUndefined();
    }
  });

  it("records OpenAI's open offer of GPT-5.5 Cyber with the three candidate beneficiaries", () => {
    const stream = streamOf(OPENAI);
    const offers = stream.flatMap(({ event }) => (event.type === 'OfferMade' ? [event.data] : []));
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(offer).toMatchObject({ from: 'OpenAI', to: 'European Commission' });
    expect(offer.terms.model).toBe('GPT-5.5 Cyber');
    expect([...(offer.terms.beneficiaries ?? [])].sort()).toEqual(['AI Office', 'DG CONNECT', 'ENISA']);
    const answered = stream.filter(({ event }) =>
      ['OfferAccepted', 'OfferRejected', 'OfferWithdrawn'].includes(event.type),
    );
    expect(answered).toEqual([]);
  });

  it('records the Anthropic meetings as one MeetingHeld counting four to five meetings', () => {
    const meetings = streamOf(ANTHROPIC).flatMap(({ event }) => (event.type === 'MeetingHeld' ? [event.data] : []));
    expect(meetings).toHaveLength(1);
    expect(meetings[0]?.count).toEqual({ min: 4, max: 5 });
  });

  it('grants Claude Mythos Preview from Anthropic to the UK AI Security Institute and the Glasswing partners only', () => {
    const grants = streamOf(ANTHROPIC).flatMap(({ event }) => (event.type === 'AccessGranted' ? [event.data] : []));
    expect(grants.map((g) => g.grantee).sort()).toEqual(['Project Glasswing partners', 'UK AI Security Institute']);
    for (const grant of grants) expect(grant).toMatchObject({ grantor: 'Anthropic', model: 'Claude Mythos Preview' });
    const toCommission = events.filter(({ event }) => event.type === 'AccessGranted' && event.data.grantee === 'European Commission');
    expect(toCommission).toEqual([]);
  });

  it('attributes every statement to a named speaker, Regnier speaking for the Commission', () => {
    const statements = events.flatMap(({ event }) => (event.type === 'StatementMade' ? [event.data] : []));
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(s.speaker.org).toBe('European Commission');
    const regnier = statements.filter((s) => s.speaker.name === 'Thomas Regnier');
    expect(regnier.length).toBeGreaterThan(0);
    for (const s of regnier) expect(s.speaker.role).toBe('Spokesperson');
  });
});
