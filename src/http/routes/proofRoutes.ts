import type { Proofs } from '../../app/parley.js';
import { cutPoint, resolveCut } from '../../app/cut.js';
import { evidencePack } from '../../app/evidencePack.js';
import { SigningUnavailableError } from '../../errors.js';
import type { CheckpointQuery, ConsistencyQuery, EvidenceQuery, InclusionQuery, NegotiationPath } from '../params.js';
import { answer, type Call } from '../route.js';

/** The routes of CONTRACT §8 on a store that keeps a Merkle log; elsewhere 501. */
function proofsOf(proofs: Proofs | undefined): Proofs {
  if (!proofs) throw new SigningUnavailableError('this store keeps no Merkle log: proofs and checkpoints are not available on it');
  return proofs;
}

/** GET /proofs/key: the verifier key of this server's checkpoints. */
export function verifierKey({ services: { parley } }: Call<object>) {
  return answer(200, proofsOf(parley.proofs).checkpoints.key());
}

/** GET /proofs/checkpoint[?at=T]: the newest checkpoint signed at or before T. */
export async function checkpoint({ input, services: { parley } }: Call<{ query: typeof CheckpointQuery }>) {
  const { at } = input.query;
  return answer(200, await proofsOf(parley.proofs).checkpoints.newestOr404(at === undefined ? undefined : cutPoint('at', at)));
}

/** POST /proofs/checkpoint (admin): signs one now. */
export async function signCheckpoint({ services: { parley } }: Call<object>) {
  return answer(201, await proofsOf(parley.proofs).checkpoints.sign());
}

/** GET /proofs/inclusion?seq&size. */
export async function inclusion({ input, services: { parley } }: Call<{ query: typeof InclusionQuery }>) {
  const { seq, size } = input.query;
  return answer(200, await proofsOf(parley.proofs).log.inclusion(seq, size));
}

/** GET /proofs/consistency?from&to. */
export async function consistency({ input, services: { parley } }: Call<{ query: typeof ConsistencyQuery }>) {
  const { from, to } = input.query;
  return answer(200, await proofsOf(parley.proofs).log.consistency(from, to));
}

/** GET /negotiations/{id}/evidence?asOf&knownAt: the negotiation's evidence pack at the cut. */
export async function evidence({ input, services: { parley } }: Call<{ path: typeof NegotiationPath; query: typeof EvidenceQuery }>) {
  const cut = resolveCut(input.query.asOf, input.query.knownAt, parley.now());
  return answer(200, await evidencePack(parley, input.path.id, cut));
}
