import { ParleyError, ValidationError } from '../errors.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure only a command meets (a bad flag, a port in use, a broken hash chain): it ends
 * the process with an exit status and is never an HTTP answer, so it carries no HTTP status
 * and is no ParleyError, which the error middleware would turn into a problem document.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A bad flag, argument or configuration value: exit status 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** The command ran and its answer is a failure (e.g. a broken hash chain): exit status 1. */
export class CommandFailedError extends CliError {}

/** `serve` cannot bind its address: exit status 1. */
export class ListenError extends CliError {}

/** The lines to print for an error, each later prefixed with "parley: " (first) or indented (details). */
export function describeError(error: unknown): { message: string; details: string[] } {
  if (error instanceof CliError) return { message: oneLine(error.message), details: [] };
  if (error instanceof ParleyError) {
    const details = error instanceof ValidationError ? error.errors.map((e) => `${e.path}: ${e.message}`) : [];
    const more = (error as { problemCount?: number }).problemCount;
    if (typeof more === 'number' && more > details.length) details.push(`and ${more - details.length} more`);
    return { message: oneLine(error.message), details: details.map(oneLine) };
  }
  const system = error as NodeJS.ErrnoException;
  if (system && typeof system.code === 'string' && typeof system.syscall === 'string') {
    const what = SYSTEM_ERRORS[system.code] ?? system.code;
    return { message: `${system.path ?? system.syscall}: ${what}`, details: [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected error: ${oneLine(message)} (PARLEY_DEBUG=1 shows where)`, details: [] };
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : EXIT_FAILURE;
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
