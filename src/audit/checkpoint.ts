import { MalformedNoteError } from '../errors.js';
import { hashBytes } from './hashInput.js';
import { HASH_SIZE } from './merkleHash.js';
import { strictBase64 } from './strictBase64.js';

/**
 * The text of a checkpoint (CONTRACT §8), the body of its signed note:
 * `<origin>\n<size>\n<base64 root>\ntime <instant>\nstreams <base64 streams root>\n`.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  /** The log's root at `size`, hex. */
  readonly root: string;
  /** When it was signed: an ISO instant, UTC, ms precision. */
  readonly time: string;
  /** The streams tree's root, hex. */
  readonly streamsRoot: string;
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;
const INSTANT_MS_UTC = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

export function checkpointText(checkpoint: Checkpoint): string {
  const { origin, size, time } = checkpoint;
  if (!isOrigin(origin)) throw new MalformedNoteError(`origin ${JSON.stringify(origin)} is empty or has a control character`);
  if (!Number.isSafeInteger(size) || size < 0) throw new MalformedNoteError(`size ${size} is not a whole number`);
  if (!isInstant(time)) throw new MalformedNoteError(`time ${JSON.stringify(time)} is not an ISO instant in UTC with milliseconds`);
  return `${origin}\n${size}\n${base64Hash('root', checkpoint.root)}\ntime ${time}\nstreams ${base64Hash('streams root', checkpoint.streamsRoot)}\n`;
}

/** A checkpoint's text, strictly: five lines exactly as `checkpointText` writes them. */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length !== 6 || lines[5] !== '') throw new MalformedNoteError(`a checkpoint is five lines, each ending in a newline; this text has ${lines.length - 1}`);
  const [origin, size, root, timeLine, streamsLine] = lines as [string, string, string, string, string];
  if (!isOrigin(origin)) throw new MalformedNoteError('the origin line is empty');
  if (!SIZE.test(size) || !Number.isSafeInteger(Number(size))) throw new MalformedNoteError(`the size line ${JSON.stringify(size)} is not a whole number`);
  const time = field('time', timeLine);
  if (!isInstant(time)) throw new MalformedNoteError(`the time ${JSON.stringify(time)} is not an ISO instant in UTC with milliseconds`);
  return { origin, size: Number(size), root: hexHash('root', root), time, streamsRoot: hexHash('streams root', field('streams', streamsLine)) };
}

function field(name: string, line: string): string {
  if (!line.startsWith(`${name} `)) throw new MalformedNoteError(`expected the line "${name} …", found ${JSON.stringify(line)}`);
  return line.slice(name.length + 1);
}

function hexHash(what: string, encoded: string): string {
  const bytes = strictBase64(encoded);
  if (!bytes || bytes.length !== HASH_SIZE) throw new MalformedNoteError(`the ${what} ${JSON.stringify(encoded)} is not a base64 SHA-256 hash`);
  return bytes.toString('hex');
}

function base64Hash(what: string, hex: string): string {
  const bytes = hashBytes(hex);
  if (!bytes) throw new MalformedNoteError(`the ${what} ${JSON.stringify(hex)} is not a hex SHA-256 hash`);
  return bytes.toString('base64');
}

function isOrigin(origin: string): boolean {
  return origin !== '' && !/[\u0000-\u001f]/.test(origin);
}

function isInstant(time: string): boolean {
  return INSTANT_MS_UTC.test(time) && !Number.isNaN(Date.parse(time)) && new Date(time).toISOString() === time;
}
