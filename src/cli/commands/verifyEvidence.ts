import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseVerifierKey } from '../../audit/noteKey.js';
import { readEvidencePack, requireEvidenceSize, type ReadEvidence } from '../../app/readEvidencePack.js';
import { verifyEvidence } from '../../app/verifyEvidence.js';
import { InvalidNoteKeyError, MalformedEvidenceError } from '../../errors.js';
import { CliError, CommandFailedError, EXIT_USAGE, UsageError } from '../cliErrors.js';
import type { CliContext } from '../context.js';

/**
 * `parley verify-evidence FILE [--key VKEY]`: checks an evidence pack with no store and no
 * network, one line per check. Exit status 0 when every check passes, 1 when one fails, 2
 * when the file is no pack (or a flag is bad).
 */
export function registerVerifyEvidence(program: Command, context: CliContext): void {
  program
    .command('verify-evidence')
    .description('check an evidence pack offline: signature, hash chain, inclusion proofs, completeness and state; exit status 1 if a check fails')
    .argument('<file>', 'the pack, as `parley evidence` or GET /negotiations/{id}/evidence wrote it')
    .option('--key <vkey>', "the verifier key to trust, <keyName>+<hex keyId>+<base64 key> (default: the pack's own, which shows the pack is whole but not who signed it)")
    .action((file: string, flags: { key?: string }) => {
      if (flags.key !== undefined) requireVerifierKey(flags.key);
      const report = verifyEvidence(readPackFile(file), flags.key);
      for (const { check, ok, message } of report.checks) context.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${check}: ${message}\n`);
      const failed = report.checks.filter((c) => !c.ok).map((c) => c.check);
      if (failed.length > 0) throw new CommandFailedError(`${file} does not verify: ${failed.join(', ')} failed`);
    });
}

function requireVerifierKey(vkey: string): void {
  try {
    parseVerifierKey(vkey);
  } catch (error) {
    if (error instanceof InvalidNoteKeyError) throw new UsageError(`--key: ${error.message}`);
    throw error;
  }
}

/** The file read whole, its size checked first: a huge file is refused before it is read. */
function readPackFile(file: string): ReadEvidence {
  const fd = openSync(file, 'r');
  try {
    requireEvidenceSize(fstatSync(fd).size);
    return readEvidencePack(readFileSync(fd));
  } catch (error) {
    if (error instanceof MalformedEvidenceError) throw new CliError(`${file}: ${error.message}`, EXIT_USAGE);
    throw error;
  } finally {
    closeSync(fd);
  }
}
