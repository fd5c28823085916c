import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidNoteKeyError, MalformedNoteError } from '../../src/errors.js';
import { generateNoteSigningKey, noteKeyId, noteSigningKeyFromPem, noteSigningKeyPem, parseVerifierKey, verifierKeyOf } from '../../src/audit/noteKey.js';
import { cosignNote, MAX_NOTE_BYTES, parseSignedNote, signNote, verifyNote } from '../../src/audit/signedNote.js';

/*
 * Vectors of golang.org/x/mod/sumdb/note, the reference implementation of C2SP signed notes:
 * github.com/golang/mod, commit fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db, sumdb/note/note_test.go
 * (TestNewVerifier, TestSign, TestOpen; BSD-style licence). The signing key there is written
 * `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ Ed25519 seed)>`.
 */
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
/** Verifier keys the reference refuses: a 33-byte key with its id adjusted, and an unknown algorithm with its id adjusted. */
const REFUSED_VKEYS = ['PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==', 'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'];

/** The reference's Ed25519 seed as a PKCS#8 PEM file: the fixed DER header of an Ed25519 private key, then the seed. */
function pemOfSeed(skey: string): string {
  const seed = Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1);
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
}

const peter = noteSigningKeyFromPem('PeterNeumann', pemOfSeed(PETER_SKEY));

