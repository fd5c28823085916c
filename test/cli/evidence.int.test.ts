import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidencePack } from '../../src/answers/evidencePack.js';
import { generateNoteSigningKey, noteSigningKeyFromPem, verifierKeyOf } from '../../src/audit/noteKey.js';
import { linesOf, requireBuiltCli, runCli, tempDir } from './cliHarness.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const temp = tempDir('evidence');
const store = `sqlite:${join(temp.dir, 'parley.db')}`;
const env = { PARLEY_LOG_ORIGIN: 'parley/cli-test' };
const packFile = join(temp.dir, 'pack.json');
const file = (name: string, content: string | Buffer) => {
  const path = join(temp.dir, name);
  writeFileSync(path, content);
  return path;
};
/** A failure said in one line on stderr, never a stack trace. */
const oneLineError = (stderr: string) => {
  expect(linesOf(stderr)).toHaveLength(1);
  expect(stderr).toMatch(/^parley: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  requireBuiltCli();
  expect((await runCli(['demo', '--store', store], { env })).code).toBe(0);
});
afterAll(temp.remove);

describe('parley evidence', () => {
  it('prints the pack on stdout, signed with the key serve uses, kept beside it', async () => {
    const run = await runCli(['evidence', OPENAI, '--store', store, '--as-of', '2026-05-20'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pack = EvidencePack.parse(JSON.parse(run.stdout));
    expect(pack).toMatchObject({ negotiationId: OPENAI, asOf: '2026-05-20' });
    const key = noteSigningKeyFromPem('parley/cli-test', readFileSync(join(temp.dir, 'signing-key.pem'), 'utf8'));
    expect(pack.vkey).toBe(verifierKeyOf(key));
    expect(readFileSync(join(temp.dir, 'signing-key.checkpoint'), 'utf8')).toBe(pack.checkpoint.note);
  });

  it('writes the pack to --out and says so', async () => {
    const run = await runCli(['evidence', OPENAI, '--store', store, '--known-at', '2099', '--out', packFile], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^wrote the evidence pack of ${OPENAI} \\(4 events, checkpoint of 16 signed .*\\) to ${packFile}\\n$`));
    expect(EvidencePack.parse(JSON.parse(readFileSync(packFile, 'utf8'))).knownAt).toBe('2099');
  });

  it('refuses an unknown negotiation in one line, exit 1', async () => {
    const run = await runCli(['evidence', 'no-such-talks', '--store', store], { env });
    expect(run.code).toBe(1);
    oneLineError(run.stderr);
    expect(run.stderr).toContain('no-such-talks');
  });

  it('refuses a cut with no end as a usage error, exit 2', async () => {
    const run = await runCli(['evidence', OPENAI, '--store', store, '--as-of', '2026-04/..'], { env });
    expect(run.code).toBe(2);
    oneLineError(run.stderr);
  });
});

describe('parley verify-evidence on a whole pack', () => {
  it('prints one ok line per check and exits 0, saying it used the pack\'s own key', async () => {
    const run = await runCli(['verify-evidence', packFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = linesOf(run.stdout);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['ok   signature', 'ok   chain', 'ok   inclusion', 'ok   stream head', 'ok   state']);
    expect(lines[0]).toContain("the pack's own key");
  });

  it('with --key of the signer passes, saying it used that key', async () => {
    const { vkey } = EvidencePack.parse(JSON.parse(readFileSync(packFile, 'utf8')));
    const run = await runCli(['verify-evidence', packFile, '--key', vkey]);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)[0]).toContain('the key given with --key');
  });
});

describe('parley verify-evidence on a pack that does not verify', () => {
  it('with another --key fails the signature as the wrong key, exit 1', async () => {
    const run = await runCli(['verify-evidence', packFile, '--key', verifierKeyOf(generateNoteSigningKey('parley/cli-test'))]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(/^FAIL signature: wrong key: /);
    expect(linesOf(run.stderr)).toEqual([`parley: ${packFile} does not verify: signature failed`]);
  });

  it('with an event edited names the chain, and the state the edit changes, exit 1', async () => {
    const pack = JSON.parse(readFileSync(packFile, 'utf8')) as { events: { event: { data: Record<string, unknown> } }[] };
    pack.events[1]!.event.data.summary = 'a different story';
    const run = await runCli(['verify-evidence', file('edited.json', JSON.stringify(pack))]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout).filter((line) => line.startsWith('FAIL'))).toEqual([
      expect.stringMatching(/^FAIL chain: edited event: revision 1 /),
      'FAIL state: a state that does not follow: replaying the events at the cut gives another offers',
    ]);
    expect(run.stderr).toMatch(/does not verify: chain, state failed\n$/);
  });

  it('with a malformed --key is a usage error, exit 2', async () => {
    const run = await runCli(['verify-evidence', packFile, '--key', 'not-a-key']);
    expect(run.code).toBe(2);
    oneLineError(run.stderr);
  });
});

describe('parley verify-evidence on a file that is no pack', () => {
  const refused = async (path: string, message: RegExp) => {
    const started = Date.now();
    const run = await runCli(['verify-evidence', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    oneLineError(run.stderr);
    expect(run.stderr).toMatch(message);
    expect(Date.now() - started).toBeLessThan(20_000);
  };

  it('refuses a truncated pack', async () => {
    const whole = readFileSync(packFile, 'utf8');
    await refused(file('truncated.json', whole.slice(0, Math.floor(whole.length * 0.6))), /not JSON .*a pack cut short/);
  });

  it('refuses a file that is not JSON', async () => {
    await refused(file('notes.txt', 'these are my notes, not a pack\n'), /not JSON/);
  });

  it('refuses bytes that are not UTF-8', async () => {
    await refused(file('binary.bin', Buffer.from([0xff, 0xfe, 0x00, 0x7b])), /not UTF-8/);
  });

  it('refuses an unknown format', async () => {
    await refused(file('future.json', JSON.stringify({ format: 'parley-evidence/9', events: [] })), /unknown format "parley-evidence\/9"/);
  });

  it('refuses a pack with a field missing, naming it', async () => {
    const { state: _state, ...rest } = JSON.parse(readFileSync(packFile, 'utf8')) as Record<string, unknown>;
    await refused(file('no-state.json', JSON.stringify(rest)), /not a whole parley-evidence\/1 pack: state: /);
  });

  it('refuses a 20 MB file of nested arrays', async () => {
    const depth = 10 * 1024 * 1024;
    await refused(file('nested.json', `${'['.repeat(depth)}${']'.repeat(depth)}`), /not an evidence pack/);
  });

  it('refuses a 20 MB pack of one enormous note without hanging', async () => {
    const pack = JSON.parse(readFileSync(packFile, 'utf8')) as { checkpoint: { note: string } };
    pack.checkpoint.note = 'x'.repeat(20 * 1024 * 1024);
    const run = await runCli(['verify-evidence', file('huge-note.json', JSON.stringify(pack))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL signature: the checkpoint's signed note is malformed: /);
  });

  it('refuses a file that is not there', async () => {
    await runCli(['verify-evidence', join(temp.dir, 'missing.json')]).then((run) => {
      expect(run.code).toBe(1);
      oneLineError(run.stderr);
      expect(run.stderr).toContain('no such file or directory');
    });
  });
});
