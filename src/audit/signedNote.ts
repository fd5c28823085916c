import { sign, verify } from 'node:crypto';
import { MalformedNoteError } from '../errors.js';
import { isValidKeyName, parseVerifierKey, publicKeyObject, type NotePublicKey, type NoteSigningKey } from './noteKey.js';
import { strictBase64 } from './strictBase64.js';
import { failure, type Verdict } from './verdict.js';

/**
 * C2SP signed notes: a text ending in a newline, a blank line, then one line per signature,
 * `— <keyName> <base64(keyId ‖ signature)>`, the signature over the text. One note may carry
 * several: the log's own and cosignatures added by others.
 */

/** More than a checkpoint with a hundred cosignatures needs; a larger note is refused before it is read. */
export const MAX_NOTE_BYTES = 128 * 1024;
/** C2SP asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 ';
const ED25519_SIGNATURE_SIZE = 64;

export interface NoteSignature {
  readonly keyName: string;
  readonly keyId: Buffer;
  /** The bytes after the key id: for an Ed25519 key, its 64-byte signature. */
  readonly signature: Buffer;
  /** The line as written, without its newline. */
  readonly line: string;
}

export interface SignedNote {
  /** The signed text, its final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** The note of `text` with one signature by `key`. */
export function signNote(text: string, key: NoteSigningKey): string {
  requireNoteText(text);
  return `${text}\n${signatureLine(text, key)}\n`;
}

/**
 * Adds `key`'s signature to a note. A signature already there by the same key is
 * replaced, so cosigning twice leaves one line. Signatures already there are not checked.
 */
export function cosignNote(note: string, key: NoteSigningKey): string {
  const { text, signatures } = parseSignedNote(note);
  const others = signatures.filter((signature) => !isBy(signature, key));
  return `${text}\n${[...others.map((signature) => signature.line), signatureLine(text, key)].join('\n')}\n`;
}

/** A note read strictly; any departure from the format is a MalformedNoteError. */
export function parseSignedNote(note: string | Uint8Array): SignedNote {
  if ((typeof note === 'string' ? Buffer.byteLength(note, 'utf8') : note.length) > MAX_NOTE_BYTES) throw new MalformedNoteError(`over ${MAX_NOTE_BYTES} bytes`);
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  requireNoteCharacters(message);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line before the signatures');
  const block = message.slice(split + 2);
  if (!block.endsWith('\n')) throw new MalformedNoteError('the signatures do not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new MalformedNoteError(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  return { text: message.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

export type NoteProblem = 'malformed' | 'not-signed-by-key' | 'bad-signature';

/**
 * Whether `key` signed the note. Signatures by other keys are ignored, even ones sharing
 * the key's name or id (but not both); every signature by the key must verify. A verifier
 * key given as text that is not one is an InvalidNoteKeyError: the caller's mistake, not the note's.
 */
export function verifyNote(note: string | Uint8Array, key: NotePublicKey | string): Verdict<NoteProblem, { readonly note: SignedNote }> {
  const publicKey = typeof key === 'string' ? parseVerifierKey(key) : key;
  let parsed: SignedNote;
  try {
    parsed = parseSignedNote(note);
  } catch (error) {
    if (error instanceof MalformedNoteError) return failure('malformed', error.message);
    throw error;
  }
  const name = `${publicKey.keyName}+${publicKey.keyId.toString('hex')}`;
  const own = parsed.signatures.filter((signature) => isBy(signature, publicKey));
  if (own.length === 0) return failure('not-signed-by-key', `the note carries no signature by key ${name}`);
  const verifier = publicKeyObject(publicKey);
  const text = Buffer.from(parsed.text, 'utf8');
  for (const { signature } of own) {
    if (signature.length !== ED25519_SIGNATURE_SIZE || !verify(null, text, verifier, signature)) return failure('bad-signature', `the signature by key ${name} does not verify`);
  }
  return { ok: true, note: parsed };
}

function signatureLine(text: string, key: NoteSigningKey): string {
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey);
  return `${SIGNATURE_PREFIX}${key.keyName} ${Buffer.concat([key.keyId, signature]).toString('base64')}`;
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new MalformedNoteError(`a signature line does not start with an em dash and a space: ${JSON.stringify(line.slice(0, 80))}`);
  const fields = line.slice(SIGNATURE_PREFIX.length).split(' ');
  const [keyName = '', encoded = ''] = fields;
  const bytes = strictBase64(encoded);
  if (fields.length !== 2 || !isValidKeyName(keyName) || !bytes || bytes.length < 5) throw new MalformedNoteError(`not a signature line "— <key name> <base64 key id and signature>": ${JSON.stringify(line.slice(0, 80))}`);
  return { keyName, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4), line };
}

function isBy(signature: NoteSignature, key: NotePublicKey): boolean {
  return signature.keyName === key.keyName && signature.keyId.equals(key.keyId);
}

function requireNoteText(text: string): void {
  requireNoteCharacters(text);
  if (!text.endsWith('\n')) throw new MalformedNoteError('the text does not end in a newline');
}

/** Well-formed Unicode (so valid UTF-8) and no control character but the newline. */
function requireNoteCharacters(text: string): void {
  const bad = /[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u.exec(text);
  if (bad) throw new MalformedNoteError(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at ${bad.index} is not allowed`);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new MalformedNoteError('not valid UTF-8');
  }
}
