import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeError, UsageError } from '../../src/cli/cliErrors.js';
import { serve } from '../../src/cli/commands/serve.js';
import { loadConfig } from '../../src/config.js';
import { ValidationError } from '../../src/errors.js';

const PRIMARY = 'postgres://parley:secret@db-primary:5432/parley';

describe('PARLEY_READ_STORE', () => {
  it('is unset by default, and empty counts as unset', () => {
    expect(loadConfig({ PARLEY_STORE: PRIMARY }).readStoreUrl).toBeUndefined();
    expect(loadConfig({ PARLEY_STORE: PRIMARY, PARLEY_READ_STORE: '' }).readStoreUrl).toBeUndefined();
  });

  it('takes a postgres:// or postgresql:// URL when the store is on PostgreSQL, from the environment or --store', () => {
    expect(loadConfig({ PARLEY_STORE: PRIMARY, PARLEY_READ_STORE: 'postgres://parley@db-standby/parley' }).readStoreUrl).toBe('postgres://parley@db-standby/parley');
    expect(loadConfig({ PARLEY_READ_STORE: 'postgresql://db-standby/parley' }, { store: PRIMARY }).readStoreUrl).toBe('postgresql://db-standby/parley');
  });

  it.each([
    ['sqlite:./data/replica.db', /^PARLEY_READ_STORE must be a postgres:\/\/ URL of a hot standby, not "sqlite:\.\/data\/replica\.db"$/],
    ['esdb://node2:2113', /^PARLEY_READ_STORE must be a postgres:\/\/ URL of a hot standby, not "esdb:\/\/node2:2113"$/],
    ['db-standby:5432', /^PARLEY_READ_STORE must be a postgres:\/\/ URL/],
  ])('refuses %s, naming the variable', (url, message) => {
    expect(() => loadConfig({ PARLEY_STORE: PRIMARY, PARLEY_READ_STORE: url })).toThrow(ValidationError);
    expect(() => loadConfig({ PARLEY_STORE: PRIMARY, PARLEY_READ_STORE: url })).toThrow(message);
  });

  it('refuses a standby when the store is not on PostgreSQL, naming both', () => {
    const env = { PARLEY_READ_STORE: 'postgres://db-standby/parley' };
    expect(() => loadConfig(env)).toThrow(/^PARLEY_READ_STORE needs the store on PostgreSQL \(PARLEY_STORE=postgres:\/\/…\), not "sqlite:\.\/data\/parley\.db"$/);
    expect(() => loadConfig(env, { store: 'esdb://node1:2113' })).toThrow(/not "esdb:\/\/node1:2113"/);
  });

  it('does not print the password of a URL it refuses', () => {
    expect(() => loadConfig({ PARLEY_STORE: PRIMARY, PARLEY_READ_STORE: 'mysql://parley:hunter2@db/parley' })).toThrow(/"mysql:\/\/parley:\*\*\*@db\/parley"/);
  });
});

describe('parley serve with a PARLEY_READ_STORE that is not PostgreSQL', () => {
  it('stops before opening anything, with a one-line usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-read-store-'));
    try {
      const env = { PARLEY_STORE: `sqlite:${join(dir, 'parley.db')}`, PARLEY_READ_STORE: `sqlite:${join(dir, 'replica.db')}` };
      const context = { env, stdout: new PassThrough(), stderr: new PassThrough(), now: Date.now, username: () => 'tester' };
      const failure = await serve(context, { port: '0', host: '127.0.0.1' }, { cwd: dir }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UsageError);
      expect(describeError(failure)).toEqual({ message: expect.stringMatching(/^configuration: PARLEY_READ_STORE must be a postgres:\/\/ URL of a hot standby, not "sqlite:/), details: [] });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
