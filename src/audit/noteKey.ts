import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { InvalidNoteKeyError } from '../errors.js';
import { strictBase64 } from './strictBase64.js';

/**
 * Ed25519 keys of C2SP signed notes (CONTRACT §8): a key is known by its name and a 4-byte
 * id, and published as the verifier key `<keyName>+<hex keyId>+<base64(0x01 ‖ public key)>`.
 */

/** The signature type byte of Ed25519 in C2SP signed-note. */
const ED25519 = 0x01;
const PUBLIC_KEY_SIZE = 32;

/** What a verifier knows of a key. */
export interface NotePublicKey {
  readonly keyName: string;
  readonly keyId: Buffer;
  /** The 32 bytes of RFC 8032. */
  readonly publicKey: Buffer;
}

export interface NoteSigningKey extends NotePublicKey {
  readonly privateKey: KeyObject;
}

/** Non-empty, no Unicode space, no `+` (C2SP signed-note), and well-formed Unicode. */
export function isValidKeyName(keyName: string): boolean {
  return keyName !== '' && !/[\p{White_Space}+]|\p{Cs}/u.test(keyName);
}

/** The first 4 bytes of SHA-256(keyName ‖ 0x0A ‖ 0x01 ‖ public key). */
export function noteKeyId(keyName: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(keyName, 'utf8').update(Buffer.of(0x0a, ED25519)).update(publicKey).digest().subarray(0, 4);
}

export function generateNoteSigningKey(keyName: string): NoteSigningKey {
  return signingKey(keyName, generateKeyPairSync('ed25519').privateKey);
}

/** A key kept as a PKCS#8 PEM file. */
export function noteSigningKeyFromPem(keyName: string, pem: string): NoteSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new InvalidNoteKeyError(`the signing key is not a PEM private key: ${(error as Error).message}`);
  }
  return signingKey(keyName, privateKey);
}

export function noteSigningKeyPem(key: NoteSigningKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The verifier key to publish. */
export function verifierKeyOf(key: NotePublicKey): string {
  return `${key.keyName}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.of(ED25519), key.publicKey]).toString('base64')}`;
}

/** A published verifier key, strictly: an Ed25519 key whose id is the one its name and bytes give. */
export function parseVerifierKey(vkey: string): NotePublicKey {
  const [keyName = '', idHex = '', ...rest] = vkey.split('+');
  // The base64 part may itself hold `+`.
  const encoded = strictBase64(rest.join('+'));
  if (!isValidKeyName(keyName) || !/^[0-9a-f]{8}$/.test(idHex) || !encoded || rest.length === 0) throw new InvalidNoteKeyError(`not a verifier key <name>+<hex key id>+<base64 key>: ${vkey}`);
  if (encoded.length !== 1 + PUBLIC_KEY_SIZE || encoded[0] !== ED25519) throw new InvalidNoteKeyError(`verifier key ${keyName}+${idHex} is not an Ed25519 key`);
  const publicKey = encoded.subarray(1);
  const keyId = noteKeyId(keyName, publicKey);
  if (keyId.toString('hex') !== idHex) throw new InvalidNoteKeyError(`verifier key ${keyName}+${idHex}: the key id does not match the name and key (it would be ${keyId.toString('hex')})`);
  return { keyName, keyId, publicKey };
}

/** The node:crypto form of a public key, to verify with. */
export function publicKeyObject(key: NotePublicKey): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') }, format: 'jwk' });
}

function signingKey(keyName: string, privateKey: KeyObject): NoteSigningKey {
  if (!isValidKeyName(keyName)) throw new InvalidNoteKeyError(`a key name must be non-empty, without spaces or '+': ${JSON.stringify(keyName)}`);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new InvalidNoteKeyError(`the signing key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(x ?? '', 'base64url');
  return { keyName, keyId: noteKeyId(keyName, publicKey), publicKey, privateKey };
}
