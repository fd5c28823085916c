import { describe, expect, it } from 'vitest';
import { MalformedNoteError } from '../../src/errors.js';
import { checkpointText, parseCheckpointText, type Checkpoint } from '../../src/audit/checkpoint.js';
import { EMPTY_ROOT, leafHash } from '../../src/audit/merkleHash.js';
import { generateNoteSigningKey, verifierKeyOf } from '../../src/audit/noteKey.js';
import { parseCheckpointNote, signCheckpoint, verifyCheckpoint } from '../../src/audit/signedCheckpoint.js';
import { cosignNote, signNote } from '../../src/audit/signedNote.js';

const ROOT = leafHash(Buffer.from('root'));
const STREAMS = leafHash(Buffer.from('streams'));
const CHECKPOINT: Checkpoint = { origin: 'parley.example/log', size: 42, root: ROOT.toString('hex'), time: '2026-06-01T10:00:00.000Z', streamsRoot: STREAMS.toString('hex') };
const TEXT = `parley.example/log\n42\n${ROOT.toString('base64')}\ntime 2026-06-01T10:00:00.000Z\nstreams ${STREAMS.toString('base64')}\n`;

const log = generateNoteSigningKey('parley.example/log');
const witness = generateNoteSigningKey('witness.example/w1');

describe('a checkpoint written as text', () => {
  it('is five lines: origin, size, base64 root, time, streams root', () => {
    expect(checkpointText(CHECKPOINT)).toBe(TEXT);
  });

  it('reads back as the same checkpoint, hashes in hex', () => {
    expect(parseCheckpointText(TEXT)).toEqual(CHECKPOINT);
  });

  it('of the empty log has size 0 and the empty root', () => {
    const empty = { ...CHECKPOINT, size: 0, root: EMPTY_ROOT.toString('hex') };
    expect(parseCheckpointText(checkpointText(empty))).toEqual(empty);
  });

  it.each([
    ['an empty origin', { origin: '' }],
    ['an origin with a newline', { origin: 'a\nb' }],
    ['a negative size', { size: -1 }],
    ['a size that is not whole', { size: 1.5 }],
    ['a time without milliseconds', { time: '2026-06-01T10:00:00Z' }],
    ['a time with an offset', { time: '2026-06-01T12:00:00.000+02:00' }],
    ['a root that is not a hash', { root: 'abc' }],
    ['a streams root that is not a hash', { streamsRoot: ROOT.toString('base64') }],
  ])('is refused with %s', (_, change) => {
    expect(() => checkpointText({ ...CHECKPOINT, ...change })).toThrow(MalformedNoteError);
  });
});

describe('reading a checkpoint text strictly', () => {
  const line = (i: number, replacement: string) => TEXT.split('\n').map((l, n) => (n === i ? replacement : l)).join('\n');

  it.each([
    ['a missing line', TEXT.split('\n').slice(1).join('\n')],
    ['an extra line', `${TEXT}extra\n`],
    ['no final newline', TEXT.slice(0, -1)],
    ['a size with a leading zero', line(1, '042')],
    ['a size with a sign', line(1, '+42')],
    ['a size past 2^53', line(1, '9007199254740993')],
    ['a root of 31 bytes', line(2, ROOT.subarray(1).toString('base64'))],
    ['a root without its padding', line(2, ROOT.toString('base64').replace('=', ''))],
    ['a root in hex', line(2, ROOT.toString('hex'))],
    ['a time line under another name', line(3, 'when 2026-06-01T10:00:00.000Z')],
    ['a time with two spaces', line(3, 'time  2026-06-01T10:00:00.000Z')],
    ['a time of a day that does not exist', line(3, 'time 2026-02-30T10:00:00.000Z')],
    ['a time in lower case', line(3, 'time 2026-06-01t10:00:00.000z')],
    ['a streams line missing its name', line(4, STREAMS.toString('base64'))],
    ['the lines in another order', [TEXT.split('\n')[0], TEXT.split('\n')[1], TEXT.split('\n')[2], TEXT.split('\n')[4], TEXT.split('\n')[3], ''].join('\n')],
  ])('refuses %s', (_, text) => {
    expect(() => parseCheckpointText(text!)).toThrow(MalformedNoteError);
  });
});

describe('a signed checkpoint', () => {
  const note = signCheckpoint(CHECKPOINT, log);

  it('is the checkpoint text, a blank line and one em-dash signature line by the key', () => {
    const [text, signatures] = [note.slice(0, TEXT.length), note.slice(TEXT.length)];
    expect(text).toBe(TEXT);
    expect(signatures).toMatch(/^\n\u2014 parley\.example\/log [A-Za-z0-9+/]{91}=\n$/);
    expect(Buffer.from(signatures.split(' ')[2]!, 'base64').subarray(0, 4)).toEqual(log.keyId);
  });

  it('verifies by the log key and gives back the checkpoint', () => {
    expect(verifyCheckpoint(note, verifierKeyOf(log))).toMatchObject({ ok: true, checkpoint: CHECKPOINT });
    expect(parseCheckpointNote(note).checkpoint).toEqual(CHECKPOINT);
  });

  it('does not verify by another key', () => {
    expect(verifyCheckpoint(note, verifierKeyOf(witness))).toMatchObject({ ok: false, problem: 'not-signed-by-key' });
  });

  it('does not verify once its body is edited', () => {
    const edited = note.replace('\n42\n', '\n41\n');
    expect(parseCheckpointNote(edited).checkpoint.size).toBe(41);
    expect(verifyCheckpoint(edited, log)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  it('does not verify with one bit of its signature changed', () => {
    const signature = note.slice(note.lastIndexOf(' ') + 1, -1);
    const bytes = Buffer.from(signature, 'base64');
    bytes[10]! ^= 0x01;
    expect(verifyCheckpoint(note.replace(signature, bytes.toString('base64')), log)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  it('is refused when its signed text is not a checkpoint', () => {
    expect(verifyCheckpoint(signNote('hello\n', log), log)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('cosigned by a witness verifies by both keys, each ignoring the other line', () => {
    const cosigned = cosignNote(note, witness);
    expect(verifyCheckpoint(cosigned, verifierKeyOf(log))).toMatchObject({ ok: true, checkpoint: CHECKPOINT });
    expect(verifyCheckpoint(cosigned, verifierKeyOf(witness))).toMatchObject({ ok: true, checkpoint: CHECKPOINT });
    expect(parseCheckpointNote(cosigned).note.signatures).toHaveLength(2);
  });
});
