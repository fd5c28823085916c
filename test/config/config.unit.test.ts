import { describe, expect, it } from 'vitest';
import { loadConfig, parseTokens } from '../../src/config.js';
import { ValidationError } from '../../src/errors.js';

describe('configuration from an empty environment', () => {
  it('takes the defaults of the contract', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      storeUrl: 'sqlite:./data/parley.db',
      port: 3000,
      host: '127.0.0.1',
      tokens: undefined,
      publicRead: false,
      sqliteDurability: 'normal',
      corsOrigin: undefined,
      cacheEvents: undefined,
      seedWhenEmpty: true,
    });
  });
});

describe('configuration from the environment and flags', () => {
  it('lets flags win over the environment', () => {
    const config = loadConfig({ PARLEY_STORE: 'sqlite:/a.db', PORT: '4000', HOST: '0.0.0.0' }, { store: 'sqlite:/b.db', port: '5000' });
    expect(config).toMatchObject({ storeUrl: 'sqlite:/b.db', port: 5000, host: '0.0.0.0' });
  });

  it('reads the switches and the cache size', () => {
    const config = loadConfig({ PARLEY_PUBLIC_READ: 'true', PARLEY_SQLITE_SYNC: 'full', PARLEY_CACHE_EVENTS: '100000', PARLEY_SEED: 'false' });
    expect(config).toMatchObject({ publicRead: true, sqliteDurability: 'full', cacheEvents: 100_000, seedWhenEmpty: false });
  });

  it.each([
    [{ PORT: '70000' }, /port/],
    [{ PORT: '3000abc' }, /port/],
    [{ PARLEY_PUBLIC_READ: 'yes please' }, /PARLEY_PUBLIC_READ/],
    [{ PARLEY_CACHE_EVENTS: '0' }, /PARLEY_CACHE_EVENTS/],
    [{ PARLEY_CACHE_EVENTS: '-5' }, /PARLEY_CACHE_EVENTS/],
    [{ PARLEY_SEED: 'maybe' }, /PARLEY_SEED/],
    [{ PARLEY_LOG_LEVEL: 'loud' }, /^PARLEY_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"$/],
    [{ PARLEY_LOG_LEVEL: 'INFO' }, /PARLEY_LOG_LEVEL/],
  ])('refuses %o with a ValidationError naming it', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ValidationError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('PARLEY_LOG_LEVEL', () => {
  it('is info when unset or empty, and takes any of the log levels', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ PARLEY_LOG_LEVEL: '' }).logLevel).toBe('info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) expect(loadConfig({ PARLEY_LOG_LEVEL: level }).logLevel).toBe(level);
  });
});

describe('PARLEY_TOKENS', () => {
  it('parses name:role:token entries, tokens may contain colons', () => {
    expect(parseTokens('ops:admin:a-long:secret, wall:reader:another-secret')).toEqual([
      { name: 'ops', role: 'admin', token: 'a-long:secret' },
      { name: 'wall', role: 'reader', token: 'another-secret' },
    ]);
  });

  it.each([
    ['ops:admin', /not name:role:token/],
    ['ops:root:long-enough-token', /role "root"/],
    ['ops:admin:short', /shorter than 8/],
    ['ops:admin:long-enough-1,ops:reader:long-enough-2', /twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseTokens(text)).toThrow(message);
  });
});
