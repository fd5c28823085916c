import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf, jsonl } from './fixtures/eventLog.js';
import { linesOf, requireBuiltCli, runCli, tempDir } from './cliHarness.js';

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

describe('replaying the seed scenario now', () => {
  it('answers the NegotiationState as JSON, with the cut it answered for', async () => {
    const state = await replayJson(OPENAI);
    expect(state).toMatchObject({ id: OPENAI, title: "EU access to OpenAI's GPT-5.5 Cyber", status: 'progressing', statements: 4 });
    expect(state.offers).toEqual([expect.objectContaining({ offerId: 'openai-gpt-5-5-cyber-access', status: 'open', from: 'OpenAI' })]);
    expect(typeof state.asOf).toBe('string');
    expect(typeof state.knownAt).toBe('string');
    expect(state.revision).toBe(6);
    expect(state).toMatchObject({ exists: 'yes', pending: [] });
  });

  it('prints readable sections on a terminal, a meeting range as "4–5"', async () => {
    const run = await runCli(['replay', ANTHROPIC, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^EU access to Anthropic's Claude Mythos Preview {2}\(eu-anthropic-claude-mythos\)/);
    expect(run.stdout).toMatch(/meetings +4–5, last 2026-04/);
    expect(run.stdout).toMatch(/Access grants \(2\)\n.*anthropic-mythos-project-glasswing +active/);
    expect(run.stdout).toMatch(/status +progressing/);
    expect(run.stdout).toMatch(/exists +yes/);
    expect(run.stdout).toMatch(/Possibly happened by then \(not counted\) \(0\)\n {2}none/);
  });
});

describe('replaying as of a past date', () => {
  it('shows the Anthropic talks as they stood at the end of April', async () => {
    const state = await replayJson(ANTHROPIC, '--as-of', '2026-04-30');
    expect(state).toMatchObject({ status: 'open', meetings: { min: 4, max: 5, lastAt: '2026-04' }, statements: 0, asOf: '2026-04-30' });
    expect((state.grants as { status: string }[]).map((g) => g.status)).toEqual(['active', 'active']);
  });

  it('answers "does not exist" on one line, exit 1, before the negotiation opened, saying which cut excluded it', async () => {
    const run = await runCli(['replay', OPENAI, '--as-of', '2026-04-30', '--store', store]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: negotiation ${OPENAI} did not exist at that cut: not yet happened by asOf (its opening is dated 2026-05)`]);
    expect(run.stdout).toBe('');
  });

  it('shows a negotiation only possibly opened by then (its opening dated "2026-05"): exists possibly, its events pending', async () => {
    const state = await replayJson(OPENAI, '--as-of', '2026-05-30');
    expect(state).toMatchObject({ exists: 'possibly', title: '', status: 'open', statements: 0 });
    expect((state.pending as { type: string; summary: string }[]).slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'NegotiationOpened', summary: "Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber" }),
      expect.objectContaining({ type: 'OfferMade', occurredAtInterval: { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' } }),
    ]);
    const run = await runCli(['replay', OPENAI, '--as-of', '2026-05-30', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Possibly opened by then {2}\(eu-openai-gpt-5-5-cyber\)/);
    expect(run.stdout).toMatch(/exists +possibly/);
    expect(run.stdout).toMatch(/Possibly happened by then \(not counted\) \(7\)\n {2}2026-05 +Negotiation opened: EU access to OpenAI's GPT-5.5 Cyber\n {2}2026-05 +OpenAI offered GPT-5.5 Cyber to European Commission/);
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
  });
});
