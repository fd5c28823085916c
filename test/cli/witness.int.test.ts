import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedNote } from '../../src/audit/signedNote.js';
import { linesOf, requireBuiltCli, runCli, tempDir, type CliRun } from './cliHarness.js';
import { Log, READER } from './servedLog.js';

/** A port nothing listens on: one just let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function witness(url: string, state: string, env: Record<string, string> = { PARLEY_TOKEN: READER }, more: string[] = []): Promise<CliRun> {
  return runCli(['witness', url, '--state', state, ...more], { env });
}

const temp = tempDir('witness');
const log = new Log(join(temp.dir, 'log'));
const state = join(temp.dir, 'witness/state.json');
const witnessKey = join(temp.dir, 'witness/witness-key.pem');
const backup = tempDir('witness-backup');

beforeAll(() => requireBuiltCli());
afterAll(async () => {
  await log.stop();
  temp.remove();
  backup.remove();
});

describe('a log witnessed twice, then served from an older copy of its store', () => {
  it('first run: trusts the log key, saves the checkpoint with its own cosignature, and prints the size and root', async () => {
    await log.start();
    await log.append('alpha', 3);
    expect(await log.sign()).toBe(3);
    const run = await witness(log.url, state);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toHaveLength(1);
    expect(run.stdout).toMatch(/^ok: .* has 3 events, root [0-9a-f]{64}, .*first seen: key parley\/witnessed\+[0-9a-f]{8}\+\S+ trusted/);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { vkey: string; note: string };
    expect(saved.vkey).toBe(((await (await fetch(`${log.url}/proofs/key`)).json()) as { vkey: string }).vkey);
    expect(parseSignedNote(saved.note).signatures.map((s) => s.keyName)).toEqual(['parley/witnessed', expect.stringMatching(/^witness\//)]);
    expect(statSync(witnessKey).mode & 0o777).toBe(0o600);
    await log.stop();
    log.copyStoreTo(backup.dir);
  });

  it('second run after more events: the new checkpoint is consistent with the first, and replaces it', async () => {
    await log.start();
    await log.append('beta', 3);
    expect(await log.sign()).toBe(6);
    const run = await witness(log.url, state);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok: .* has 6 events, root [0-9a-f]{64}, signed \S+; extends the 3 seen before; cosigned by witness\/\S+\n$/);
    expect(parseSignedNote((JSON.parse(readFileSync(state, 'utf8')) as { note: string }).note).text).toMatch(/^parley\/witnessed\n6\n/);
  });

  it('without a reader token the consistency proof is refused, said in one line', async () => {
    const copy = join(temp.dir, 'no-token-state.json');
    copyFileSync(state, copy);
    await log.append('gamma', 1);
    await log.sign();
    const run = await witness(log.url, copy, {});
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^parley: GET \S+\/proofs\/consistency\?from=6&to=7 answered 401.*PARLEY_TOKEN or --token/)]);
    // A token on the command line does as well.
    expect((await witness(log.url, copy, {}, ['--token', READER])).code).toBe(0);
    await log.stop();
  });

  it('serve refuses the older copy of the store, naming both sizes and the kept checkpoint', async () => {
    log.restoreStoreFrom(backup.dir);
    const run = await runCli(['serve', '--port', '0'], { env: log.env, cwd: log.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the store holds 3 events, fewer than the 7 of its newest checkpoint');
    expect(run.stderr).toContain(log.keptCheckpoint);
  });

  it('with the kept checkpoint moved away, serve signs the older log, and the witness exits 1 naming both sizes and keeps its state', async () => {
    renameSync(log.keptCheckpoint, `${log.keptCheckpoint}.moved`);
    await log.start();
    await log.append('delta', 2);
    expect(await log.sign()).toBe(5);
    const before = readFileSync(state, 'utf8');
    const run = await witness(log.url, state);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^parley: the log at \S+ was rolled back: 5 events now, 6 seen before/)]);
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('the older log forked and grown past what was seen: the consistency proof fails, exit 1 naming both sizes', async () => {
    await log.append('epsilon', 3);
    expect(await log.sign()).toBe(8);
    const run = await witness(log.url, state);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^parley: the log at \S+ is not an extension of what this witness saw: 8 events now, 6 seen before/)]);
    await log.stop();
  });
});

describe('a witness given what it cannot use', () => {
  const bad = tempDir('witness-bad');
  let other: Log;
  let html: Server;
  let htmlUrl: string;
  beforeAll(async () => {
    other = new Log(join(bad.dir, 'other'));
    await other.start();
    await other.append('alpha', 2);
    await other.sign();
    html = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p>hello</p>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await other.stop();
    await new Promise((resolve) => html.close(resolve));
    bad.remove();
  });

  it('a log signed by another key than the one trusted: exit 1, naming both keys and both sizes', async () => {
    const copy = join(bad.dir, 'state.json');
    copyFileSync(state, copy);
    const run = await witness(other.url, copy);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^parley: the log at \S+ is now signed by key \S+, not \S+, which signed the checkpoint of 6 events seen before; it serves a checkpoint of 2 events$/)]);
  });

  it('an unreachable URL: one line, exit 1, nothing saved', async () => {
    const fresh = join(bad.dir, 'unreachable.json');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await witness(url, fresh);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: GET ${url}/proofs/key failed: ECONNREFUSED`]);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a server that answers HTML: one line, exit 1', async () => {
    const run = await witness(htmlUrl, join(bad.dir, 'html.json'));
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: GET ${htmlUrl}/proofs/key answered with a body that is not JSON (is ${htmlUrl}/ a Parley server?)`]);
  });

  it('a malformed state file: one line, exit 1, no key made', async () => {
    const folder = join(bad.dir, 'malformed');
    const broken = join(folder, 'state.json');
    mkdirSync(folder);
    writeFileSync(broken, '{"format":"parley-witness/1","vkey":');
    let run = await witness(other.url, broken);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([`parley: ${broken} is not JSON: it is not a witness state file (move it away to start afresh)`]);
    writeFileSync(broken, '{"format":"parley-witness/2"}');
    run = await witness(other.url, broken);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(new RegExp(`^parley: ${broken} is not a witness state file: format: `))]);
    expect(existsSync(join(folder, 'witness-key.pem'))).toBe(false);
  });
});
