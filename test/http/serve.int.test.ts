import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/cli/commands/serve.js';
import type { CliContext } from '../../src/cli/context.js';
import { meeting } from '../support/inputs.js';
import { storedRows } from '../cli/cliHarness.js';
import { ROOT, SEED_FILE } from './harness.js';
import { ServeSandbox } from './serveSandbox.js';

/** The seed scenario's lines: what a first start loads. */
const seed = readFileSync(SEED_FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { negotiationId: string });

interface Captured {
  readonly context: CliContext;
  readonly stdout: () => string;
  readonly log: PassThrough;
  readonly logText: () => string;
}

function capture(env: Record<string, string>): Captured {
  let out = '';
  let logText = '';
  const stdout = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const log = new PassThrough();
  log.on('data', (chunk: Buffer) => (logText += chunk.toString()));
  return {
    context: { env, stdout, stderr: new PassThrough(), now: Date.now, username: () => 'tester' },
    stdout: () => out,
    log,
    logText: () => logText,
  };
}

const sandbox = new ServeSandbox('parley-serve-');
const workDir = () => sandbox.workDir();

async function start(dir: string, env: Record<string, string> = {}): Promise<Captured & { serving: Serving }> {
  const captured = capture({ ...env, PARLEY_STORE: `sqlite:${join(dir, 'data/parley.db')}` });
  const serving = await serve(captured.context, { port: '0', host: '127.0.0.1' }, { cwd: dir, logTo: captured.log });
  sandbox.keep(serving);
  return { ...captured, serving };
}

const listeningUrl = (stdout: string) => /^Parley listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(stdout);

describe('parley serve on a first start without PARLEY_TOKENS', () => {
  it('loads the seed scenario, prints its address and the new admin token once, and keeps the token mode 0600', async () => {
    const dir = workDir();
    const first = await start(dir);
    const match = listeningUrl(first.stdout());
    expect(match?.[2]).not.toBe('0');
    expect(match?.[1]).toBe(first.serving.url);
    const tokenFile = join(dir, 'data/admin-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(first.stdout()).toContain(token);
    expect(first.stdout()).toMatch(/seed scenario/);

    const list = await fetch(`${first.serving.url}/negotiations`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(new Set(seed.map((event) => event.negotiationId)).size);
    const append = await fetch(`${first.serving.url}/negotiations/eu-openai-gpt-5-5-cyber/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(meeting({ occurredAt: '2026-05-21' })),
    });
    expect(append.status).toBe(201);
    expect(first.logText()).not.toContain(token);

    await sandbox.stopLast();
    const second = await start(dir);
    expect(listeningUrl(second.stdout())).not.toBeNull();
    expect(second.stdout()).not.toContain(token);
    expect(second.stdout()).not.toMatch(/seed scenario/);
    const again = await fetch(`${second.serving.url}/events?limit=1000`, { headers: { Authorization: `Bearer ${token}` } });
    const page = (await again.json()) as { items: { recordedBy: string }[] };
    expect(page.items).toHaveLength(seed.length + 1);
    expect(page.items.at(-1)!.recordedBy).toBe('admin');
  });
});

describe('parley serve on an empty store with PARLEY_SEED=false', () => {
  it('starts with no negotiations', async () => {
    const dir = workDir();
    const started = await start(dir, { PARLEY_SEED: 'false', PARLEY_TOKENS: 'olga:reader:olga-secret-token-2-0123456789abcdef' });
    expect(started.stdout()).not.toMatch(/seed scenario/);
    const list = await fetch(`${started.serving.url}/negotiations`, { headers: { Authorization: 'Bearer olga-secret-token-2-0123456789abcdef' } });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('parley serve with PARLEY_TOKENS', () => {
  it('uses those tokens, makes no admin token, and never writes a token to its log', async () => {
    const dir = workDir();
    const started = await start(dir, { PARLEY_TOKENS: 'ines:recorder:ines-secret-token-1-0123456789abcdef,olga:reader:olga-secret-token-2-0123456789abcdef' });
    expect(existsSync(join(dir, 'data/admin-token'))).toBe(false);
    expect(started.stdout()).not.toMatch(/token/i);
    const { url } = started.serving;
    const post = await fetch(`${url}/negotiations/eu-openai-gpt-5-5-cyber/events`, {
      method: 'POST',
      headers: { Authorization: 'Bearer ines-secret-token-1-0123456789abcdef', 'Content-Type': 'application/json' },
      body: JSON.stringify(meeting({ occurredAt: '2026-05-21' })),
    });
    expect(post.status).toBe(201);
    expect((await fetch(`${url}/dashboard?access_token=olga-secret-token-2-0123456789abcdef`)).status).toBe(401);
    const live = await fetch(`${url}/events/live?access_token=olga-secret-token-2-0123456789abcdef`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
    expect(live?.status).toBe(200);
    await live?.body?.cancel().catch(() => undefined);
    const readerPost = await fetch(`${url}/negotiations/eu-openai-gpt-5-5-cyber/events`, {
      method: 'POST',
      headers: { Authorization: 'Bearer olga-secret-token-2-0123456789abcdef', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(readerPost.status).toBe(403);
    await sandbox.stopLast();
    const log = started.logText();
    expect(log).toMatch(/"principal":"ines"/);
    expect(log).not.toContain('secret-token');
    expect(log).not.toContain('access_token');
  });

  it('refuses a malformed PARLEY_TOKENS as a usage error before opening anything', async () => {
    const dir = workDir();
    await expect(start(dir, { PARLEY_TOKENS: 'nobody:superuser:0123456789-0123456789-0123456789' })).rejects.toThrow(/role "superuser"/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});

describe('parley serve on a port another program listens on, with an empty store', () => {
  it('fails with the address in use, and loads nothing into the store', async () => {
    const dir = workDir();
    const occupier: Server = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', () => resolve()));
    const { port } = occupier.address() as AddressInfo;
    try {
      const captured = capture({ PARLEY_STORE: `sqlite:${join(dir, 'data/parley.db')}`, PARLEY_TOKENS: 'ines:recorder:ines-secret-token-1-0123456789abcdef' });
      const started = serve(captured.context, { port: String(port), host: '127.0.0.1' }, { cwd: dir, logTo: captured.log });
      await expect(started).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`);
      expect(captured.stdout()).toBe('');
      expect(storedRows(join(dir, 'data/parley.db'))).toEqual([]);
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const dir = workDir();
    const started = await start(dir, { PARLEY_TOKENS: 'ines:recorder:ines-secret-token-1-0123456789abcdef' });
    const port = Number(new URL(started.serving.url).port);
    const body = JSON.stringify(meeting({ occurredAt: '2026-05-22' }));
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(
      `POST /negotiations/eu-openai-gpt-5-5-cyber/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ines-secret-token-1-0123456789abcdef\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is now in flight, its body half sent
    const closing = sandbox.stopLast();
    socket.end(body.slice(10));
    await closing;
    await new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    await expect(fetch(`${started.serving.url}/health`)).rejects.toThrow();
    expect(started.logText()).toMatch(/"msg":"stopped"/);
  });
});

describe('parley serve as a process', () => {
  const cli = join(ROOT, 'dist/src/cli/main.js');
  it('stops cleanly on SIGTERM with exit status 0', async (context) => {
    if (!existsSync(cli)) {
      console.warn(`skipped: ${cli} is not built (run npm run build)`);
      context.skip();
    }
    const dir = workDir();
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--store', `sqlite:${join(dir, 'data/parley.db')}`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = listeningUrl(out);
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        }
      }, 20);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`exited with ${code}: ${out}`));
      });
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/"msg":"stopped"/);
  });
});
