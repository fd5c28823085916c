import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, requireBuiltCli, runCli, storedRows, tempDir } from './cliHarness.js';

const temp = tempDir('errors');
const store = `sqlite:${join(temp.dir, 'parley.db')}`;

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store])).code).toBe(0);
});
afterAll(temp.remove);

/** One "parley: …" line on stderr, nothing on stdout, no stack trace. */
function expectOneLineError(run: { stdout: string; stderr: string }, pattern: RegExp): void {
  expect(run.stdout).toBe('');
  const lines = linesOf(run.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^parley: /);
  expect(lines[0]).toMatch(pattern);
}

describe('usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a misspelt command', ['replya', 'x'], /unknown command 'replya'.*replay/],
    ['a missing argument', ['replay'], /missing required argument 'id'/],
    ['an unknown option', ['verify', '--fast'], /unknown option '--fast'/],
    ['an impossible --as-of', ['replay', 'eu-openai-gpt-5-5-cyber', '--as-of', '2026-02-30', '--store', store], /--as-of.*2026-02-30.*is invalid/],
    ['a --known-at that is not a date', ['replay', 'eu-openai-gpt-5-5-cyber', '--known-at', 'yesterday', '--store', store], /--known-at.*yesterday.*is invalid/],
    ['an open-ended --as-of', ['replay', 'eu-openai-gpt-5-5-cyber', '--as-of', '2026-04/..', '--store', store], /--as-of.*2026-04\/\.\..*is invalid.*a cut needs an end/],
    ['an EDTF --as-of that starts after it ends', ['replay', 'eu-openai-gpt-5-5-cyber', '--as-of', '2026-05-14/2026-05-12', '--store', store], /--as-of.*is invalid.*must not start after it ends/],
    ['an invalid negotiation id', ['replay', 'Not An Id', '--store', store], /negotiation id/],
    ['a store URL of an unknown kind', ['verify', '--store', 'mysql://admin:secret@db/parley'], /unsupported store URL "mysql:\/\/admin:\*\*\*@db\/parley"/],
    ['a sqlite URL without a path', ['verify', '--store', 'sqlite:'], /needs a path/],
    ['an empty --recorded-by', ['import', 'x.jsonl', '--recorded-by', ' ', '--store', store], /--recorded-by.*is invalid/],
  ];
  for (const [name, args, pattern] of cases) {
    it(`answers ${name} with one line and exit 2`, async () => {
      const run = await runCli(args);
      expectOneLineError(run, pattern);
      expect(run.code).toBe(2);
    });
  }

  it('does not print the password of a store URL', async () => {
    const run = await runCli(['verify', '--store', 'mysql://admin:secret@db/parley']);
    expect(run.stderr).not.toMatch(/secret/);
  });

  it('refuses to serve with a PARLEY_TOKENS token shorter than 32 characters, naming the entry, exit 2', async () => {
    const tokens = 'ops:admin:0123456789abcdef0123456789abcdef,ada:reader:twelve-chars';
    const run = await runCli(['serve', '--port', '0', '--store', store], { env: { PARLEY_TOKENS: tokens } });
    expectOneLineError(run, /PARLEY_TOKENS entry 2 \(ada\) has a token of 12 characters; tokens need at least 32/);
    expect(run.stderr).not.toContain('twelve-chars');
    expect(run.code).toBe(2);
  });

  it('refuses an unknown PARLEY_LOG_LEVEL before serving, naming the variable and the levels', async () => {
    const run = await runCli(['serve', '--port', '0', '--store', store], { env: { PARLEY_LOG_LEVEL: 'loud' } });
    expectOneLineError(run, /PARLEY_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"/);
    expect(run.code).toBe(2);
  });

  it('refuses a bad PARLEY_STORE from the environment the same way', async () => {
    const run = await runCli(['verify'], { env: { PARLEY_STORE: 'ftp://example' } });
    expectOneLineError(run, /unsupported store URL/);
    expect(run.code).toBe(2);
  });
});

describe('failures while running', () => {
  it('names a file that does not exist, exit 1', async () => {
    const run = await runCli(['import', join(temp.dir, 'missing.jsonl'), '--store', store]);
    expectOneLineError(run, /missing\.jsonl: no such file or directory/);
    expect(run.code).toBe(1);
  });

  it('refuses a folder given as the import file, exit 1', async () => {
    const run = await runCli(['import', temp.dir, '--store', store]);
    expectOneLineError(run, /is not a file/);
    expect(run.code).toBe(1);
  });

  it('does not create a store that does not exist when only reading, exit 1', async () => {
    const run = await runCli(['replay', 'eu-openai-gpt-5-5-cyber', '--store', `sqlite:${join(temp.dir, 'absent.db')}`]);
    expectOneLineError(run, /no store at .*absent\.db/);
    expect(run.code).toBe(1);
  });

  it('names an address in use on one line, exit 1, and seeds nothing into an empty store', async () => {
    const occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', () => resolve()));
    const { port } = occupier.address() as AddressInfo;
    const path = join(temp.dir, 'port-in-use.db');
    try {
      const run = await runCli(['serve', '--port', String(port), '--store', `sqlite:${path}`], { env: { PARLEY_TOKENS: 'ines:recorder:ines-secret-token-1-0123456789abcdef' } });
      expectOneLineError(run, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use \\(EADDRINUSE\\)`));
      expect(run.code).toBe(1);
      expect(storedRows(path)).toEqual([]);
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  });

  it('answers an unknown negotiation on one line, exit 1', async () => {
    const run = await runCli(['replay', 'no-such-negotiation', '--store', store]);
    expectOneLineError(run, /negotiation no-such-negotiation does not exist/);
    expect(run.code).toBe(1);
  });

  it('cannot write an export into a folder that does not exist, exit 1, naming the file asked for', async () => {
    const out = join(temp.dir, 'no-folder', 'export.jsonl');
    const run = await runCli(['export', '--out', out, '--store', store]);
    expectOneLineError(run, new RegExp(`${out.replace(/[.]/g, '\\.')}: no such file or directory`));
    expect(run.code).toBe(1);
  });

  it('prints the stack trace only when PARLEY_DEBUG=1', async () => {
    const quiet = await runCli(['replay', 'no-such-negotiation', '--store', store]);
    const debug = await runCli(['replay', 'no-such-negotiation', '--store', store], { env: { PARLEY_DEBUG: '1' } });
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
