import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOf, intervalOf } from '../../src/time/timePoint.js';
import { describeTimePoint } from '../../src/time/timeWords.js';
import { chainOf, jsonl } from './fixtures/eventLog.js';
import { linesOf, requireBuiltCli, ROOT, runCli, tempDir } from './cliHarness.js';

const temp = tempDir('replay');
const store = `sqlite:${join(temp.dir, 'parley.db')}`;
const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';

/** An offer recorded on 2 May and corrected on 10 May: the correction lives on the transaction-time axis only. */
const offerId = randomUUID();
const corrected = chainOf('corrected-offer', [
  {
    type: 'NegotiationOpened',
    occurredAt: '2026-05-01',
    recordedAt: '2026-05-01T10:00:00.000Z',
    data: { title: 'Model access', parties: [{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }] },
  },
  {
    id: offerId,
    type: 'OfferMade',
    occurredAt: '2026-05-02',
    recordedAt: '2026-05-02T10:00:00.000Z',
    data: { offerId: 'o-1', from: 'OpenAI', to: 'European Commission', terms: { model: 'GPT-5.5' } },
  },
  {
    type: 'EventCorrected',
    occurredAt: '2026-05-10',
    recordedAt: '2026-05-10T10:00:00.000Z',
    data: { targetEventId: offerId, data: { terms: { model: 'GPT-5.5 Cyber' } }, reason: 'the model was misnamed' },
  },
]);

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store])).code).toBe(0);
  const file = join(temp.dir, 'corrected.jsonl');
  writeFileSync(file, jsonl(corrected));
  expect((await runCli(['import', file, '--store', store])).code).toBe(0);
});
afterAll(temp.remove);

