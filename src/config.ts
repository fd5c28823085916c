import { ValidationError } from './errors.js';
import { DEFAULT_STORE_URL, isPostgresUrl, redact } from './store/openStore.js';

export type Role = 'reader' | 'recorder' | 'admin';

/** The structured log's levels (pino's), most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TokenEntry {
  readonly name: string;
  readonly role: Role;
  readonly token: string;
}

/**
 * CONTRACT §7 configuration: flags win over the environment, which wins over defaults.
 * Every PARLEY_* variable is read in this file: by loadConfig, or by debugOf.
 */
export interface Config {
  readonly storeUrl: string;
  /** PARLEY_READ_STORE: a PostgreSQL hot standby of the PostgreSQL store, serving reads; undefined when unset. */
  readonly readStoreUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  /** From PARLEY_TOKENS; undefined when unset (serve then makes an admin token). */
  readonly tokens: readonly TokenEntry[] | undefined;
  readonly publicRead: boolean;
  /** PARLEY_SQLITE_SYNC=full: fsync every commit (power-loss durability). */
  readonly sqliteDurability: 'normal' | 'full';
  /** PARLEY_CORS_ORIGIN: an allowed browser origin; CORS is off when unset. */
  readonly corsOrigin: string | undefined;
  /** PARLEY_CACHE_EVENTS: how many events `serve` keeps in memory (about 2 KB each); undefined = DEFAULT_CACHE_EVENTS (src/app/streamCache.ts). */
  readonly cacheEvents: number | undefined;
  /** PARLEY_SEED=false: `serve` does not load the seed scenario into an empty store. */
  readonly seedWhenEmpty: boolean;
  /** PARLEY_LIVE_MAX_CONNECTIONS: live-feed connections the server holds at most; undefined = the server's default. */
  readonly liveMaxConnections: number | undefined;
  /** PARLEY_LIVE_MAX_PER_TOKEN: live-feed connections one token (or, without one, one address) holds at most; undefined = the default. */
  readonly liveMaxPerToken: number | undefined;
  /** PARLEY_LOG_LEVEL: the least severe level `serve` logs (default info). */
  readonly logLevel: LogLevel;
  /** PARLEY_SIGNING_KEY: the Ed25519 private key (PKCS#8 PEM) that signs checkpoints; undefined = one kept in the data folder. */
  readonly signingKeyPath: string | undefined;
  /** PARLEY_CHECKPOINT_SECONDS: how often `serve` signs a checkpoint when the log grew (default 60). */
  readonly checkpointSeconds: number;
  /** PARLEY_LOG_ORIGIN: the log's origin line in checkpoints; undefined = `parley/<host>`. */
  readonly logOrigin: string | undefined;
}

/** A token shorter than this can be guessed: 32 characters of base64url or hex are 128 bits or more. */
export const MIN_TOKEN_LENGTH = 32;

export interface ConfigFlags {
  readonly store?: string;
  readonly port?: string | number;
  readonly host?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}): Config {
  const storeUrl = flags.store ?? env.PARLEY_STORE ?? DEFAULT_STORE_URL;
  return {
    storeUrl,
    readStoreUrl: env.PARLEY_READ_STORE ? parseReadStore(env.PARLEY_READ_STORE, storeUrl) : undefined,
    port: parsePort(flags.port ?? env.PORT ?? 3000),
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    tokens: env.PARLEY_TOKENS === undefined || env.PARLEY_TOKENS.trim() === '' ? undefined : parseTokens(env.PARLEY_TOKENS),
    publicRead: parseBoolean('PARLEY_PUBLIC_READ', env.PARLEY_PUBLIC_READ),
    sqliteDurability: env.PARLEY_SQLITE_SYNC === 'full' ? 'full' : 'normal',
    corsOrigin: env.PARLEY_CORS_ORIGIN || undefined,
    seedWhenEmpty: env.PARLEY_SEED === undefined || env.PARLEY_SEED === '' ? true : parseBoolean('PARLEY_SEED', env.PARLEY_SEED),
    cacheEvents: env.PARLEY_CACHE_EVENTS ? parseCount('PARLEY_CACHE_EVENTS', env.PARLEY_CACHE_EVENTS) : undefined,
    liveMaxConnections: env.PARLEY_LIVE_MAX_CONNECTIONS ? parseCount('PARLEY_LIVE_MAX_CONNECTIONS', env.PARLEY_LIVE_MAX_CONNECTIONS) : undefined,
    liveMaxPerToken: env.PARLEY_LIVE_MAX_PER_TOKEN ? parseCount('PARLEY_LIVE_MAX_PER_TOKEN', env.PARLEY_LIVE_MAX_PER_TOKEN) : undefined,
    logLevel: env.PARLEY_LOG_LEVEL ? parseLogLevel(env.PARLEY_LOG_LEVEL) : 'info',
    signingKeyPath: env.PARLEY_SIGNING_KEY || undefined,
    checkpointSeconds: env.PARLEY_CHECKPOINT_SECONDS ? parseCount('PARLEY_CHECKPOINT_SECONDS', env.PARLEY_CHECKPOINT_SECONDS) : 60,
    logOrigin: env.PARLEY_LOG_ORIGIN ? parseOrigin(env.PARLEY_LOG_ORIGIN) : undefined,
  };
}

/**
 * PARLEY_DEBUG=1: a failing command also prints its stack trace. Read apart from loadConfig,
 * since it must also show where loadConfig itself failed.
 */
export function debugOf(env: NodeJS.ProcessEnv): boolean {
  return env.PARLEY_DEBUG === '1';
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
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new ValidationError(`PARLEY_TOKENS entry ${index + 1} (${name}) has a token of ${token.length} characters; tokens need at least ${MIN_TOKEN_LENGTH}`);
    }
    if (names.has(name)) throw new ValidationError(`PARLEY_TOKENS names ${name} twice`);
    names.add(name);
    return { name, role, token };
  });
}

/** A hot standby replays a PostgreSQL primary: both URLs must be PostgreSQL's. */
function parseReadStore(url: string, storeUrl: string): string {
  if (!isPostgresUrl(url)) throw new ValidationError(`PARLEY_READ_STORE must be a postgres:// URL of a hot standby, not "${redact(url)}"`);
  if (!isPostgresUrl(storeUrl)) throw new ValidationError(`PARLEY_READ_STORE needs the store on PostgreSQL (PARLEY_STORE=postgres://…), not "${redact(storeUrl)}"`);
  return url;
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

/** A checkpoint's first line, and the signing key's name: no spaces, no '+', no control characters. */
function parseOrigin(value: string): string {
  if (!/^[\x21-\x2a\x2c-\x7e]{1,200}$/.test(value)) throw new ValidationError(`PARLEY_LOG_ORIGIN must be 1–200 printable characters with no space or "+", not "${value.slice(0, 60)}"`);
  return value;
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
