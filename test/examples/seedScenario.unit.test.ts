import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventInput } from '../../src/events/eventInput.js';
import { EventId, NegotiationId } from '../../src/events/primitives.js';

const FILE = new URL('../../examples/eu-ai-model-access.jsonl', import.meta.url);
const README = new URL('../../examples/README.md', import.meta.url);
/** The news brief the seed records, kept beside it byte for byte (CONTRACT: seeds/000_44a8c3d23c4216bf.txt). */
const BRIEF = readFileSync(new URL('../../examples/seeds/000_44a8c3d23c4216bf.txt', import.meta.url), 'utf8');

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';
const COMMISSION = 'eu-commission-ai-model-access';
const BRIEF_SOURCE = {
  publisher: 'Brief IA',
  title: 'OpenAI and Anthropic: Brussels Faces the Challenge of Access to AI Models',
  author: 'Tom Levy',
};
/** The day the Commission's remarks were reported (Reuters, 11 May 2026): nothing in the seed is dated later. */
const REMARKS_DAY = '2026-05-11';

/** The v1 ids of the events whose meaning the v2 recording kept. */
const KEPT_V1_IDS = [
  'd8123275-c6ea-436b-a2ec-ea80ee8277d7',
  'f3cdfa14-78b4-466e-a42b-b669adcc0eac',
  'e8c5b1ac-4448-4fe0-9ed1-ca26d79851dd',
  'fa7ef8ea-ae32-4482-881d-0cdd8176a059',
  '5090c5d2-f43b-4519-b933-8e4a5ad2c1e9',
  '6fe2c129-f929-4be5-9412-55ebf1251520',
  'cc49d27a-0a3b-4635-a41d-92cf1b73ef25',
  '0cabd449-d577-4479-9912-798dee7cb00c',
  'c704195c-d1b6-4c33-8ba2-addb551addc6',
  '0739d4a9-658d-42a7-be3b-5ac1081657d9',
  'b6180471-5f6e-42cd-8248-7046a10315a7',
  '1d7109cd-6d05-4d44-90f2-24e171d62684',
];
/** The v1 ids of the events whose meaning changed: the offer (beneficiaries), Regnier's "welcome gesture", "Asked by Politico". */
const REPLACED_V1_IDS = ['b42ae464-d368-4e23-88b0-d6b34090f1ca', 'c1f5b0bf-5f15-47dc-b27f-c92ed7345464', '1217eccb-20f5-4720-9398-2be719db2b12'];

interface SeedSource {
  readonly publisher?: string;
  readonly title?: string;
  readonly author?: string;
  readonly url?: string;
  readonly publishedAt?: string;
  readonly locator?: string;
  readonly excerpt?: string;
}
interface Speaker {
  readonly name?: string;
  readonly org?: string;
  readonly role?: string;
}
/** The data fields the checks read, across the catalogue (each line holds one type's). */
interface SeedData {
  readonly title?: string;
  readonly subject?: string;
  readonly parties?: readonly { org: string; role: string }[];
  readonly offerId?: string;
  readonly counters?: string;
  readonly from?: string;
  readonly to?: string;
  readonly terms?: { model?: string; access?: string; beneficiaries?: string[]; candidateBeneficiaries?: string[] };
  readonly summary?: string;
  readonly count?: { min: number; max?: number };
  readonly speaker?: Speaker;
  readonly text?: string;
  readonly kind?: string;
  readonly topics?: readonly string[];
  readonly status?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly grantId?: string;
  readonly grantee?: string;
  readonly grantor?: string;
  readonly model?: string;
  readonly scope?: string;
  readonly validUntil?: string;
  readonly targetEventId?: string;
}
/** One line of the file as written: a v2 EventInput plus the import's negotiationId. */
interface SeedLine {
  readonly lineNo: number;
  readonly raw: Record<string, unknown>;
  readonly negotiationId: string;
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly sources: readonly SeedSource[];
  readonly confidence?: string;
  readonly note?: string;
  readonly data: SeedData;
}

