import { describe, expect, it } from 'vitest';
import { formatState, range, type ReplayAnswer } from '../../src/cli/formatState.js';

/** Given: the OpenAI talks of the seed, as a replay answers them once everything is definite. */
function openAiTalks(change: Partial<ReplayAnswer> = {}): ReplayAnswer {
  return {
    id: 'eu-openai-gpt-5-5-cyber',
    exists: 'yes',
    title: "EU access to OpenAI's GPT-5.5 Cyber",
    subject: 'OpenAI offers the Commission access to GPT-5.5 Cyber.',
    status: 'progressing',
    parties: [
      { org: 'European Commission', role: 'regulator' },
      { org: 'OpenAI', role: 'provider' },
    ],
    openedAt: '../2026-05-11',
    lastActivityAt: '2026-05-11',
    meetings: { min: 0, max: 0, lastAt: null },
    offers: [
      {
        offerId: 'openai-gpt-5-5-cyber-access',
        from: 'OpenAI',
        to: 'European Commission',
        terms: { model: 'GPT-5.5 Cyber', candidateBeneficiaries: ['ENISA', 'AI Office', 'DG CONNECT'] },
        status: 'open',
        madeAt: '../2026-05-11',
      },
    ],
    requests: [],
    grants: [],
    statements: 1,
    pending: [],
    revision: 3,
    asOf: '2026-05-12',
    knownAt: '2026-06-01T09:30:00.000Z',
    ...change,
  };
}

/** Given: the same talks as of 5 May 2026, when every event but none of the statements had possibly happened. */
function openAiTalksPossibly(): ReplayAnswer {
  const pending = (eventId: string, type: string, summary: string) => ({
    eventId,
    type,
    occurredAt: '../2026-05-11',
    occurredAtInterval: { start: null, end: '2026-05-11T23:59:59.999Z' },
    summary,
  });
  return openAiTalks({
    exists: 'possibly',
    title: '',
    subject: null,
    status: 'open',
    parties: [],
    openedAt: null,
    lastActivityAt: null,
    offers: [],
    statements: 0,
    pending: [
      pending('d8123275-c6ea-436b-a2ec-ea80ee8277d7', 'NegotiationOpened', "Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber"),
      pending('2eaaec93-33d6-4051-b8e4-9040e768fdd6', 'OfferMade', 'OpenAI offered GPT-5.5 Cyber to European Commission'),
    ],
    revision: -1,
    asOf: '2026-05-05',
  });
}

describe('a negotiation state printed for a terminal', () => {
  it('says its dates in words, open ends included', () => {
    const text = formatState(openAiTalks());
    expect(text).toMatch(/^ {2}opened +no later than 11 May 2026$/m);
    expect(text).toMatch(/^ {2}last activity +11 May 2026$/m);
    expect(text).toMatch(/^ {2}as of +12 May 2026$/m);
    expect(text).toMatch(/^ {2}known at +1 June 2026, 09:30 UTC$/m);
    expect(text).toContain('made no later than 11 May 2026');
  });

  it('says "none recorded" for a negotiation with no meeting, not 0', () => {
    expect(formatState(openAiTalks())).toMatch(/^ {2}meetings +none recorded$/m);
  });

  it('says a range of meetings with the last one\'s date in words', () => {
    const text = formatState(openAiTalks({ meetings: { min: 4, max: 5, lastAt: '2026-04-07/2026-05-11' } }));
    expect(text).toMatch(/^ {2}meetings +4–5, last between 7 April and 11 May 2026$/m);
  });

  it('names the candidates of an offer apart from its beneficiaries', () => {
    const text = formatState(openAiTalks());
    expect(text).toContain('candidates: ENISA, AI Office, DG CONNECT');
    expect(text).not.toContain('for ENISA');
    const decided = formatState(openAiTalks({ offers: [{ ...openAiTalks().offers[0]!, terms: { model: 'GPT-5.5 Cyber', beneficiaries: ['AI Office'], candidateBeneficiaries: ['ENISA'] } }] }));
    expect(decided).toContain('for AI Office; candidates: ENISA');
  });

  it('lines its sections up in columns, leaving out a column no row fills', () => {
    const text = formatState(openAiTalks({ offers: [{ ...openAiTalks().offers[0]!, terms: { model: 'GPT-5.5 Cyber' } }] }));
    expect(text).toContain('\nOffers (1)\n  openai-gpt-5-5-cyber-access  open  OpenAI → European Commission  GPT-5.5 Cyber  made no later than 11 May 2026\n');
    expect(text).toContain('\nAccess grants (0)\n  none\n');
  });
});

describe('a negotiation only possibly opened by then, printed for a terminal', () => {
  it('says so in its heading and its exists line, with the date of its opening in words', () => {
    const text = formatState(openAiTalksPossibly());
    expect(text.split('\n').slice(0, 2)).toEqual([
      'eu-openai-gpt-5-5-cyber: possibly opened by then',
      '  Opened no later than 11 May 2026, so maybe not yet by 5 May 2026: see "Possibly by then".',
    ]);
    expect(text).toMatch(/^ {2}exists +possibly opened by then$/m);
  });

  it('lists the events that possibly happened in a "Possibly by then" section, dates in words', () => {
    expect(formatState(openAiTalksPossibly())).toContain(
      [
        'Possibly by then (2) — started, not ended by the cut: not counted above',
        "  no later than 11 May 2026  Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber",
        '  no later than 11 May 2026  OpenAI offered GPT-5.5 Cyber to European Commission',
      ].join('\n'),
    );
  });

  it('says nothing was pending when nothing was', () => {
    const text = formatState(openAiTalks());
    expect(text).toMatch(/^ {2}exists +yes$/m);
    expect(text).toContain('\nPossibly by then (0)\n  none\n');
  });
});

describe('a meeting count in words', () => {
  it.each([
    [0, 0, 'none recorded'],
    [1, 1, '1'],
    [3, 3, '3'],
    [4, 5, '4–5'],
    [4, null, 'at least 4'],
    [1, null, 'at least 1'],
  ] as const)('reads min %s, max %s as %s', (min, max, words) => {
    expect(range(min, max)).toBe(words);
  });
});
