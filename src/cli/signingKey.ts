import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { generateNoteSigningKey, noteSigningKeyFromPem, noteSigningKeyPem, type NoteSigningKey } from '../audit/noteKey.js';
import { CliError } from './cliErrors.js';
import { writeFileWhole } from './wholeFile.js';

export const SIGNING_KEY_FILE = 'signing-key.pem';

export interface SigningKeyFile {
  readonly key: NoteSigningKey;
  readonly path: string;
  /** True when the key was made just now. */
  readonly created: boolean;
  /** Where the newest checkpoint is kept beside the key (CONTRACT §8): outside the store, so a store rolled back is caught. */
  readonly checkpointPath: string;
}

/**
 * The key that signs checkpoints: PARLEY_SIGNING_KEY's file, or `<dataDir>/signing-key.pem`,
 * created there on first start (mode 0600, exclusively, so two starting servers cannot
 * both create one). Its name in signature lines is the log's origin.
 */
export function ensureSigningKey(dataDir: string, configuredPath: string | undefined, keyName: string): SigningKeyFile {
  if (configuredPath !== undefined) {
    const path = resolve(configuredPath);
    return { key: readKey(path, keyName, 'PARLEY_SIGNING_KEY names'), path, created: false, checkpointPath: checkpointPathOf(path) };
  }
  const path = join(dataDir, SIGNING_KEY_FILE);
  return { ...ensureKeyFile(path, keyName, 'the signing key'), path, checkpointPath: checkpointPathOf(path) };
}

/** The Ed25519 key in the PKCS#8 PEM file at `path`, made there (mode 0600, exclusively) when there is none. */
export function ensureKeyFile(path: string, keyName: string, what: string): { key: NoteSigningKey; created: boolean } {
  mkdirSync(dirname(path), { recursive: true });
  const key = generateNoteSigningKey(keyName);
  try {
    writeFileSync(path, noteSigningKeyPem(key), { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { key: readKey(path, keyName, what), created: false };
}

/** `signing-key.pem` → `signing-key.checkpoint`, in the same folder. */
export function checkpointPathOf(keyPath: string): string {
  return join(dirname(keyPath), `${basename(keyPath).replace(/\.pem$/i, '')}.checkpoint`);
}

/** The newest checkpoint's signed note, or undefined when none was kept. */
export function readKeptCheckpoint(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the kept checkpoint ${path}: ${(error as Error).message}`);
  }
}

/** Replaces the kept checkpoint whole (a crash leaves the old one or the new one, never half of one). */
export function keepCheckpoint(path: string, note: string): void {
  writeFileWhole(path, note, 0o644);
}

function readKey(path: string, keyName: string, what: string): NoteSigningKey {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${what} ${path}, which cannot be read: ${(error as Error).message}`);
  }
  try {
    return noteSigningKeyFromPem(keyName, pem);
  } catch (error) {
    throw new CliError(`${path} holds no Ed25519 private key in PKCS#8 PEM: ${(error as Error).message}`);
  }
}
