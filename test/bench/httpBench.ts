import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { packageRoot } from '../../src/cli/packageRoot.js';
import type { BenchOptions } from './options.js';
import { atLeast, atMost, grouped, info, missing, type Row } from './table.js';

export type { Row } from './table.js';

const ROOT = packageRoot(import.meta.url);
const CLI = join(ROOT, 'dist/src/cli/main.js');

const CONNECTIONS = 16;
const STREAMS = 16;
const HISTORY = 1_000;
const AS_OF = '2025-06-30';
/**
 * The run is a fixed number of appends rather than a fixed time, so the log it leaves
 * (history + warm-up + measured, ~23,000 events) is the same whatever the speed, and stays
 * within the server's default stream cache.
 */
const WARM_UP_APPENDS = 2_000;
const MEASURED_APPENDS = 20_000;

export interface HttpBenchOptions extends Partial<BenchOptions> {
  /** Appends measured (default 20,000). */
  readonly appends?: number;
}

/**
 * HTTP appends/s (16 connections, one event per request) against `parley serve` in a child
 * process on loopback, and the latency of an as-of read under that load.
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<Row[]> {
  if (!existsSync(CLI)) return [missing('HTTP bench', `${CLI} is missing: run npm run build`)];
  const workDir = mkdtempSync(join(options.workDir ?? tmpdir(), 'parley-http-bench-'));
  const appends = options.appends ?? MEASURED_APPENDS;
  const token = randomBytes(24).toString('base64url');
  const server = await startServer(join(workDir, 'parley.db'), token).catch((error: unknown) => {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  });
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await prepare(server.url, headers);
    await appendLoad(server.url, headers, WARM_UP_APPENDS);
    const before = await eventsRecorded(server.url, headers);
    const reading = readLoad(server.url, headers);
    const written = await appendLoad(server.url, headers, appends);
    reading.stop();
    const reads = await reading;
    const recorded = (await eventsRecorded(server.url, headers)) - before;
    const failed = written.non2xx + written.errors + reads.non2xx + reads.errors + Math.abs(recorded - appends);
    return [
      atLeast(`HTTP appends/s (${CONNECTIONS} connections, 1 event/request)`, written.requests.total / written.duration, 2_000, '/s'),
      latencyRow('HTTP GET /negotiations/{id}?asOf= p50 under that load', reads.latency.p50),
      latencyRow('HTTP GET /negotiations/{id}?asOf= p99 under that load', reads.latency.p99),
      info('HTTP as-of reads alongside (1 connection)', `${grouped(reads.requests.total / reads.duration)} /s`),
      ...(failed > 0 ? [{ name: 'HTTP bench failed requests', value: String(failed), target: '0', ok: false }] : []),
    ];
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** autocannon measures latency in whole milliseconds: below one it says 0. */
function latencyRow(name: string, ms: number): Row {
  const row = atMost(name, ms, 30, 'ms');
  return ms < 1 ? { ...row, value: '< 1 ms' } : row;
}

async function prepare(url: string, headers: Record<string, string>): Promise<void> {
  for (let s = 0; s < STREAMS; s++) {
    const opened = { type: 'NegotiationOpened', occurredAt: '2025-01-01', data: { title: `Bench ${s}`, parties: [{ org: 'European Commission', role: 'regulator' }] } };
    await post(url, `/negotiations/bench-${s}/events`, headers, [opened]);
  }
  // A history for the as-of read: meetings through 2025, in batches.
  for (let i = 0; i < HISTORY; i += 500) {
    const batch = Array.from({ length: 500 }, (_, k) => ({
      type: 'MeetingHeld',
      occurredAt: new Date(Date.UTC(2025, 0, 2) + (i + k) * 3_600_000 * 4).toISOString(),
      data: { summary: `meeting ${i + k}`, count: { min: 1, max: 2 } },
    }));
    await post(url, '/negotiations/bench-0/events', headers, batch);
  }
}

async function post(url: string, path: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`bench setup: POST ${path} answered ${response.status}: ${await response.text()}`);
}

/**
 * One event per request; each connection records into its own negotiation, as 16 clients
 * working on 16 negotiations would. The body is made once: building each request in the
 * load generator would make it, not the server, the bottleneck.
 */
function appendLoad(url: string, headers: Record<string, string>, amount: number): Promise<autocannon.Result> {
  const body = JSON.stringify({ type: 'MeetingHeld', occurredAt: '2026-05-20', data: { summary: 'a bench meeting', format: 'virtual' } });
  let connection = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    amount,
    requests: [
      {
        method: 'POST',
        headers,
        body,
        setupRequest: (request, context: { path?: string }) => {
          context.path ??= `/negotiations/bench-${connection++ % STREAMS}/events`;
          return { ...request, path: context.path };
        },
      },
    ],
  });
}

/** The events the bench streams hold: the check that every append really was one. */
async function eventsRecorded(url: string, headers: Record<string, string>): Promise<number> {
  let total = 0;
  for (let s = 0; s < STREAMS; s++) {
    const response = await fetch(`${url}/negotiations/bench-${s}`, { headers: { authorization: headers.authorization! } });
    total += ((await response.json()) as { revision: number }).revision + 1;
  }
  return total;
}

/** As-of reads on one connection until stopped. */
function readLoad(url: string, headers: Record<string, string>): autocannon.Instance & PromiseLike<autocannon.Result> {
  return autocannon({
    url: `${url}/negotiations/bench-0?asOf=${AS_OF}`,
    connections: 1,
    duration: 3_600,
    headers: { authorization: headers.authorization! },
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
}

interface BenchServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** `parley serve --port 0` in its own process, so the load generator does not share its event loop. */
export async function startServer(dbPath: string, token: string): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, PARLEY_TOKENS: `bench:admin:${token}`, PARLEY_PUBLIC_READ: 'false' };
  delete env.PARLEY_STORE;
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--store', `sqlite:${dbPath}`], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString();
      const match = /Parley listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`parley serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