function readLines(): SeedLine[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .map((text, index) => ({ text, lineNo: index + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, lineNo }) => {
      const raw = JSON.parse(text) as Record<string, unknown>;
      return { ...(raw as unknown as Omit<SeedLine, 'lineNo' | 'raw'>), lineNo, raw };
    });
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const inBrief = (excerpt: string): boolean => squash(BRIEF).includes(squash(excerpt));

/**
 * The valid-time bounds of the TimePoints the seed uses (a day, or an EDTF interval of days
 * with `..` for an open end), in epoch ms; null = open. Read here rather than through
 * src/time so that these checks state the dates themselves.
 */
function bounds(text: string): { start: number | null; end: number | null } {
  const day = (side: string, edge: 'start' | 'end'): number | null => {
    if (side === '..') return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(side);
    if (!m) throw new Error(`the seed dates by days only: ${text}`);
    const start = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
    return edge === 'start' ? start : start + 86_400_000 - 1;
  };
  const [first, second] = text.split('/');
  return second === undefined ? { start: day(first!, 'start'), end: day(first!, 'end') } : { start: day(first!, 'start'), end: day(second, 'end') };
}

const lines = readLines();
const streamOf = (id: string): SeedLine[] => lines.filter((line) => line.negotiationId === id);
const ofType = (type: string, stream: readonly SeedLine[] = lines): SeedLine[] => stream.filter((line) => line.type === type);
const statements = ofType('StatementMade');
const onlyOne = (found: SeedLine[]): SeedLine => {
  expect(found).toHaveLength(1);
  return found[0]!;
};
const grantTo = (grantee: string): SeedLine => onlyOne(ofType('AccessGranted').filter((line) => line.data.grantee === grantee));
const briefSources = (line: SeedLine): SeedSource[] => line.sources.filter((source) => source.publisher === BRIEF_SOURCE.publisher);

/** The CONTRACT §3 append rules, applied in file order (the order an import appends in). */
function domainViolations(stream: readonly SeedLine[]): string[] {
  const violations: string[] = [];
  const known = { offerId: new Set<string>(), grantId: new Set<string>(), requestId: new Set<string>(), event: new Set<string>() };
  const requireKnown = (kind: keyof typeof known, id: string | undefined, lineNo: number) => {
    if (id !== undefined && !known[kind].has(id)) violations.push(`line ${lineNo}: unknown ${kind} ${id}`);
  };
  const requireNew = (kind: keyof typeof known, id: string | undefined, lineNo: number) => {
    if (id === undefined) return;
    if (known[kind].has(id)) violations.push(`line ${lineNo}: duplicate ${kind} ${id}`);
    known[kind].add(id);
  };
  stream.forEach(({ lineNo, type, data, id }, index) => {
    if ((index === 0) !== (type === 'NegotiationOpened')) violations.push(`line ${lineNo}: NegotiationOpened must be first and only first, found ${type}`);
    if (type === 'OfferMade') {
      requireNew('offerId', data.offerId, lineNo);
      requireKnown('offerId', data.counters, lineNo);
    }
    if (['OfferAccepted', 'OfferRejected', 'OfferWithdrawn'].includes(type)) requireKnown('offerId', data.offerId, lineNo);
    if (type === 'AccessRequested') requireNew('requestId', data.requestId, lineNo);
    if (type === 'AccessGranted') {
      requireNew('grantId', data.grantId, lineNo);
      requireKnown('requestId', data.requestId, lineNo);
    }
    if (type === 'AccessRevoked') requireKnown('grantId', data.grantId, lineNo);
    if (type === 'EventCorrected' || type === 'EventRetracted') requireKnown('event', data.targetEventId, lineNo);
    known.event.add(id);
  });
  return violations;
}

describe('the seed scenario file, read line by line', () => {
  it('holds events, each a valid v2 EventInput once negotiationId is stripped', () => {
    expect(lines.length).toBeGreaterThan(0);
    const failures = lines.flatMap(({ lineNo, raw }) => {
      const { negotiationId, ...input } = raw;
      const problems: string[] = [];
      if (!NegotiationId.safeParse(negotiationId).success) problems.push(`line ${lineNo}: bad negotiationId`);
      const result = EventInput.safeParse(input);
      if (!result.success) problems.push(`line ${lineNo}: ${JSON.stringify(result.error.issues)}`);
      return problems;
    });
    expect(failures).toEqual([]);
  });

  it('gives every line a fixed UUID v4 id, unique in the file', () => {
    const ids = lines.map((line) => line.id);
    for (const id of ids) {
      expect(EventId.safeParse(id).success, id).toBe(true);
      expect(id, id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the v1 ids of the events whose meaning survived, and replaces those whose meaning changed', () => {
    const ids = new Set(lines.map((line) => line.id));
    for (const id of KEPT_V1_IDS) expect(ids.has(id), id).toBe(true);
    for (const id of REPLACED_V1_IDS) expect(ids.has(id), id).toBe(false);
  });

  it('counts as many events and streams as examples/README.md says', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain(`${lines.length} events in ${new Set(lines.map((l) => l.negotiationId)).size} negotiation streams`);
  });
});

describe('the seed scenario, grouped into negotiation streams', () => {
  it('has the OpenAI talks, the Anthropic talks and the Commission’s general position', () => {
    expect([...new Set(lines.map((line) => line.negotiationId))].sort()).toEqual([ANTHROPIC, COMMISSION, OPENAI].sort());
  });

  it('obeys the append rules in every stream: opened first, referenced ids exist, ids unique', () => {
    for (const id of [OPENAI, ANTHROPIC, COMMISSION]) expect(domainViolations(streamOf(id)), id).toEqual([]);
  });

  it('opens each stream no later, in valid time, than any of its other events', () => {
    for (const id of [OPENAI, ANTHROPIC, COMMISSION]) {
      const startOf = (line: SeedLine) => bounds(line.occurredAt).start ?? -Infinity; // an open start: no earlier bound at all
      const [opened, ...rest] = streamOf(id);
      for (const line of rest) expect(startOf(line), `line ${line.lineNo}`).toBeGreaterThanOrEqual(startOf(opened!));
    }
  });
});

describe('every event, traced to the brief', () => {
  it('cites the brief first: Brief IA, its title, Tom Levy, a locator and the brief’s exact words', () => {
    for (const line of lines) {
      expect(line.raw['source'], `line ${line.lineNo}: v2 lists sources`).toBeUndefined();
      expect(line.sources.length, `line ${line.lineNo}`).toBeGreaterThanOrEqual(1);
      expect(line.sources.length, `line ${line.lineNo}`).toBeLessThanOrEqual(10);
      expect(line.sources[0], `line ${line.lineNo}`).toMatchObject(BRIEF_SOURCE);
      expect(line.sources[0]?.locator, `line ${line.lineNo}`).toMatch(/\S/);
    }
  });

  it('quotes in every excerpt from the brief words the brief really has, character for character', () => {
    for (const line of lines) {
      for (const source of briefSources(line)) {
        expect(source.excerpt, `line ${line.lineNo}`).toBeDefined();
        expect(inBrief(source.excerpt!), `line ${line.lineNo}: ${source.excerpt}`).toBe(true);
        expect(source).toMatchObject(BRIEF_SOURCE);
      }
    }
  });

  it('dates the brief no earlier than the remarks it reports, the day being unknown', () => {
    for (const line of lines) for (const source of briefSources(line)) expect(source.publishedAt).toBe(`${REMARKS_DAY}/..`);
  });

  it('copies no other publication’s words: outside sources only date events, by address and day', () => {
    for (const line of lines) {
      for (const source of line.sources.filter((s) => s.publisher !== BRIEF_SOURCE.publisher)) {
        expect(source.excerpt, `line ${line.lineNo}`).toBeUndefined();
        expect(source.url, `line ${line.lineNo}`).toMatch(/^https:\/\//);
        expect(source.publishedAt, `line ${line.lineNo}`).toBeDefined();
      }
    }
  });
});

describe('the dates, which the brief does not give', () => {
  it('marks every event as estimated and says why in its note', () => {
    for (const line of lines) {
      expect(line.confidence, `line ${line.lineNo}`).toBe('estimated');
      expect(line.note, `line ${line.lineNo}`).toMatch(/\S/);
      expect(line.note!.length, `line ${line.lineNo}`).toBeLessThanOrEqual(2_000);
    }
  });

  it('closes every interval, so each event the brief reports as done becomes definite', () => {
    for (const line of lines) expect(bounds(line.occurredAt).end, `line ${line.lineNo}: ${line.occurredAt}`).not.toBeNull();
  });

  it('dates nothing after the Commission’s remarks of 11 May 2026', () => {
    const last = bounds(REMARKS_DAY).end!;
    for (const line of lines) expect(bounds(line.occurredAt).end!, `line ${line.lineNo}`).toBeLessThanOrEqual(last);
  });

  it('ends each event’s interval on the publication day of an outside source it cites', () => {
    for (const line of lines) {
      const ends = line.sources.filter((s) => s.publisher !== BRIEF_SOURCE.publisher && s.publishedAt !== undefined).map((s) => bounds(s.publishedAt!).end);
      expect(ends, `line ${line.lineNo}`).toContain(bounds(line.occurredAt).end);
    }
  });

  it('bounds the talks and the offer by "no later than 11 May 2026", their start unknown', () => {
    for (const line of [...ofType('NegotiationOpened'), ...ofType('OfferMade'), ...ofType('StatusChanged')]) {
      expect(line.occurredAt, `line ${line.lineNo}`).toBe(`../${REMARKS_DAY}`);
    }
  });

  it('dates each statement to the day of the Commission’s remarks', () => {
    for (const line of statements) expect(line.occurredAt, `line ${line.lineNo}`).toBe(REMARKS_DAY);
  });

  it('bounds the Glasswing reservation by Anthropic’s announcement and the UK institute’s access by its published evaluation', () => {
    const glasswing = grantTo('Project Glasswing partners');
    expect(glasswing.occurredAt).toBe('../2026-04-07');
    expect(glasswing.sources.map((s) => s.url)).toContain('https://www.anthropic.com/glasswing');
    const institute = grantTo('UK AI Security Institute');
    expect(institute.occurredAt).toBe('../2026-04-13');
    expect(institute.sources.map((s) => s.url)).toContain('https://www.aisi.gov.uk/blog/our-evaluation-of-claude-mythos-previews-cyber-capabilities');
  });
});

describe('OpenAI’s offer of GPT-5.5 Cyber', () => {
  const stream = streamOf(OPENAI);
  const offer = onlyOne(ofType('OfferMade', stream));

  it('is open: from OpenAI to the Commission, with no answer recorded', () => {
    expect(offer.data).toMatchObject({ offerId: 'openai-gpt-5-5-cyber-access', from: 'OpenAI', to: 'European Commission' });
    expect(offer.data.terms?.model).toBe('GPT-5.5 Cyber');
    expect(stream.filter((line) => ['OfferAccepted', 'OfferRejected', 'OfferWithdrawn'].includes(line.type))).toEqual([]);
  });

  it('names ENISA, the AI Office and DG CONNECT as candidates, decided beneficiaries being none', () => {
    expect([...(offer.data.terms?.candidateBeneficiaries ?? [])].sort()).toEqual(['AI Office', 'DG CONNECT', 'ENISA']);
    expect(offer.data.terms?.beneficiaries).toBeUndefined();
    expect(briefSources(offer).some((s) => s.excerpt?.includes('among the potential candidates'))).toBe(true);
  });

  it('keeps "is seen as a welcome gesture of transparency" on the offer, in no one’s mouth', () => {
    expect(offer.note).toContain('is seen as a welcome gesture of transparency');
    for (const s of statements) expect(`${s.data.text} ${(s.data.topics ?? []).join(' ')}`, `line ${s.lineNo}`).not.toMatch(/welcome|transparen/i);
  });

  it('has Regnier confirming the offer, and that only, in the OpenAI stream', () => {
    const confirmed = onlyOne(ofType('StatementMade', stream));
    expect(confirmed.data.speaker).toEqual({ name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' });
    expect(confirmed.data.text).toMatch(/confirmed/);
    expect(confirmed.sources[0]?.excerpt).toContain('confirmed by Thomas Regnier');
  });

  it('records the talks as progressing, and no meeting, since the brief counts none', () => {
    expect(onlyOne(ofType('StatusChanged', stream)).data.status).toBe('progressing');
    expect(ofType('MeetingHeld', stream)).toEqual([]);
  });
});

describe('the Commission’s general position on access to AI models', () => {
  const stream = streamOf(COMMISSION);
  const said = ofType('StatementMade', stream);
  const byTopic = (topic: string) => onlyOne(statements.filter((s) => s.data.topics?.includes(topic)));

  it('is a stream of the Commission alone', () => {
    expect(stream[0]?.data.parties).toEqual([{ org: 'European Commission', role: 'regulator' }]);
  });

  it('holds the remarks on the AI Act, the Cyber Resilience Act, the Cybersecurity Act and security, and no other stream does', () => {
    for (const topic of ['AI Act', 'Cyber Resilience Act', 'Cybersecurity Act', 'security']) expect(byTopic(topic).negotiationId, topic).toBe(COMMISSION);
    expect(said).toHaveLength(3);
  });

  it('records Politico as raising concerns, never as asking', () => {
    const security = byTopic('security');
    expect(security.sources[0]?.excerpt).toContain('Politico raised concerns');
    expect(security.note).toContain('Politico raised');
    expect(readFileSync(FILE, 'utf8')).not.toMatch(/asked by Politico|Politico asked/i);
  });
});

describe('the talks with Anthropic on Claude Mythos Preview', () => {
  const stream = streamOf(ANTHROPIC);

  it('count four to five meetings in one MeetingHeld dated by an interval', () => {
    const meeting = onlyOne(ofType('MeetingHeld', stream));
    expect(meeting.data.count).toEqual({ min: 4, max: 5 });
    expect(meeting.occurredAt).toBe('2026-04-07/2026-05-11');
    const { start, end } = bounds(meeting.occurredAt);
    expect(start).not.toBeNull();
    expect(end).not.toBeNull();
  });

  it('give the quoted "four to five meetings" to the Commission, no one named', () => {
    const quote = onlyOne(statements.filter((s) => s.data.kind === 'quote'));
    expect(quote.negotiationId).toBe(ANTHROPIC);
    expect(quote.data.speaker).toEqual({ org: 'European Commission' });
    expect(quote.data.text).toBe('four to five meetings');
    expect(quote.note).toMatch(/without naming/);
  });

  it('are progressing, slowly, as the brief says, not stalled', () => {
    const status = onlyOne(ofType('StatusChanged', stream));
    expect(status.data.status).toBe('progressing');
    expect(status.data.reason).toMatch(/slow/);
    expect(briefSources(status).map((s) => s.excerpt).join(' ')).toContain('progressing slowly');
  });

  it('record the Glasswing partners’ reservation, and the brief’s "little information", on no one’s behalf', () => {
    const glasswing = grantTo('Project Glasswing partners');
    expect(glasswing.data).toMatchObject({ grantor: 'Anthropic', model: 'Claude Mythos Preview' });
    expect(glasswing.sources[0]?.excerpt).toContain('the EU has little information on Anthropic\'s Claude Mythos Preview');
    expect(glasswing.note).toContain('little information');
    expect(stream[0]?.data.subject).toContain('little information');
    for (const s of statements) expect(s.data.text, `line ${s.lineNo}`).not.toMatch(/little information/);
  });

  it('name the UK AI Security Institute officially, keep the brief’s name in the excerpt, and keep "only"', () => {
    const institute = grantTo('UK AI Security Institute');
    expect(institute.data).toMatchObject({ grantor: 'Anthropic', model: 'Claude Mythos Preview' });
    expect(institute.sources[0]?.excerpt).toBe('Only the British Institute for AI Security has had the opportunity to test Mythos directly.');
    expect(institute.data.scope).toMatch(/\bonly\b/);
    expect(institute.note).toContain('British Institute for AI Security');
  });

  it('grant the Commission nothing, and record no request for access', () => {
    expect(ofType('AccessGranted').filter((line) => line.data.grantee === 'European Commission')).toEqual([]);
    expect(ofType('AccessRequested')).toEqual([]);
    expect(ofType('OfferMade', stream)).toEqual([]);
  });
});

describe('who said what', () => {
  it('gives every statement a speaker with an org, and a name only when it is a person’s', () => {
    for (const s of statements) {
      expect(s.data.speaker?.org, `line ${s.lineNo}`).toBe('European Commission');
      if (s.data.speaker?.name !== undefined) expect(s.data.speaker.name, `line ${s.lineNo}`).not.toBe(s.data.speaker.org);
    }
  });

  it('has Regnier speak as the Commission’s spokesperson, in every stream', () => {
    const regnier = statements.filter((s) => s.data.speaker?.name === 'Thomas Regnier');
    for (const s of regnier) expect(s.data.speaker, `line ${s.lineNo}`).toEqual({ name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' });
    expect(new Set(regnier.map((s) => s.negotiationId))).toEqual(new Set([OPENAI, ANTHROPIC, COMMISSION]));
  });

  it('quotes only words the brief puts in quotation marks', () => {
    for (const s of statements.filter((line) => line.data.kind === 'quote')) expect(BRIEF).toContain(`"${s.data.text}"`);
  });
});
