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
      liveMaxConnections: undefined,
      liveMaxPerToken: undefined,
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

  it('reads the live-feed caps', () => {
    const config = loadConfig({ PARLEY_LIVE_MAX_CONNECTIONS: '500', PARLEY_LIVE_MAX_PER_TOKEN: '5' });
    expect(config).toMatchObject({ liveMaxConnections: 500, liveMaxPerToken: 5 });
  });

  it.each([
    [{ PARLEY_LIVE_MAX_CONNECTIONS: '0' }, /PARLEY_LIVE_MAX_CONNECTIONS/],
    [{ PARLEY_LIVE_MAX_PER_TOKEN: 'many' }, /PARLEY_LIVE_MAX_PER_TOKEN/],
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
    expect(parseTokens('ops:admin:a-long:secret-0123456789abcdef012345, wall:reader:another-secret-0123456789abcdef0')).toEqual([
      { name: 'ops', role: 'admin', token: 'a-long:secret-0123456789abcdef012345' },
      { name: 'wall', role: 'reader', token: 'another-secret-0123456789abcdef0' },
    ]);
  });

  it.each([
    ['ops:admin', /not name:role:token/],
    ['ops:root:long-enough-token-0123456789abcdef', /role "root"/],
    ['ops:admin:long-enough-token-0123456789abcdef-1,ops:reader:long-enough-token-0123456789abcdef-2', /twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseTokens(text)).toThrow(message);
  });

  it('refuses a token shorter than 32 characters, naming the entry and both lengths', () => {
    const text = 'ops:admin:long-enough-token-0123456789abcdef,ada:reader:twelve-chars';
    expect(() => parseTokens(text)).toThrow('PARLEY_TOKENS entry 2 (ada) has a token of 12 characters; tokens need at least 32');
    expect(parseTokens('ada:reader:0123456789abcdef0123456789abcdef')).toHaveLength(1);
    expect(() => parseTokens('ada:reader:0123456789abcdef0123456789abcde')).toThrow(/31 characters/);
  });
});
