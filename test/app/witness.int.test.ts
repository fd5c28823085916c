import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { witness } from '../../src/app/witness.js';
import { generateNoteSigningKey, noteSigningKeyPem } from '../../src/audit/noteKey.js';
import { LogNotExtendedError } from '../../src/errors.js';
import { tempDir } from '../cli/cliHarness.js';
import { Log, READER } from '../cli/servedLog.js';

const witnessKey = generateNoteSigningKey('witness/test');
const temp = tempDir('witness-split');
// Two servers holding one signing key, each with its own store: the split view a dishonest log would show two audiences.
const signingKey = join(temp.dir, 'shared-key.pem');
writeFileSync(signingKey, noteSigningKeyPem(generateNoteSigningKey('parley/witnessed')), { mode: 0o600 });
const left = new Log(join(temp.dir, 'left'), { PARLEY_SIGNING_KEY: signingKey });
const right = new Log(join(temp.dir, 'right'), { PARLEY_SIGNING_KEY: signingKey });

beforeAll(async () => {
  await Promise.all([left.start(), right.start()]);
  await left.append('alpha', 3);
  await right.append('beta', 3);
  await Promise.all([left.sign(), right.sign()]);
});
afterAll(async () => {
  await Promise.all([left.stop(), right.stop()]);
  temp.remove();
});

const run = (url: string, previous?: Awaited<ReturnType<typeof witness>>['state']) =>
  witness({ url, previous, key: witnessKey, fetch: (target, init) => fetch(target, init), token: READER, now: () => Date.parse('2026-05-21T00:00:00.000Z') });

describe('two logs signed by one key, of the same size with different events', () => {
  it('each alone is witnessed, the same key trusted', async () => {
    const seenLeft = await run(left.url);
    const seenRight = await run(right.url);
    expect(seenLeft.state.vkey).toBe(seenRight.state.vkey);
    expect(seenLeft.checkpoint.size).toBe(3);
    expect(seenLeft.checkpoint.root).not.toBe(seenRight.checkpoint.root);
  });

  it('a witness that saw one and is shown the other reports a fork of that size', async () => {
    const seen = await run(left.url);
    await expect(run(right.url, seen.state)).rejects.toThrow(LogNotExtendedError);
    await expect(run(right.url, seen.state)).rejects.toThrow(/forked: two checkpoints of 3 events with different roots/);
  });

  it('the same log seen again at the same size is still an extension', async () => {
    const seen = await run(left.url);
    const again = await run(left.url, seen.state);
    expect(again.previous?.size).toBe(3);
    expect(again.checkpoint.root).toBe(seen.checkpoint.root);
  });
});
