import { StreamsTree } from '../audit/streamsTree.js';
import { EVIDENCE_FORMAT, type EvidencePack } from '../answers/evidencePack.js';
import { DamagedLogError, NotFoundError, SigningUnavailableError } from '../errors.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import type { StoredCheckpoint } from '../store/proofStore.js';
import type { ResolvedCut } from './cut.js';
import type { InclusionAnswer } from './merkleLog.js';
import type { Parley } from './parley.js';
import { stateOfEvents } from './stateAtCut.js';

/** Inclusion proofs asked for at a time: each is a few reads, and a long stream should not flood a pool. */
const PROOFS_AT_A_TIME = 64;

/**
 * CONTRACT §8 GET /negotiations/{id}/evidence: the negotiation's evidence pack at the cut.
 * The checkpoint is the first signed at or after knownAt whose tree holds every event of the
 * stream recorded by knownAt (a checkpoint signed just after knownAt may have missed an append
 * still committing then); one is signed now when none is yet. The state is replayed from the
 * pack's own events, as a verifier will replay them.
 */
export async function evidencePack(parley: Parley, negotiationId: string, cut: ResolvedCut): Promise<EvidencePack> {
  const { store, proofs } = parley;
  if (!proofs || !store.proofs) throw new SigningUnavailableError('this store keeps no Merkle log: evidence packs are not available on it');
  const knownAt = cut.cut.knownAt;
  // Read before the stream: every event in these checkpoints' trees is then in the stream as read.
  const signed = await store.proofs.checkpoints();
  let events = await store.readStream(negotiationId);
  if (events.length === 0) throw new NotFoundError(`negotiation ${negotiationId} does not exist`);
  // The 404 of GET /negotiations/{id} at this cut, before anything is signed for it.
  stateOfEvents(negotiationId, events, cut.cut);
  let checkpoint = signed.find((c) => Date.parse(c.time) >= knownAt && holdsKnown(c, events, knownAt));
  if (!checkpoint) {
    checkpoint = await proofs.checkpoints.sign();
    events = [...events, ...(await store.readStream(negotiationId, events.length))];
  }
  const { size } = checkpoint;
  const inTree = events.filter((event) => event.seq !== undefined && event.seq < size);
  const inclusions: InclusionAnswer[] = [];
  for (let i = 0; i < inTree.length; i += PROOFS_AT_A_TIME) {
    inclusions.push(...(await Promise.all(inTree.slice(i, i + PROOFS_AT_A_TIME).map((event) => proofs.log.inclusion(event.seq!, size)))));
  }
  const head = StreamsTree.of(await store.proofs.streamHeadsAt(size)).proofOf(negotiationId);
  if (!head) throw new DamagedLogError(`negotiation ${negotiationId} has events in the Merkle log of ${size} leaves but no line in its streams tree`);
  const state = stateOfEvents(negotiationId, inTree, cut.cut);
  return {
    format: EVIDENCE_FORMAT,
    negotiationId,
    asOf: cut.asOf,
    knownAt: cut.knownAt,
    checkpoint: { size, root: checkpoint.root, streamsRoot: checkpoint.streamsRoot, time: checkpoint.time, note: checkpoint.note },
    vkey: proofs.checkpoints.key().vkey,
    events: inTree.map((event, i) => ({ event: event as RecordedEvent & { seq: number }, inclusion: inclusions[i]! })),
    streamHead: { line: head.line, index: head.index, size: head.size, path: head.path.map((hash) => hash.toString('hex')) },
    state: { ...state, asOf: cut.asOf, knownAt: cut.knownAt },
  };
}

/** Whether the checkpoint's tree holds every event of the stream recorded by knownAt. */
function holdsKnown(checkpoint: StoredCheckpoint, events: readonly RecordedEvent[], knownAt: number): boolean {
  return events.every((event) => Date.parse(event.recordedAt) > knownAt || (event.seq !== undefined && event.seq < checkpoint.size));
}
