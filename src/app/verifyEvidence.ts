import { StreamVerifier, type ChainBreak } from '../audit/hashChain.js';
import { leafHash } from '../audit/merkleHash.js';
import { parseVerifierKey, type NotePublicKey } from '../audit/noteKey.js';
import { verifyInclusion } from '../audit/proofVerification.js';
import { verifyCheckpoint } from '../audit/signedCheckpoint.js';
import { parseStreamHeadLine, verifyStreamHead } from '../audit/streamsTree.js';
import { canonicalJson } from '../events/canonicalJson.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { NotFoundError } from '../errors.js';
import { cutPoint } from './cut.js';
import type { ParsedEvidencePack, ReadEvidence } from './readEvidencePack.js';
import { stateOfEvents } from './stateAtCut.js';

/** The checks of `parley verify-evidence`, in the order they are reported. */
export type EvidenceCheckName = 'signature' | 'chain' | 'inclusion' | 'stream head' | 'state';

export interface EvidenceCheck {
  readonly check: EvidenceCheckName;
  readonly ok: boolean;
  /** What was found: for a failure, what failed and where, in words a person acts on. */
  readonly message: string;
}

export interface EvidenceReport {
  readonly ok: boolean;
  readonly checks: readonly EvidenceCheck[];
}

type Pack = ParsedEvidencePack;
type PackEvent = Pack['events'][number]['event'];

/**
 * Checks an evidence pack with nothing but the pack (CONTRACT §8): the checkpoint's signature
 * by `trustedKey` (else by the pack's own key, which shows that the pack is whole, not who
 * made it), every event's chain hash from revision 0, every inclusion proof against the
 * checkpoint's root, the stream's head line against its streams root (so no event after the
 * pack's last is missing), and that replaying the events at the cut gives the pack's state.
 * Every check runs, whatever the others found.
 */
export function verifyEvidence(read: ReadEvidence, trustedKey?: string): EvidenceReport {
  const { pack } = read;
  const checks = [checkSignature(pack, trustedKey), checkChain(pack), checkInclusion(pack), checkStreamHead(pack), checkState(read)];
  return { ok: checks.every((c) => c.ok), checks };
}

function pass(check: EvidenceCheckName, message: string): EvidenceCheck {
  return { check, ok: true, message };
}

function fail(check: EvidenceCheckName, message: string): EvidenceCheck {
  return { check, ok: false, message };
}

function checkSignature(pack: Pack, trustedKey: string | undefined): EvidenceCheck {
  const whose = trustedKey === undefined ? "the pack's own key (proof that the pack is whole, not of who signed it: pass --key to check against a key you trust)" : 'the key given with --key';
  let key: NotePublicKey;
  try {
    key = parseVerifierKey(trustedKey ?? pack.vkey);
  } catch (error) {
    return fail('signature', `${trustedKey === undefined ? "the pack's verifier key" : 'the key given'} is not a verifier key: ${(error as Error).message}`);
  }
  const name = `${key.keyName}+${key.keyId.toString('hex')}`;
  const verdict = verifyCheckpoint(pack.checkpoint.note, key);
  if (!verdict.ok) {
    const why = {
      'not-signed-by-key': `wrong key: the checkpoint carries no signature by ${name}, ${whose}`,
      'bad-signature': `bad signature: the checkpoint's signature by ${name} does not verify (its note was altered), checked with ${whose}`,
      malformed: `the checkpoint's signed note is malformed: ${verdict.message}`,
    }[verdict.problem];
    return fail('signature', why);
  }
  const signed = verdict.checkpoint;
  const differing = (['size', 'root', 'streamsRoot', 'time'] as const).filter((field) => signed[field] !== pack.checkpoint[field]);
  if (differing.length > 0) return fail('signature', `the checkpoint's ${differing.join(', ')} differ from what its signed note says`);
  return pass('signature', `checkpoint of ${signed.size} events signed ${signed.time} by ${name} (${signed.origin}), verified with ${whose}`);
}

function checkChain(pack: Pack): EvidenceCheck {
  const events = pack.events.map((e) => e.event);
  if (events.length === 0) return fail('chain', 'missing event: the pack holds no events');
  const foreign = events.find((event) => event.negotiationId !== pack.negotiationId);
  if (foreign) return fail('chain', `revision ${foreign.revision} (event ${foreign.id}) is of negotiation ${foreign.negotiationId}, not ${pack.negotiationId}`);
  const verifier = new StreamVerifier(pack.negotiationId);
  try {
    for (const event of events) verifier.check(event);
  } catch (error) {
    // Data nested too deep to canonicalize: no event Parley records.
    return fail('chain', `an event cannot be hashed: ${(error as Error).message}`);
  }
  const [first, ...rest] = verifier.breaks;
  if (first) return fail('chain', `${describeBreak(first, events)}${rest.length > 0 ? ` (and ${rest.length} more break${rest.length === 1 ? '' : 's'})` : ''}`);
  return pass('chain', `revisions 0–${events.at(-1)!.revision} chain from the genesis hash, every hash recomputed`);
}

