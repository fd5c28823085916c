import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ValidationError } from '../errors.js';

/** One line of a JSON Lines file, as read; `end` is the byte offset just after it. */
export interface SourceLine {
  readonly number: number;
  readonly text: string;
  readonly end: number;
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
  };
}

/** The lines of a text held in memory (small inputs, tests). */
export function textLines(name: string, text: string, maxLineBytes = MAX_LINE_BYTES): LineSource {
  const bytes = Buffer.from(text, 'utf8');
  return {
    name,
    size: bytes.length,
    lines: () => splitLines([bytes], maxLineBytes),
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

  const finish = (end: number): SourceLine | undefined => {
    number++;
    const line = emit(number, end);
    parts = [];
    partBytes = 0;
    tooLong = false;
    return line;
  };
  const emit = (lineNumber: number, end: number): SourceLine | undefined => {
    if (tooLong) return { number: lineNumber, text: '', end, tooLong: true };
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { number: lineNumber, text: '', end, badEncoding: true };
    }
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.trim() === '' ? undefined : { number: lineNumber, text, end };
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
