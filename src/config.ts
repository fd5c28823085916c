import { ValidationError } from './errors.js';
import { DEFAULT_STORE_URL } from './store/openStore.js';

export type Role = 'reader' | 'recorder' | 'admin';

/** The structured log's levels (pino's), most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TokenEntry {
  readonly name: string;
  readonly role: Role;
  readonly token: string;
}

/** CONTRACT §7 configuration: flags win over the environment, which wins over defaults. */
export interface Config {
  readonly storeUrl: string;
  readonly port: number;
  readonly host: string;
  /** From PARLEY_TOKENS; undefined when unset (serve then makes an admin token). */
  readonly tokens: readonly TokenEntry[] | undefined;
  readonly publicRead: boolean;
  /** PARLEY_SQLITE_SYNC=full: fsync every commit (power-loss durability). */
  readonly sqliteDurability: 'normal' | 'full';
  /** PARLEY_CORS_ORIGIN: an allowed browser origin; CORS is off when unset. */
  readonly corsOrigin: string | undefined;
  /** PARLEY_CACHE_EVENTS: how many events `serve` keeps in memory (about 2 KB each); undefined = the cache's default. */
  readonly cacheEvents: number | undefined;
  /** PARLEY_SEED=false: `serve` does not load the seed scenario into an empty store. */
  readonly seedWhenEmpty: boolean;
  /** PARLEY_LOG_LEVEL: the least severe level `serve` logs (default info). */
  readonly logLevel: LogLevel;
}

export interface ConfigFlags {
  readonly store?: string;
  readonly port?: string | number;
  readonly host?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}): Config {
  return {
    storeUrl: flags.store ?? env.PARLEY_STORE ?? DEFAULT_STORE_URL,
    port: parsePort(flags.port ?? env.PORT ?? 3000),
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    tokens: env.PARLEY_TOKENS === undefined || env.PARLEY_TOKENS.trim() === '' ? undefined : parseTokens(env.PARLEY_TOKENS),
    publicRead: parseBoolean('PARLEY_PUBLIC_READ', env.PARLEY_PUBLIC_READ),
    sqliteDurability: env.PARLEY_SQLITE_SYNC === 'full' ? 'full' : 'normal',
    corsOrigin: env.PARLEY_CORS_ORIGIN || undefined,
    seedWhenEmpty: env.PARLEY_SEED === undefined || env.PARLEY_SEED === '' ? true : parseBoolean('PARLEY_SEED', env.PARLEY_SEED),
    cacheEvents: env.PARLEY_CACHE_EVENTS ? parseCount('PARLEY_CACHE_EVENTS', env.PARLEY_CACHE_EVENTS) : undefined,
    logLevel: env.PARLEY_LOG_LEVEL ? parseLogLevel(env.PARLEY_LOG_LEVEL) : 'info',
  };
}

/** `name:role:token` entries, comma-separated. */
export function parseTokens(text: string): TokenEntry[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const [name, role, ...rest] = entry.split(':');
    const token = rest.join(':');
    if (!name || !role || !token) throw new ValidationError(`PARLEY_TOKENS entry ${index + 1} is not name:role:token`);
    if (role !== 'reader' && role !== 'recorder' && role !== 'admin') {
      throw new ValidationError(`PARLEY_TOKENS entry ${index + 1} (${name}) has role "${role}": use reader, recorder or admin`);
    }
    if (token.length < 8) throw new ValidationError(`PARLEY_TOKENS entry ${index + 1} (${name}) has a token shorter than 8 characters`);
    if (names.has(name)) throw new ValidationError(`PARLEY_TOKENS names ${name} twice`);
    names.add(name);
    return { name, role, token };
  });
}

function parsePort(value: string | number): number {
  const port = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ValidationError(`port must be a whole number from 0 to 65535, not "${value}"`);
  return port;
}

function parseCount(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new ValidationError(`${name} must be a whole number of at least 1, not "${value}"`);
  return Number(value);
}

function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((known) => known === value);
  if (!level) throw new ValidationError(`PARLEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}"`);
  return level;
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ValidationError(`${name} must be true or false, not "${value}"`);
}
