import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { call } from './httpClient.js';
import { LiveFeed } from './liveFeed.js';
import { missingCli, startParley, type ParleyProcess } from './parleyProcess.js';
import { freshPostgresOrSkip, releasePostgresTarget } from './postgresDatabase.js';
import { runParley } from './runCommand.js';

const TOKENS = { alice: 'alice-recorder-token-01-0123456789abcdef', bruno: 'bruno-recorder-token-01-0123456789abcdef', reader: 'rita-reader-token-0001-0123456789abcdef' };
const PARLEY_TOKENS = `alice:recorder:${TOKENS.alice},bruno:recorder:${TOKENS.bruno},rita:reader:${TOKENS.reader}`;
const NEGOTIATION = 'twin-instances';
const PER_INSTANCE = 50;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(releasePostgresTarget);

function meeting(label: string) {
  return { id: randomUUID(), type: 'MeetingHeld', occurredAt: '2026-05-12', data: { summary: label, format: 'virtual' } };
}

/** The highest global position, paging `GET /events` to its end. */
async function lastPosition(url: string): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await call<{ items: RecordedEvent[]; next: number | null }>(url, `/events?after=${after}&limit=1000`, { token: TOKENS.reader });
    expect(page.status).toBe(200);
    after = page.body.items.at(-1)?.position ?? after;
    if (page.body.next === null) return after;
  }
}

describe('two parley serve processes on one PostgreSQL database', () => {
  it('appends concurrently through both to one negotiation without losing or repeating an event, and each instance streams what the other recorded', async (context) => {
    const missing = missingCli();
    if (missing) throw new Error(missing);
    const database = await freshPostgresOrSkip(context);
    cleanups.push(database.drop);

    // Given two instances started at the same moment on one empty database (both see it empty and load the seed)
    const env = { PARLEY_TOKENS };
    const [a, b] = await Promise.all([startParley({ store: database.url, env }), startParley({ store: database.url, env })]);
    cleanups.push(() => a.stop(), () => b.stop());

    // and a live-feed client of instance B, connected before anything is appended
    const before = await lastPosition(b.url);
    const feed = await LiveFeed.open(b.url, TOKENS.reader);
    // Closed after the servers stop: a server ends its live streams itself when it shuts down.
    cleanups.unshift(() => feed.close());

    // When the negotiation is opened through A and 2×50 events are POSTed at once through A and B, without If-Match
    const opened = { id: randomUUID(), type: 'NegotiationOpened', occurredAt: '2026-05-01', data: { title: 'Two doors, one log', parties: [{ org: 'European Commission', role: 'regulator' }] } };
    const opening = await call(a.url, `/negotiations/${NEGOTIATION}/events`, { token: TOKENS.alice, body: opened });
    expect(opening.status).toBe(201);
    const throughA = Array.from({ length: PER_INSTANCE }, (_, i) => meeting(`through A, ${i}`));
    const throughB = Array.from({ length: PER_INSTANCE }, (_, i) => meeting(`through B, ${i}`));
    const post = (instance: ParleyProcess, token: string, event: unknown) => call<{ revision: number }>(instance.url, `/negotiations/${NEGOTIATION}/events`, { token, body: event });
    const answers = await Promise.all(throughA.flatMap((event, i) => [post(a, TOKENS.alice, event), post(b, TOKENS.bruno, throughB[i])]));

    // Then every POST succeeded, each with a revision of its own
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const answered = answers.map((answer) => answer.body.revision).sort((x, y) => x - y);
    expect(answered).toEqual(Array.from({ length: 2 * PER_INSTANCE }, (_, i) => i + 1));

    // and both instances read one stream: revisions gapless from 0, every event once, recorded by whoever POSTed it
    const expectedIds = new Set([opened.id, ...throughA.map((e) => e.id), ...throughB.map((e) => e.id)]);
    for (const instance of [a, b]) {
      const log = await call<{ items: RecordedEvent[] }>(instance.url, `/negotiations/${NEGOTIATION}/events?limit=1000`, { token: TOKENS.reader });
      expect(log.status).toBe(200);
      expect(log.body.items.map((e) => e.revision)).toEqual(Array.from({ length: expectedIds.size }, (_, i) => i));
      const ids = log.body.items.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(expectedIds);
      const recorder = new Map(log.body.items.map((e) => [e.id, e.recordedBy]));
      expect(throughA.every((e) => recorder.get(e.id) === 'alice')).toBe(true);
      expect(throughB.every((e) => recorder.get(e.id) === 'bruno')).toBe(true);
    }

    // and the hash chains verify, through the API of either instance and with parley verify
    for (const instance of [a, b]) {
      const verified = await call<{ ok: boolean; broken: unknown[] }>(instance.url, '/audit/verify', { token: TOKENS.reader });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true, broken: [] });
    }
    const verify = await runParley(['verify', '--store', database.url]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^ok: \d+ events/);

    // and B's live feed received everything appended after it connected — A's appends included — once each, in position order
    await feed.untilIds(expectedIds, 30_000);
    const log: RecordedEvent[] = [];
    for (let after = before; ; ) {
      const page = await call<{ items: RecordedEvent[]; next: number | null }>(b.url, `/events?after=${after}&limit=1000`, { token: TOKENS.reader });
      log.push(...page.body.items);
      if (page.body.next === null) break;
      after = page.body.next;
    }
    expect(feed.frames.map((frame) => frame.event.id)).toEqual(log.map((event) => event.id));
    const positions = feed.frames.map((frame) => frame.id);
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1]!)).toBe(true);
    expect(feed.frames.every((frame) => frame.id === frame.event.position && frame.type === frame.event.type)).toBe(true);
    expect(feed.frames.filter((frame) => frame.event.recordedBy === 'alice')).toHaveLength(PER_INSTANCE + 1);
  });
});
