import { hostname } from 'node:os';
import type { CheckpointSigner } from '../app/checkpoints.js';
import type { Proofs } from '../app/parley.js';
import { refuseStoreBehind } from '../app/storeBehindCheck.js';
import type { Config } from '../config.js';
import type { StoredCheckpoint } from '../store/proofStore.js';
import { dataDirOf } from './adminToken.js';
import { ensureSigningKey, keepCheckpoint, readKeptCheckpoint, type SigningKeyFile } from './signingKey.js';

/** How a command signs checkpoints (CONTRACT §8): with serve's key and origin, keeping the newest beside the key as serve does. */
export interface CheckpointSigning {
  readonly file: SigningKeyFile;
  readonly signer: CheckpointSigner;
  /** Keeps each checkpoint signed beside the key. */
  readonly onCheckpoint: (checkpoint: StoredCheckpoint) => void;
  /** The signed note of the newest checkpoint kept beside the key, when there is one. */
  readonly kept: string | undefined;
}

/** The signing key of this configuration (PARLEY_SIGNING_KEY, or the data folder's, made on first use) and the log's origin. */
export function checkpointSigning(config: Config, cwd: string): CheckpointSigning {
  const origin = config.logOrigin ?? `parley/${hostname()}`;
  const file = ensureSigningKey(dataDirOf(config.storeUrl, cwd), config.signingKeyPath, origin);
  return {
    file,
    signer: { key: file.key, origin },
    onCheckpoint: (checkpoint) => keepCheckpoint(file.checkpointPath, checkpoint.note),
    kept: readKeptCheckpoint(file.checkpointPath),
  };
}

/** Refuses a store behind the kept checkpoint before anything is signed on it: a checkpoint of a rolled-back store would replace the one that shows the loss. */
export async function refuseStoreBehindKept(signing: CheckpointSigning, proofs: Proofs): Promise<void> {
  if (signing.kept !== undefined) await refuseStoreBehind(proofs, signing.kept, signing.file.key, signing.file.checkpointPath);
}