function describeBreak(found: ChainBreak, events: readonly PackEvent[]): string {
  const at = `revision ${found.revision} (event ${found.eventId})`;
  if (found.problem === 'hash-mismatch') return `edited event: ${at} does not hash to the hash it carries`;
  if (found.problem === 'missing-revision-0') return `missing event: the pack starts at ${at}, not at revision 0`;
  const index = events.findIndex((event) => event.id === found.eventId);
  const before = index > 0 ? events[index - 1]!.revision : undefined;
  return `missing event: ${at} follows ${before === undefined ? 'a gap' : `revision ${before}`}`;
}

function checkInclusion(pack: Pack): EvidenceCheck {
  const { size, root, time } = pack.checkpoint;
  const signedAt = Date.parse(time);
  const seen = new Set<number>();
  const problems: string[] = [];
  for (const { event, inclusion } of pack.events) {
    const at = `revision ${event.revision}`;
    const leaf = leafHash(Buffer.from(event.hash, 'utf8'));
    if (seen.has(event.seq)) problems.push(`${at}: leaf ${event.seq} is claimed by two events`);
    else if (inclusion.seq !== event.seq) problems.push(`${at}: its proof is for leaf ${inclusion.seq}, not for its own leaf ${event.seq}`);
    else if (inclusion.size !== size) problems.push(`a proof for another size: ${at}'s proof is for a log of ${inclusion.size} events, the checkpoint's holds ${size}`);
    else if (inclusion.leaf !== leaf.toString('hex')) problems.push(`${at}: its proof is for another leaf than its hash's`);
    else if (Date.parse(event.recordedAt) > signedAt) problems.push(`${at} was recorded at ${event.recordedAt}, after the checkpoint (${time}) that holds it`);
    else {
      const verdict = verifyInclusion({ index: event.seq, size, leafHash: leaf, path: inclusion.path, root });
      if (!verdict.ok) problems.push(`${at}: its proof does not lead to the checkpoint's root (${verdict.message})`);
    }
    seen.add(event.seq);
  }
  if (problems.length > 0) return fail('inclusion', `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  return pass('inclusion', `all ${pack.events.length} events are in the checkpoint's log of ${size} events`);
}

function checkStreamHead(pack: Pack): EvidenceCheck {
  const { streamHead } = pack;
  const head = parseStreamHeadLine(streamHead.line);
  if (!head) return fail('stream head', `the head line ${JSON.stringify(streamHead.line.slice(0, 120))} is not "<negotiationId> <lastRevision> <lastHash>"`);
  if (head.negotiationId !== pack.negotiationId) return fail('stream head', `the head line is of negotiation ${head.negotiationId}, not ${pack.negotiationId}`);
  const verdict = verifyStreamHead(streamHead, pack.checkpoint.streamsRoot);
  if (!verdict.ok) return fail('stream head', `the head line is not in the checkpoint's streams tree (${verdict.message})`);
  const last = pack.events.at(-1)?.event;
  if (!last || last.revision < head.revision) {
    return fail('stream head', `missing event: the checkpoint's last event of the stream is revision ${head.revision}, the pack ${last ? `ends at revision ${last.revision}` : 'holds none'}`);
  }
  if (last.revision !== head.revision || last.hash !== head.hash) {
    return fail('stream head', `the pack's last event (revision ${last.revision}) is not the stream's last in the checkpoint (revision ${head.revision}, hash ${head.hash})`);
  }
  return pass('stream head', `revision ${head.revision} is the stream's last event in the checkpoint, and the pack ends there: no event is missing`);
}

function checkState(read: ReadEvidence): EvidenceCheck {
  const { pack } = read;
  const cut = { asOf: cutPoint('asOf', pack.asOf), knownAt: cutPoint('knownAt', pack.knownAt) };
  const events = pack.events.map((e): RecordedEvent => e.event);
  let expected: Record<string, unknown>;
  try {
    // As the HTTP answer is written: undefined members left out.
    expected = JSON.parse(JSON.stringify({ ...stateOfEvents(pack.negotiationId, events, cut), asOf: pack.asOf, knownAt: pack.knownAt })) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof NotFoundError) return fail('state', `a state that does not follow: replayed at the cut, the events show no negotiation (${error.message})`);
    return fail('state', `the events cannot be replayed: ${(error as Error).message}`);
  }
  const written = read.writtenState as Record<string, unknown>;
  const same = (a: unknown, b: unknown) => canonicalOrUndefined(a) === canonicalOrUndefined(b);
  if (!same(expected, written)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(written)])];
    const differing = keys.filter((key) => !same(expected[key] ?? null, written[key] ?? null));
    return fail('state', `a state that does not follow: replaying the events at the cut gives another ${differing.join(', ') || 'state'}`);
  }
  const late = events.filter((event) => Date.parse(event.recordedAt) > cut.knownAt).length;
  const lateText = late > 0 ? `; ${late} recorded after knownAt ${late === 1 ? 'is' : 'are'} in the pack but ${late === 1 ? 'does' : 'do'} not count` : '';
  const early = Date.parse(pack.checkpoint.time) < cut.knownAt ? `; the checkpoint was signed at ${pack.checkpoint.time}, before knownAt: it shows what was recorded by then` : '';
  return pass('state', `replaying the ${events.length} events at asOf ${pack.asOf}, knownAt ${pack.knownAt} gives the pack's state${lateText}${early}`);
}

/** Canonical JSON, or undefined for a value nested too deep to write (no state Parley answers is), so that it compares unequal to any state. */
function canonicalOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
}
