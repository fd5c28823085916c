import { HASH_SIZE } from './merkleHash.js';

/** A SHA-256 hash as a caller holds it: 32 bytes, or 64 hex digits as the HTTP answers of CONTRACT §8 write it. */
export type HashInput = Uint8Array | string;

const HEX_HASH = /^[0-9a-fA-F]{64}$/;

/** The hash's 32 bytes, or undefined when it is not a hash. */
export function hashBytes(input: HashInput): Buffer | undefined {
  if (typeof input === 'string') return HEX_HASH.test(input) ? Buffer.from(input, 'hex') : undefined;
  return input.length === HASH_SIZE ? Buffer.from(input) : undefined;
}
