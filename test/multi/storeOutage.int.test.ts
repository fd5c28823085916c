import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import type { EventInput } from '../../src/events/eventInput.js';
import { PostgresEventStore } from '../../src/store/postgresStore.js';
import { TcpProxy } from '../store/tcpProxy.js';
import { call, type Answer } from './httpClient.js';
import { LiveFeed } from './liveFeed.js';
import { missingCli, startParley } from './parleyProcess.js';
import { freshPostgresOrSkip, releasePostgresTarget } from './postgresDatabase.js';
import { runParley } from './runCommand.js';

const TOKENS = { recorder: 'rita-recorder-token-01-0123456789abcdef', reader: 'rhea-reader-token-0001-0123456789abcdef' };
const PARLEY_TOKENS = `rita:recorder:${TOKENS.recorder},rhea:reader:${TOKENS.reader}`;
const NEGOTIATION = 'eu-openai-gpt-5-5-cyber';
/** A store failure must answer, not hang: well above the pool's 5 s connection timeout, far below a test's. */
const ANSWER_WITHIN_MS = 15_000;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(releasePostgresTarget);

function meeting(summary: string): EventInput & { id: string } {
  return { id: randomUUID(), type: 'MeetingHeld', occurredAt: '2026-05-20', data: { summary, format: 'virtual' } };
}

/** The store-touching requests of the outage: a list, a state, an append and the health check. */
function storeRequests(url: string) {
  const options = { token: TOKENS.reader, timeoutMs: ANSWER_WITHIN_MS };
  return {
    list: () => call(url, '/negotiations', options),
    state: () => call(url, `/negotiations/${NEGOTIATION}`, options),
    append: (event: EventInput) => call(url, `/negotiations/${NEGOTIATION}/events`, { ...options, token: TOKENS.recorder, body: event }),
    health: () => call(url, '/health', { timeoutMs: ANSWER_WITHIN_MS }),
  };
}

function expectUnavailable(answer: Answer<any>): void {
  expect({ status: answer.status, contentType: answer.contentType.split(';')[0] }).toEqual({ status: 503, contentType: 'application/problem+json' });
  expect(answer.body).toMatchObject({ status: 503, title: expect.any(String), detail: expect.any(String) });
}

/** Repeats `attempt` until it answers `status`, for at most `withinMs`; the last answer otherwise. */
async function eventually(attempt: () => Promise<Answer>, status: number, withinMs: number): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const answer = await attempt().catch((error: Error) => ({ status: 0, contentType: '', body: error.message }) as Answer);
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('parley serve on PostgreSQL when the database becomes unreachable', () => {
  it('answers 503 problem documents while it is cut off, then recovers by itself, live feed included', async (context) => {
    const missing = missingCli();
    if (missing) throw new Error(missing);
    const database = await freshPostgresOrSkip(context);
    cleanups.push(database.drop);
    const direct = new URL(database.url);
    const proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).start();
    cleanups.push(() => proxy.stop());
    const throughProxy = new URL(database.url);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxy.port);

    // Given a server on the database through the proxy, answering, with a live client
    const server = await startParley({ store: throughProxy.toString(), env: { PARLEY_TOKENS } });
    cleanups.push(() => server.stop());
    const requests = storeRequests(server.url);
    expect((await requests.list()).status).toBe(200);
    const feed = await LiveFeed.open(server.url, TOKENS.reader);
    cleanups.unshift(() => feed.close());
    const before = meeting('before the outage');
    expect((await requests.append(before)).status).toBe(201);
    await feed.untilIds([before.id], 30_000);

    // When the database becomes unreachable
    await proxy.cut();

    // Then reads and appends answer 503 problem documents, not 500, the health check 503 degraded, and none hangs
    expectUnavailable(await requests.list());
    expectUnavailable(await requests.state());
    expectUnavailable(await requests.append(meeting('during the outage')));
    const health = await requests.health();
    expect({ status: health.status, contentType: health.contentType.split(';')[0], body: health.body }).toEqual({
      status: 503,
      contentType: 'application/json',
      body: { status: 'degraded', store: 'postgres', reason: 'the store cannot be read' },
    });

    // and meanwhile another process records an event, straight to the database
    const elsewhere = await PostgresEventStore.open(database.url);
    cleanups.push(() => elsewhere.close());
    const missed = meeting('recorded elsewhere during the outage');
    await createParley({ store: elsewhere }).append({ negotiationId: NEGOTIATION, inputs: [missed], recordedBy: 'rita' });

    // When the database is reachable again
    await proxy.restore();

    // Then the same process answers again without a restart
    expect((await eventually(requests.health, 200, 30_000)).status).toBe(200);
    expect((await requests.list()).status).toBe(200);
    expect((await requests.state()).status).toBe(200);
    const after = meeting('after the outage');
    expect((await requests.append(after)).status).toBe(201);
    expect(server.output()).not.toMatch(/Parley listening on [\s\S]*Parley listening on/);

    // and the live feed resumes on the same connection: the event recorded elsewhere, then the new one, once each, in order
    await feed.untilIds([missed.id, after.id], 30_000);
    expect(feed.ended).toBeUndefined();
    expect(feed.frames.map((frame) => frame.event.id)).toEqual([before.id, missed.id, after.id]);

    // and the append refused during the outage was not recorded
    const log = await call<{ items: { id: string; data: { summary?: string } }[] }>(server.url, `/negotiations/${NEGOTIATION}/events?limit=1000`, { token: TOKENS.reader });
    const summaries = log.body.items.map((event) => event.data.summary).filter((summary) => summary?.includes('outage'));
    expect(summaries).toEqual(['before the outage', 'recorded elsewhere during the outage', 'after the outage']);
  });
});

describe('a CLI command whose PostgreSQL store cannot be reached', () => {
  for (const args of [
    ['verify', '--store', 'postgres://postgres@127.0.0.1:1/x'],
    ['export', '--store', 'postgres://postgres@127.0.0.1:1/x'],
    ['serve', '--port', '0', '--store', 'postgres://postgres@127.0.0.1:1/x'],
  ]) {
    it(`parley ${args[0]} prints one error line and exits non-zero, without a stack trace`, async () => {
      const missing = missingCli();
      if (missing) throw new Error(missing);
      const run = await runParley(args, { PARLEY_TOKENS });
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^parley: .*(unavailable|unreachable|ECONNREFUSED|connect)/i);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).not.toMatch(/Parley listening on/);
    });
  }
});
