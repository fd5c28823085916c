import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';

/**
 * The server's structured log (JSON lines). Tokens never reach it: request lines carry
 * the path without its query string and the principal's name only.
 */
export function createLogger(level: LogLevel, destination: NodeJS.WritableStream | number): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: false, minLength: 4096 }) : destination;
  return pino({ level, base: { service: 'parley' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}