const replayJson = async (...args: string[]) => {
  const run = await runCli(['replay', ...args, '--json', '--store', store]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown> & { offers: { terms: { model?: string }; status: string }[] };
};

/** The seed the demo loads; expectations are read from it, not written out. */
interface SeedLine {
  negotiationId: string;
  type: string;
  occurredAt: string;
  data: Record<string, any>;
}
// `demo` loads the seed scenario, so the counts a replay shows are the seed file's.
const seed: SeedLine[] = linesOf(readFileSync(join(ROOT, 'examples/eu-ai-model-access.jsonl'), 'utf8')).map((line) => JSON.parse(line) as SeedLine);
const streamOf = (id: string) => seed.filter((e) => e.negotiationId === id);
const openingOf = (id: string) => streamOf(id).find((e) => e.type === 'NegotiationOpened')!;
/** The events of a stream whose occurredAt interval has started, not ended, by the end of a day. */
const possibleAt = (id: string, day: string) => streamOf(id).filter((e) => intervalOf(e.occurredAt).start <= endOf(day) && intervalOf(e.occurredAt).end > endOf(day));
const meeting = streamOf(ANTHROPIC).find((e) => e.type === 'MeetingHeld')!;
/** A day on which every opening of the seed is possible, none definite. */
const END_OF_APRIL = '2026-04-30';

/** The value of a row of the state's first table ("  meetings       4–5, …"). */
const rowOf = (stdout: string, label: string) => new RegExp(`^  ${label} {2,}(.*)$`, 'm').exec(stdout)?.[1];

describe('replaying the seed scenario now', () => {
  it('answers the NegotiationState as JSON, with the cut it answered for', async () => {
    const state = await replayJson(OPENAI);
    expect(state).toMatchObject({ id: OPENAI, title: openingOf(OPENAI).data.title, status: 'progressing', statements: streamOf(OPENAI).filter((e) => e.type === 'StatementMade').length });
    expect(state.offers).toEqual([expect.objectContaining({ offerId: 'openai-gpt-5-5-cyber-access', status: 'open', from: 'OpenAI' })]);
    expect(typeof state.asOf).toBe('string');
    expect(typeof state.knownAt).toBe('string');
    expect(state.revision).toBe(streamOf(OPENAI).length - 1);
    expect(state).toMatchObject({ exists: 'yes', pending: [] });
  });

  it('prints readable sections on a terminal: a meeting range as "4–5", its dates in words', async () => {
    const run = await runCli(['replay', ANTHROPIC, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(`${openingOf(ANTHROPIC).data.title}  (${ANTHROPIC})`)).toBe(true);
    expect(rowOf(run.stdout, 'meetings')).toBe(`${meeting.data.count.min}–${meeting.data.count.max}, last ${describeTimePoint(meeting.occurredAt)}`);
    expect(rowOf(run.stdout, 'opened')).toBe(describeTimePoint(openingOf(ANTHROPIC).occurredAt));
    expect(run.stdout).toMatch(/Access grants \(2\)\n.*anthropic-mythos-project-glasswing +active/);
    expect(run.stdout).toMatch(/status +progressing/);
    expect(run.stdout).toMatch(/exists +yes/);
    expect(run.stdout).toMatch(/Possibly by then \(0\)\n {2}none/);
  });

  it('says "none recorded" for the OpenAI talks, which count no meeting, and names the offer\'s candidates apart', async () => {
    const run = await runCli(['replay', OPENAI, '--store', store]);
    expect(rowOf(run.stdout, 'meetings')).toBe('none recorded');
    const offer = streamOf(OPENAI).find((e) => e.type === 'OfferMade')!;
    expect(run.stdout).toContain(`candidates: ${offer.data.terms.candidateBeneficiaries.join(', ')}`);
  });
});

describe('replaying as of a past date', () => {
  it('shows the Anthropic talks as possibly opened in April, their grants definite already', async () => {
    const state = await replayJson(ANTHROPIC, '--as-of', END_OF_APRIL);
    expect(state).toMatchObject({ exists: 'possibly', status: 'open', meetings: { min: 0, max: 0, lastAt: null }, statements: 0, asOf: END_OF_APRIL });
    expect((state.grants as { status: string }[]).map((g) => g.status)).toEqual(['active', 'active']);
    expect((state.pending as { type: string }[]).map((p) => p.type)).toEqual(possibleAt(ANTHROPIC, END_OF_APRIL).map((e) => e.type));
  });

  it('answers "does not exist" on one line, exit 1, before the negotiation opened, saying which cut excluded it', async () => {
    const run = await runCli(['replay', 'corrected-offer', '--as-of', '2026-04-30', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual(['parley: negotiation corrected-offer did not exist at that cut: not yet happened by asOf (its opening is dated 2026-05-01)']);
    expect(run.stdout).toBe('');
  });

  it('shows a negotiation only possibly opened by then (its opening "no later than" a later day): exists possibly, its events pending', async () => {
    const day = '2026-05-05';
    const pending = possibleAt(OPENAI, day);
    const state = await replayJson(OPENAI, '--as-of', day);
    expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', statements: 0 });
    expect((state.pending as { type: string }[]).map((p) => p.type)).toEqual(pending.map((e) => e.type));
    expect((state.pending as { occurredAtInterval: unknown }[])[0]!.occurredAtInterval).toEqual({ start: null, end: new Date(endOf(openingOf(OPENAI).occurredAt)).toISOString() });
    const run = await runCli(['replay', OPENAI, '--as-of', day, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`${OPENAI}: possibly opened by then`);
    expect(run.stdout).toMatch(/exists +possibly opened by then/);
    expect(run.stdout).toContain(`Possibly by then (${pending.length}) — started, not ended by the cut: not counted above\n  ${describeTimePoint(openingOf(OPENAI).occurredAt)}  Negotiation opened: ${openingOf(OPENAI).data.title}\n`);
  });
});

describe('replaying as known at a past date', () => {
  it('shows the uncorrected offer before the correction was recorded, the corrected one after', async () => {
    const before = await replayJson('corrected-offer', '--known-at', '2026-05-09');
    expect(before.offers[0]!.terms.model).toBe('GPT-5.5');
    expect(before.knownAt).toBe('2026-05-09');
    const after = await replayJson('corrected-offer', '--known-at', '2026-05-10');
    expect(after.offers[0]!.terms.model).toBe('GPT-5.5 Cyber');
  });

  it('answers "does not exist" before anything was recorded, saying which cut excluded it', async () => {
    const run = await runCli(['replay', 'corrected-offer', '--known-at', '2026-04-30', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual(['parley: negotiation corrected-offer did not exist at that cut: not yet recorded by knownAt']);
    const seeded = await runCli(['replay', OPENAI, '--as-of', '2026-05-12', '--known-at', '2000', '--store', store]);
    expect(seeded.code).toBe(1);
    expect(linesOf(seeded.stderr)).toEqual([`parley: negotiation ${OPENAI} did not exist at that cut: not yet recorded by knownAt`]);
  });
});
