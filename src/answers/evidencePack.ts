import { z } from 'zod';
import { NegotiationId } from '../events/primitives.js';
import { RecordedEvent } from '../events/recordedEvent.js';
import type { Answer } from './answer.js';
import { cutFields } from './cut.js';
import { NegotiationState } from './negotiationState.js';
import { CheckpointAnswer, Hex, InclusionAnswer, Size } from './proofs.js';

/** The one format this Parley writes and reads (CONTRACT §8). */
export const EVIDENCE_FORMAT = 'parley-evidence/1';

/** An event of the pack: exactly as stored (its hash covers that form), with its leaf's proof in the checkpoint's tree. */
export const EvidenceEvent = z
  .object({
    event: RecordedEvent.extend({ seq: Size.meta({ description: "the event's leaf index in the Merkle log" }) }),
    inclusion: InclusionAnswer,
  })
  .meta({ id: 'EvidenceEvent', description: 'an event as stored, and the proof that its leaf `seq` is in the tree of the checkpoint\'s size' });

/** The stream's line in the checkpoint's streams tree, and the path from it to the streams root. */
export const StreamHeadProof = z
  .object({
    line: z.string().meta({ description: 'the leaf, `<negotiationId> <lastRevision> <lastHash>`: the stream\'s last event in the checkpoint\'s tree' }),
    index: Size.meta({ description: 'the line\'s place among the streams, in bytewise order of negotiation id' }),
    size: Size.meta({ description: 'how many streams the tree holds' }),
    path: z.array(Hex).meta({ description: 'the audit path of RFC 9162 §2.1.3, from the line up to the streams root' }),
  })
  .meta({ id: 'StreamHeadProof' });

/**
 * CONTRACT §8 an evidence pack: what anyone needs to check, offline, one negotiation's state
 * at a cut against a signed checkpoint. The checkpoint is the first signed at or after
 * knownAt, so every event recorded by knownAt is in its tree; the pack holds every event of
 * the stream in that tree (those recorded after knownAt too: they do not count at the cut).
 */
export const EvidencePack = z
  .object({
    format: z.literal(EVIDENCE_FORMAT),
    negotiationId: NegotiationId,
    ...cutFields,
    checkpoint: CheckpointAnswer,
    vkey: z.string().meta({ description: 'the verifier key of the checkpoint\'s signer, `<keyName>+<hex keyId>+<base64 key>`; a verifier should rather trust one it got elsewhere' }),
    events: z.array(EvidenceEvent).meta({ description: 'every event of the stream in the checkpoint\'s tree, in revision order from 0' }),
    streamHead: StreamHeadProof,
    // Replayed from `events` at the cut: the answer of GET /negotiations/{id} at that cut.
    state: NegotiationState,
  })
  .meta({ id: 'EvidencePack' });
export type EvidencePack = Answer<typeof EvidencePack>;
