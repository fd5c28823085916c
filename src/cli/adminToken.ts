import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MIN_TOKEN_LENGTH, type TokenEntry } from '../config.js';
import { sqliteFileOf } from '../store/sqliteUrl.js';
import { CliError } from './cliErrors.js';

export const ADMIN_TOKEN_FILE = 'admin-token';
export const ADMIN_NAME = 'admin';

/** The data folder: the SQLite file's folder, or ./data for server stores. */
export function dataDirOf(storeUrl: string, cwd: string = process.cwd()): string {
  const file = sqliteFileOf(storeUrl);
  return file === undefined ? resolve(cwd, 'data') : dirname(resolve(cwd, file));
}

export interface AdminToken {
  readonly entry: TokenEntry;
  /** True when the token was made just now (it is printed once, then never again). */
  readonly created: boolean;
  readonly path: string;
}

/**
 * The admin token used when PARLEY_TOKENS is unset: read from `<dataDir>/admin-token`, or
 * created there (mode 0600, exclusively, so two starting servers cannot both create one).
 */
export function ensureAdminToken(dataDir: string): AdminToken {
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  mkdirSync(dataDir, { recursive: true });
  const token = `parley_${randomBytes(24).toString('base64url')}`; // 39 characters, 192 random bits
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { entry: { name: ADMIN_NAME, role: 'admin', token }, created: true, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = readFileSync(path, 'utf8').trim();
  if (stored.length < MIN_TOKEN_LENGTH) throw new CliError(`${path} holds no usable token: delete it to make a new one`);
  return { entry: { name: ADMIN_NAME, role: 'admin', token: stored }, created: false, path };
}
