import { describe, expect, it } from 'vitest';
import { splitLines, type SourceLine } from '../../src/app/jsonLines.js';

async function split(chunks: Buffer[], max = 64): Promise<SourceLine[]> {
  const lines: SourceLine[] = [];
  for await (const line of splitLines(chunks, max)) lines.push(line);
  return lines;
}
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('splitting bytes into lines', () => {
  it('numbers lines as a text editor does, skipping blank ones and dropping CR and a leading BOM', async () => {
    const lines = await split([bytes('\uFEFFone\r\n\n  \ntwo\nthree')]);
    expect(lines.map(({ number, text }) => [number, text])).toEqual([
      [1, 'one'],
      [4, 'two'],
      [5, 'three'],
    ]);
    expect(lines.map((line) => line.end)).toEqual([8, 16, 21]); // byte offsets: the BOM is 3 bytes
  });

  it('rebuilds a multi-byte character cut across chunks', async () => {
    const whole = bytes('élan → ok\nnext\n');
    const oneByteChunks = [...whole].map((b) => Buffer.from([b]));
    expect((await split(oneByteChunks)).map((line) => line.text)).toEqual(['élan → ok', 'next']);
  });

  it('marks an oversized line without keeping it, and goes on with the next', async () => {
    const lines = await split([bytes('short\n'), bytes('x'.repeat(50)), bytes('y'.repeat(50)), bytes('\nafter\n')], 64);
    expect(lines.map(({ number, text, tooLong }) => [number, text, tooLong ?? false])).toEqual([
      [1, 'short', false],
      [2, '', true],
      [3, 'after', false],
    ]);
  });

  it('marks bytes that are not UTF-8', async () => {
    const lines = await split([Buffer.from([0x61, 0xff, 0x0a, 0x62])]);
    expect(lines.map(({ number, badEncoding }) => [number, badEncoding ?? false])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
