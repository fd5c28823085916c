import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { witness } from '../../app/witness.js';
import { parseWitnessState, witnessStateText, type WitnessState } from '../../app/witnessState.js';
import { LogNotExtendedError } from '../../errors.js';
import { CliError, CommandFailedError, UsageError } from '../cliErrors.js';
import type { CliContext } from '../context.js';
import { ensureKeyFile } from '../signingKey.js';
import { writeFileWhole } from '../wholeFile.js';

export const WITNESS_KEY_FILE = 'witness-key.pem';

interface WitnessFlags {
  readonly state: string;
  readonly key?: string;
  readonly token?: string;
}

/**
 * `parley witness URL --state FILE [--key PATH] [--token TOKEN]` (CONTRACT §8): checks that
 * the log's newest checkpoint extends the one saved in FILE, cosigns it and saves it. Exit
 * status 1, the state left as it was, when it does not; a cron job that runs it is a witness.
 */
export function registerWitness(program: Command, context: CliContext): void {
  program
    .command('witness')
    .argument('<url>', 'the Parley server, e.g. https://parley.example.org')
    .description("check that a Parley log's newest checkpoint extends the one seen before, cosign it and save it; exit status 1 if it does not")
    .requiredOption('--state <file>', 'where this witness keeps the trusted key and the newest checkpoint it saw (made on the first run)')
    .option('--key <path>', `this witness's Ed25519 key, PKCS#8 PEM, made (mode 0600) when absent (default: ${WITNESS_KEY_FILE} beside the state file)`)
    .option('--token <token>', 'a reader token for the consistency proof (PARLEY_TOKEN; the variable keeps it out of the process list)')
    .action(async (url: string, flags: WitnessFlags) => {
      requireHttpUrl(url);
      const statePath = resolve(flags.state);
      const previous = readState(statePath);
      const keyPath = resolve(flags.key ?? join(dirname(statePath), WITNESS_KEY_FILE));
      const { key } = ensureKeyFile(keyPath, witnessKeyName(), 'the witness key');
      const token = flags.token ?? (context.env.PARLEY_TOKEN || undefined);
      let witnessed;
      try {
        witnessed = await witness({ url, previous, key, token, fetch: (target, init) => fetch(target, init), now: context.now });
      } catch (error) {
        if (error instanceof LogNotExtendedError) throw new CommandFailedError(error.message);
        throw error;
      }
      writeFileWhole(statePath, witnessStateText(witnessed.state), 0o644);
      const { checkpoint, previous: seen } = witnessed;
      const before = seen ? `extends the ${seen.size} seen before` : `first seen: key ${witnessed.state.vkey} trusted from now on`;
      context.stdout.write(`ok: ${url} has ${checkpoint.size} events, root ${checkpoint.root}, signed ${checkpoint.time}; ${before}; cosigned by ${key.keyName}\n`);
    });
}

/** `witness/<host>`: a key name may hold no space and no `+`. */
function witnessKeyName(): string {
  return `witness/${hostname().replace(/[\p{White_Space}+]/gu, '-') || 'localhost'}`;
}

function readState(path: string): WitnessState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the state file ${path}: ${(error as Error).message}`);
  }
  return parseWitnessState(text, path);
}

function requireHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`not an http(s) URL: ${url}`);
}
