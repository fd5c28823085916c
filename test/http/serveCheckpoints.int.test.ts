import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/cli/commands/serve.js';
import type { CliContext } from '../../src/cli/context.js';
import { verifyCheckpoint } from '../../src/audit/signedCheckpoint.js';
import { generateNoteSigningKey, noteSigningKeyPem, verifierKeyOf } from '../../src/audit/noteKey.js';
import { meeting } from '../support/inputs.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { ServeSandbox } from './serveSandbox.js';

const TOKEN = 'admin-secret-token-0123456789abcdef0123';
const sandbox = new ServeSandbox('parley-checkpoints-');
const workDir = () => sandbox.workDir();

function context(env: Record<string, string>): CliContext {
  const sink = new PassThrough().resume();
  return { env, stdout: new PassThrough().resume(), stderr: sink, now: Date.now, username: () => 'tester' };
}

async function start(dir: string, env: Record<string, string> = {}): Promise<Serving> {
  const serving = await serve(
    context({ PARLEY_TOKENS: `root:admin:${TOKEN}`, PARLEY_STORE: `sqlite:${join(dir, 'data/parley.db')}`, PARLEY_LOG_ORIGIN: 'parley/test-host', ...env }),
    { port: '0', host: '127.0.0.1' },
    { cwd: dir, logTo: new PassThrough().resume() },
  );
  return sandbox.keep(serving);
}

const call = (url: string, path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...init.headers } });
const sign = async (url: string) => (await (await call(url, '/proofs/checkpoint', { method: 'POST' })).json()) as { size: number; note: string };
const appendMeeting = (url: string) => call(url, '/negotiations/eu-openai-gpt-5-5-cyber/events', { method: 'POST', body: JSON.stringify(meeting({ occurredAt: '2026-05-21' })) });
const stopLast = () => sandbox.stopLast();
const refusal = (promise: Promise<unknown>) => promise.then(() => 'started', (error: unknown) => (error as Error).message);

describe('parley serve on a first start', () => {
  it('creates its signing key in the data folder with mode 0600, named by PARLEY_LOG_ORIGIN, and keeps each checkpoint beside it', async () => {
    const dir = workDir();
    const { url } = await start(dir);
    const keyFile = join(dir, 'data/signing-key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = (await (await fetch(`${url}/proofs/key`)).json()) as { keyName: string; vkey: string };
    expect(key.keyName).toBe('parley/test-host');
    const checkpoint = await sign(url);
    expect(readFileSync(join(dir, 'data/signing-key.checkpoint'), 'utf8')).toBe(checkpoint.note);
    expect(verifyCheckpoint(checkpoint.note, key.vkey).ok).toBe(true);
    await stopLast();
    const again = await start(dir);
    expect(((await (await fetch(`${again.url}/proofs/key`)).json()) as { vkey: string }).vkey).toBe(key.vkey);
  });

  it('signs with the key PARLEY_SIGNING_KEY names, and refuses a file that holds none in one line', async () => {
    const dir = workDir();
    const key = generateNoteSigningKey('parley/test-host');
    writeFileSync(join(dir, 'given.pem'), noteSigningKeyPem(key), { mode: 0o600 });
    const { url } = await start(dir, { PARLEY_SIGNING_KEY: join(dir, 'given.pem') });
    expect(((await (await fetch(`${url}/proofs/key`)).json()) as { vkey: string }).vkey).toBe(verifierKeyOf(key));
    expect(existsSync(join(dir, 'data/signing-key.pem'))).toBe(false);
    await stopLast();
    writeFileSync(join(dir, 'broken.pem'), 'not a key');
    expect(await refusal(start(dir, { PARLEY_SIGNING_KEY: join(dir, 'broken.pem') }))).toMatch(/broken\.pem holds no Ed25519 private key/);
    expect(await refusal(start(dir, { PARLEY_SIGNING_KEY: join(dir, 'missing.pem') }))).toMatch(/missing\.pem, which cannot be read/);
  });
});

describe('parley serve with PARLEY_CHECKPOINT_SECONDS=1', () => {
  it('signs a checkpoint once the log has grown, and none while it stays the same', async () => {
    const dir = workDir();
    const { url } = await start(dir, { PARLEY_CHECKPOINT_SECONDS: '1' });
    const newest = async () => (await (await fetch(`${url}/proofs/checkpoint`)).json()) as { size: number; time: string };
    await expect.poll(async () => (await fetch(`${url}/proofs/checkpoint`)).status, { timeout: 5_000, interval: 100 }).toBe(200);
    const first = await newest();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await newest()).toEqual(first);
    expect((await appendMeeting(url)).status).toBe(201);
    await expect.poll(async () => (await newest()).size, { timeout: 5_000, interval: 100 }).toBe(first.size + 1);
  });
});

describe('parley serve on a store rolled back behind its newest checkpoint', () => {
  it('refuses to start, naming both sizes and the kept checkpoint, and starts once that file is moved away', async () => {
    const dir = workDir();
    const db = join(dir, 'data/parley.db');
    await start(dir);
    await stopLast();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) copyFileSync(db + suffix, `${db}.old${suffix}`);
    const again = await start(dir);
    expect((await appendMeeting(again.url)).status).toBe(201);
    const signed = await sign(again.url);
    await stopLast();
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(db + suffix, { force: true });
      if (existsSync(`${db}.old${suffix}`)) copyFileSync(`${db}.old${suffix}`, db + suffix);
    }
    const message = await refusal(start(dir));
    expect(message).toContain(`the store holds ${signed.size - 1} events, fewer than the ${signed.size} of its newest checkpoint`);
    expect(message).toContain(join(dir, 'data/signing-key.checkpoint'));
    renameSync(join(dir, 'data/signing-key.checkpoint'), join(dir, 'moved.checkpoint'));
    expect(await refusal(start(dir))).toBe('started');
  });

  it('never seeds an emptied store that has a kept checkpoint', async () => {
    const dir = workDir();
    const { url } = await start(dir);
    await sign(url);
    await stopLast();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, 'data/parley.db') + suffix, { force: true });
    expect(await refusal(start(dir))).toMatch(/the store holds 0 events, fewer than the \d+ of its newest checkpoint/);
    const store = new SqliteEventStore(join(dir, 'data/parley.db'));
    expect(await store.lastPosition()).toBe(0); // nothing was loaded into it
    await store.close();
  });
});
