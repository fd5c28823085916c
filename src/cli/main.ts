#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { debugOf } from '../config.js';
import { describeError, EXIT_USAGE, exitCodeOf } from './cliErrors.js';
import { registerDemo } from './commands/demo.js';
import { registerEvidence } from './commands/evidence.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerReplay } from './commands/replay.js';
import { registerRebuild } from './commands/rebuild.js';
import { registerServe } from './commands/serve.js';
import { registerVerify } from './commands/verify.js';
import { registerWitness } from './commands/witness.js';
import { registerVerifyEvidence } from './commands/verifyEvidence.js';
import { processContext, type CliContext } from './context.js';
import { packageRoot } from './packageRoot.js';

/** Builds the `parley` program (CONTRACT §7). Usage errors are printed as one "parley: …" line. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('parley')
    .description('Parley: an event-sourced negotiation tracker with bitemporal timeline replay')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(`parley: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`),
    });
  registerServe(program, context);
  registerDemo(program, context);
  registerReplay(program, context);
  registerImport(program, context);
  registerExport(program, context);
  registerVerify(program, context);
  registerRebuild(program, context);
  registerWitness(program, context);
  registerEvidence(program, context);
  registerVerifyEvidence(program, context);
  return program;
}

/** Runs the CLI; resolves to the exit status. Never throws. */
export async function main(argv: readonly string[], context: CliContext): Promise<number> {
  try {
    await buildProgram(context).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help / version asked for).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const { message, details } = describeError(error);
    context.stderr.write(`parley: ${message}\n`);
    for (const detail of details) context.stderr.write(`  ${detail}\n`);
    if (debugOf(context.env) && error instanceof Error) context.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

process.exitCode = await main(process.argv, processContext());
