import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noteSigningKeyFromPem, parseVerifierKey } from '../audit/noteKey.js';
import type { Config } from '../config.js';
import { InvalidNoteKeyError } from '../errors.js';
import { dataDirOf } from './adminToken.js';
import { UsageError } from './cliErrors.js';
import { SIGNING_KEY_FILE } from './signingKey.js';

/** The key `parley verify` checks the stored checkpoints' signatures with, and where it came from. */
export interface CheckpointKey {
  readonly publicKey: Buffer;
  readonly from: string;
}

/**
 * `--key VKEY` when given; else the server's signing key (PARLEY_SIGNING_KEY, or the one in
 * the data folder) when that file exists: it is only read here, never created. Without
 * either, verify still checks each checkpoint's size and root, not who signed it.
 */
export function checkpointKeyFor(config: Config, vkey: string | undefined, cwd: string = process.cwd()): CheckpointKey | undefined {
  if (vkey !== undefined) {
    try {
      return { publicKey: parseVerifierKey(vkey).publicKey, from: 'the verifier key given' };
    } catch (error) {
      if (error instanceof InvalidNoteKeyError) throw new UsageError(`--key: ${error.message}`);
      throw error;
    }
  }
  const path = config.signingKeyPath === undefined ? join(dataDirOf(config.storeUrl, cwd), SIGNING_KEY_FILE) : resolve(cwd, config.signingKeyPath);
  if (!existsSync(path)) return undefined;
  // Only the public half is used: the name given here is not the one serve signs with.
  return { publicKey: noteSigningKeyFromPem('verify', readFileSync(path, 'utf8')).publicKey, from: path };
}
