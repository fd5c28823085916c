import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ValidationError } from '../errors.js';

/** Where a line lies in its source: its number and its bytes, from `start` to just before `end`. */
export interface LineAt {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** One line of a JSON Lines file, as read. */
export interface SourceLine extends LineAt {
  readonly text: string;
  /** The line was longer than the limit: `text` is empty and the rest was skipped unread. */
  readonly tooLong?: boolean;
  /** The line is not valid UTF-8. */
  readonly badEncoding?: boolean;
}

/** Where an import reads its lines; `lines()` starts from the beginning each time it is called. */
export interface LineSource {
  readonly name: string;
  /** Total bytes, when known: for progress. */
  readonly size?: number;
  lines(): AsyncIterable<SourceLine>;
  /** One line read again where `lines()` found it, so a long import need not keep earlier lines in memory. */
  lineAt(at: LineAt): SourceLine;
}

/**
 * An event is far smaller than this: an HTTP append of up to 1,000 events is capped at
 * 1 MiB, so a single line above it cannot be a real event and is not held in memory.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * The lines of a file, split on bytes so an oversized line is skipped without being
 * buffered. The file is read again on every pass; a change between passes (size, mtime,
 * inode) is refused, because the first pass vouched for what the second one writes.
 */
export async function fileLines(path: string, maxLineBytes = MAX_LINE_BYTES): Promise<LineSource> {
  const first = await stat(path);
  if (!first.isFile()) throw new ValidationError(`${path} is not a file`);
  const identity = (s: { size: number; mtimeMs: number; ino: number }) => `${s.size}:${s.mtimeMs}:${s.ino}`;
  const expected = identity(first);
  return {
    name: path,
    size: first.size,
    lines: () =>
      (async function* () {
        if (identity(await stat(path)) !== expected) throw new ValidationError(`${path} changed while it was being imported`);
        yield* splitLines(createReadStream(path, { highWaterMark: 1 << 20 }), maxLineBytes);
      })(),
    // Synchronous: a read of a few kilobytes from a file just read is served by the page
    // cache, and not yielding keeps the import's appends of one turn in one commit.
    lineAt: (at) => {
      const bytes = Buffer.alloc(at.end - at.start);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, bytes, 0, bytes.length, at.start);
      } finally {
        closeSync(fd);
      }
      return decodeLine(at, bytes);
    },
  };
}

/** The lines of a text held in memory (small inputs, tests). */
export function textLines(name: string, text: string, maxLineBytes = MAX_LINE_BYTES): LineSource {
  return bytesLines(name, Buffer.from(text, 'utf8'), maxLineBytes);
}

/** The lines of bytes held in memory (a request body), decoded as a file's are: a line that is not UTF-8 is named. */
export function bytesLines(name: string, bytes: Buffer, maxLineBytes = MAX_LINE_BYTES): LineSource {
  return {
    name,
    size: bytes.length,
    lines: () => splitLines([bytes], maxLineBytes),
    lineAt: (at) => decodeLine(at, bytes.subarray(at.start, at.end)),
  };
}

/** Splits byte chunks on "\n"; drops a trailing "\r" and a leading UTF-8 byte-order mark; skips blank lines. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>, maxLineBytes: number): AsyncGenerator<SourceLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let number = 0;
  let offset = 0;
  let start = 0;

  const finish = (end: number): SourceLine | undefined => {
    number++;
    const line = emit(number, end);
    start = end;
    parts = [];
    partBytes = 0;
    tooLong = false;
    return line;
  };
  const emit = (lineNumber: number, end: number): SourceLine | undefined => {
    if (tooLong) return { number: lineNumber, text: '', start, end, tooLong: true };
    const line = decodeLine({ number: lineNumber, start, end }, parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes), decoder);
    return line.text.trim() === '' && !line.badEncoding ? undefined : line;
  };
  const add = (piece: Buffer) => {
    if (tooLong) return;
    if (partBytes + piece.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(piece);
    partBytes += piece.length;
  };

  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      add(chunk.subarray(start, newline));
      const line = finish(offset + newline + 1);
      if (line) yield line;
      start = newline + 1;
    }
    if (start < chunk.length) add(Buffer.from(chunk.subarray(start)));
    offset += chunk.length;
  }
  if (partBytes > 0 || tooLong) {
    const line = finish(offset);
    if (line) yield line;
  }
}

/** A line's bytes as text: without its "\n" or "\r\n", and without the byte-order mark of line 1. */
function decodeLine(at: LineAt, raw: Buffer, decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })): SourceLine {
  let bytes = raw;
  if (bytes.length > 0 && bytes[bytes.length - 1] === NEWLINE) bytes = bytes.subarray(0, bytes.length - 1);
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
  const { number, start, end } = at;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { number, text: '', start, end, badEncoding: true };
  }
  if (number === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { number, text, start, end };
}
