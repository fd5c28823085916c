import { z } from 'zod';

export const Hex = z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'a SHA-256 hash, 64 lowercase hex digits' });
export const Size = z.int().min(0);

/** GET /proofs/key (CONTRACT §8): what a verifier needs. */
export const VerifierKey = z
  .object({
    keyName: z.string().meta({ description: 'the name in the signature lines' }),
    vkey: z.string().meta({ description: 'the C2SP verifier key: `<keyName>+<hex keyId>+<base64(0x01 ‖ Ed25519 public key)>`' }),
  })
  .meta({ id: 'VerifierKey' });

/** A signed checkpoint of the Merkle log. */
export const CheckpointAnswer = z
  .object({
    size: Size.meta({ description: 'how many events the log held' }),
    root: Hex.meta({ description: 'the log\'s RFC 9162 root at that size' }),
    streamsRoot: Hex.meta({ description: 'the streams tree\'s root: one leaf per stream, `<negotiationId> <lastRevision> <lastHash>`' }),
    time: z.string().meta({ description: 'when it was signed; every event in it was recorded at or before' }),
    note: z.string().meta({ description: 'the whole C2SP signed note, signature lines included' }),
  })
  .meta({ id: 'Checkpoint' });

export const InclusionAnswer = z
  .object({
    seq: Size,
    size: Size,
    leaf: Hex.meta({ description: 'the leaf hash: SHA-256(0x00 ‖ the event\'s hash as 64 hex characters)' }),
    path: z.array(Hex).meta({ description: 'the audit path of RFC 9162 §2.1.3, from the leaf up' }),
  })
  .meta({ id: 'InclusionProof' });

export const ConsistencyAnswer = z
  .object({
    from: Size,
    to: Size,
    path: z.array(Hex).meta({ description: 'the consistency proof of RFC 9162 §2.1.4' }),
  })
  .meta({ id: 'ConsistencyProof' });