describe('the reference key PeterNeumann (golang/mod sumdb/note)', () => {
  it('has the published key id and verifier key', () => {
    expect(peter.keyId.toString('hex')).toBe('c74f20a3');
    expect(verifierKeyOf(peter)).toBe(PETER_VKEY);
  });

  it('signs the reference text into the published note, byte for byte', () => {
    expect(signNote(TEXT, peter)).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('verifies the published note by the published verifier key', () => {
    expect(verifyNote(`${TEXT}\n${PETER_SIG}`, PETER_VKEY)).toMatchObject({ ok: true, note: { text: TEXT } });
  });
});

describe('a note signed by two reference keys (golang/mod TestOpen)', () => {
  const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('verifies by each key, ignoring the other signature', () => {
    expect(verifyNote(note, PETER_VKEY).ok).toBe(true);
    expect(verifyNote(note, ENOCH_VKEY).ok).toBe(true);
  });

  it('reads both signature lines with their names and key ids', () => {
    expect(parseSignedNote(note).signatures.map((s) => [s.keyName, s.keyId.toString('hex')])).toEqual([
      ['PeterNeumann', 'c74f20a3'],
      ['EnochRoot', 'af0cfe78'],
    ]);
  });

  it('is refused by a key that did not sign it, even one of the same name', () => {
    const other = generateNoteSigningKey('PeterNeumann');
    expect(verifyNote(note, verifierKeyOf(other))).toMatchObject({ ok: false, problem: 'not-signed-by-key' });
  });

  it('is refused when a signature by the key does not verify', () => {
    const altered = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(verifyNote(altered, PETER_VKEY)).toMatchObject({ ok: false, problem: 'bad-signature' });
    expect(verifyNote(`${TEXT}\n${PETER_SIG}${altered.split('\n\n')[1]}`, PETER_VKEY)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });
});

describe('notes the reference refuses as malformed (golang/mod TestOpen)', () => {
  const malformed = [
    TEXT,
    `${TEXT}\n`,
    `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
    `\u0001${TEXT}\n${PETER_SIG}`,
    `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
    `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    `${TEXT}\n${PETER_SIG.repeat(101)}`,
  ];

  it.each(malformed.map((note, i) => [i, note]))('refuses case %i when parsed, and answers "malformed" when verified', (_, note) => {
    expect(() => parseSignedNote(note)).toThrow(MalformedNoteError);
    expect(verifyNote(note, PETER_VKEY)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.of(0xff), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    expect(() => parseSignedNote(bytes)).toThrow(MalformedNoteError);
    expect(parseSignedNote(Buffer.from(`${TEXT}\n${PETER_SIG}`)).text).toBe(TEXT);
  });
});

describe('reading a verifier key', () => {
  it('reads the reference keys, name, id and 32-byte key', () => {
    expect(parseVerifierKey(ENOCH_VKEY)).toMatchObject({ keyName: 'EnochRoot', keyId: Buffer.from('af0cfe78', 'hex') });
    expect(parseVerifierKey(PETER_VKEY).publicKey).toEqual(peter.publicKey);
  });

  it('refuses every part of the reference key but the whole (golang/mod TestNewVerifier)', () => {
    const accepted = [];
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        const part = PETER_VKEY.slice(i, j);
        if (refuses(part) === false) accepted.push(part);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses the reference key with any one character moved on by one', () => {
    const accepted = [...PETER_VKEY].map((_, i) => PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1)).filter((key) => !refuses(key));
    expect(accepted).toEqual([]);
  });

  it('refuses a key of the wrong length or another algorithm, even with a matching id', () => {
    for (const vkey of REFUSED_VKEYS) expect(() => parseVerifierKey(vkey)).toThrow(InvalidNoteKeyError);
  });

  function refuses(vkey: string): boolean {
    try {
      parseVerifierKey(vkey);
      return false;
    } catch (error) {
      return error instanceof InvalidNoteKeyError;
    }
  }
});

describe('a generated key', () => {
  const key = generateNoteSigningKey('parley.example/log');

  it('has the id the name and public key give', () => {
    expect(key.keyId).toEqual(noteKeyId('parley.example/log', key.publicKey));
    expect(key.publicKey).toHaveLength(32);
  });

  it('survives its PEM file: the same key signs the same signature', () => {
    const reloaded = noteSigningKeyFromPem('parley.example/log', noteSigningKeyPem(key));
    expect(verifierKeyOf(reloaded)).toBe(verifierKeyOf(key));
    expect(signNote(TEXT, reloaded)).toBe(signNote(TEXT, key));
  });

  it('round-trips through its verifier key', () => {
    expect(parseVerifierKey(verifierKeyOf(key))).toEqual({ keyName: key.keyName, keyId: key.keyId, publicKey: key.publicKey });
  });

  it('refuses a name with a space or a plus, and a PEM key that is not Ed25519', () => {
    expect(() => generateNoteSigningKey('parley log')).toThrow(InvalidNoteKeyError);
    expect(() => generateNoteSigningKey('a+b')).toThrow(InvalidNoteKeyError);
    expect(() => generateNoteSigningKey('')).toThrow(InvalidNoteKeyError);
    expect(() => noteSigningKeyFromPem('k', 'not a key')).toThrow(InvalidNoteKeyError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => noteSigningKeyFromPem('k', ec)).toThrow(/not Ed25519/);
  });
});

describe('cosigning a note', () => {
  const log = generateNoteSigningKey('parley.example/log');
  const witness = generateNoteSigningKey('witness.example');
  const note = signNote(TEXT, log);

  it('adds a line that verifies by the second key, and keeps the first', () => {
    const cosigned = cosignNote(note, witness);
    expect(cosigned.startsWith(note)).toBe(true);
    expect(verifyNote(cosigned, verifierKeyOf(log)).ok).toBe(true);
    expect(verifyNote(cosigned, verifierKeyOf(witness)).ok).toBe(true);
    expect(verifyNote(note, verifierKeyOf(witness))).toMatchObject({ ok: false, problem: 'not-signed-by-key' });
  });

  it('replaces its own earlier line instead of adding a second', () => {
    const twice = cosignNote(cosignNote(note, witness), witness);
    expect(parseSignedNote(twice).signatures.map((s) => s.keyName)).toEqual(['parley.example/log', 'witness.example']);
  });

  it('keeps lines of keys it does not know', () => {
    const cosigned = cosignNote(`${TEXT}\n${PETER_SIG}`, witness);
    expect(verifyNote(cosigned, PETER_VKEY).ok).toBe(true);
  });

  it('refuses a malformed note', () => {
    expect(() => cosignNote(TEXT, witness)).toThrow(MalformedNoteError);
  });
});

describe('signing and reading a note at its limits', () => {
  const key = generateNoteSigningKey('parley.example/log');

  it('signs only text that ends in a newline and has no control character but the newline', () => {
    expect(() => signNote('no newline', key)).toThrow(MalformedNoteError);
    expect(() => signNote('tab\there\n', key)).toThrow(MalformedNoteError);
    expect(() => signNote('carriage\r\n', key)).toThrow(MalformedNoteError);
    expect(() => signNote('lone \ud800 surrogate\n', key)).toThrow(MalformedNoteError);
  });

  it('keeps blank lines inside the text: the last blank line starts the signatures', () => {
    const text = 'first\n\nsecond\n';
    const note = signNote(text, key);
    expect(parseSignedNote(note).text).toBe(text);
    expect(verifyNote(note, verifierKeyOf(key)).ok).toBe(true);
  });

  it('refuses a note over the size limit before reading it', () => {
    const big = signNote(`${'x'.repeat(MAX_NOTE_BYTES)}\n`, key);
    expect(() => parseSignedNote(big)).toThrow(/over 131072 bytes/);
  });

  it('refuses a signature line with non-canonical base64 or a field too many', () => {
    const line = parseSignedNote(signNote(TEXT, key)).signatures[0]!.line;
    expect(() => parseSignedNote(`${TEXT}\n${line.replace('=', '')}\n`)).toThrow(MalformedNoteError);
    expect(() => parseSignedNote(`${TEXT}\n${line} extra\n`)).toThrow(MalformedNoteError);
    expect(() => parseSignedNote(`${TEXT}\n${line.replace('\u2014', '-')}\n`)).toThrow(MalformedNoteError);
  });
});
