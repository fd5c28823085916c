import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCut } from '../../src/app/cut.js';
import { evidencePack } from '../../src/app/evidencePack.js';
import { createParley, type Parley } from '../../src/app/parley.js';
import { readEvidencePack } from '../../src/app/readEvidencePack.js';
import { verifyEvidence, type EvidenceReport } from '../../src/app/verifyEvidence.js';
import { chainHash } from '../../src/audit/hashChain.js';
import { generateNoteSigningKey, verifierKeyOf } from '../../src/audit/noteKey.js';
import { signCheckpoint } from '../../src/audit/signedCheckpoint.js';
import type { EvidencePack } from '../../src/answers/evidencePack.js';
import { MalformedEvidenceError, NotFoundError } from '../../src/errors.js';
import { meeting, offerAccepted, offerMade, opened, statement } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

const ID = 'eu-openai-talks';
const key = generateNoteSigningKey('parley-test');
const temp = tempSqliteStore();
let clock = Date.parse('2026-06-01T10:00:00.000Z');
let parley: Parley;

/** A mutable copy of a pack, as a tamperer would edit the file. */
type Json = Record<string, any>;
const copy = (pack: EvidencePack): Json => JSON.parse(JSON.stringify(pack)) as Json;
const verify = (pack: unknown, trustedKey?: string): EvidenceReport => verifyEvidence(readEvidencePack(Buffer.from(JSON.stringify(pack))), trustedKey);
const failed = (report: EvidenceReport) => Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.check, c.message]));
const packAt = (asOf?: string, knownAt?: string) => evidencePack(parley, ID, resolveCut(asOf, knownAt, parley.now()));

beforeAll(async () => {
  parley = createParley({ store: temp.store, now: () => clock, signer: { key, origin: 'parley/test' } });
  await parley.append({ negotiationId: ID, inputs: [opened(), meeting(), offerMade('o1')], recordedBy: 'ada' });
  clock += 60_000; // 10:01
  await parley.proofs!.checkpoints.sign(); // 3 events
  clock += 60_000; // 10:02
  await parley.append({ negotiationId: 'other-talks', inputs: [opened()], recordedBy: 'ada' });
  await parley.append({ negotiationId: ID, inputs: [offerAccepted('o1'), statement('Access is on the table.')], recordedBy: 'ada' });
  clock += 60_000; // 10:03
});
afterAll(temp.dispose);

describe('a pack at the present cut, when no checkpoint was signed since', () => {
  it('signs one on the spot that holds every event, and verifies', async () => {
    const before = (await temp.store.proofs!.checkpoints()).length;
    const pack = await packAt();
    expect((await temp.store.proofs!.checkpoints()).length).toBe(before + 1);
    expect(pack.checkpoint.size).toBe(6);
    expect(pack.events.map((e) => e.event.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(pack.streamHead.line).toBe(`${ID} 4 ${pack.events[4]!.event.hash}`);
    const report = verify(pack);
    expect(failed(report)).toEqual({});
    expect(report.checks.map((c) => c.check)).toEqual(['signature', 'chain', 'inclusion', 'stream head', 'state']);
    expect(report.checks[0]!.message).toContain("the pack's own key");
  });

  it('holds the state GET /negotiations/{id} answers at that cut', async () => {
    const cut = resolveCut('2026-06-30', '2026-06-01T10:03:00.000Z', clock);
    const pack = await evidencePack(parley, ID, cut);
    expect(pack.state).toEqual({ ...(await parley.queries.state(ID, cut.cut)), asOf: cut.asOf, knownAt: cut.knownAt });
    expect(pack.state.statements).toBe(1);
  });
});

describe('a pack at a knownAt before the later events', () => {
  it('takes the first checkpoint signed at or after knownAt, and its state leaves later events out', async () => {
    const pack = await packAt('2026-06-30', '2026-06-01T10:00:30.000Z');
    expect(pack.checkpoint).toMatchObject({ size: 3, time: '2026-06-01T10:01:00.000Z' });
    expect(pack.events).toHaveLength(3);
    expect(pack.state.statements).toBe(0);
    expect(pack.state.offers[0]!.status).toBe('open');
    expect(failed(verify(pack))).toEqual({});
  });

  it('holds events in the tree recorded after knownAt, which do not count at the cut', async () => {
    const pack = await packAt('2026-06-30', '2026-06-01T10:01:30.000Z');
    expect(pack.checkpoint.size).toBe(6);
    expect(pack.events).toHaveLength(5);
    expect(pack.state.statements).toBe(0);
    const report = verify(pack);
    expect(failed(report)).toEqual({});
    expect(report.checks.find((c) => c.check === 'state')!.message).toContain('2 recorded after knownAt are in the pack but do not count');
  });
});

describe('a pack at a knownAt later than any checkpoint', () => {
  it('is signed now, before knownAt, and says so when verified', async () => {
    const pack = await packAt(undefined, '2027');
    expect(Date.parse(pack.checkpoint.time)).toBe(clock);
    const report = verify(pack);
    expect(failed(report)).toEqual({});
    expect(report.checks.find((c) => c.check === 'state')!.message).toContain('before knownAt');
  });
});

describe('a pack for a negotiation that is not there', () => {
  it('is a 404 for an unknown negotiation', async () => {
    await expect(evidencePack(parley, 'no-such-talks', resolveCut(undefined, undefined, clock))).rejects.toThrow(NotFoundError);
  });

  it('is the 404 of the state when not yet recorded by knownAt, and signs nothing', async () => {
    const before = (await temp.store.proofs!.checkpoints()).length;
    await expect(packAt(undefined, '2026-05-31')).rejects.toThrow(/not yet recorded by knownAt/);
    expect((await temp.store.proofs!.checkpoints()).length).toBe(before);
  });
});

describe('a tampered pack', () => {
  let good: EvidencePack;
  beforeAll(async () => {
    good = await packAt('2026-06-30', '2026-06-01T10:02:30.000Z');
    expect(failed(verify(good))).toEqual({});
  });

  it('with an event\'s data edited fails the chain, naming the revision', () => {
    const pack = copy(good);
    pack.events[1].event.data.location = 'Brussels';
    expect(failed(verify(pack))).toEqual({ chain: expect.stringMatching(/^edited event: revision 1 /) });
  });

  it('with an event edited and its hash made again fails its inclusion proof', () => {
    const pack = copy(good);
    const edited = pack.events[2].event;
    edited.data.summary = 'a better offer';
    edited.hash = chainHash(pack.events[1].event.hash, edited as never);
    const problems = failed(verify(pack));
    expect(problems.inclusion).toMatch(/revision 2: its proof is for another leaf/);
    expect(problems.chain).toMatch(/^edited event: revision 3 /);
  });

  it('with an event dropped from the middle fails the chain as a missing event', () => {
    const pack = copy(good);
    pack.events.splice(1, 1);
    expect(failed(verify(pack)).chain).toMatch(/^missing event: revision 2 .* follows revision 0/);
  });

  it('with its last event dropped fails the stream head as a missing event', () => {
    const pack = copy(good);
    pack.events.pop();
    expect(failed(verify(pack))).toEqual({ 'stream head': "missing event: the checkpoint's last event of the stream is revision 4, the pack ends at revision 3", state: expect.any(String) });
  });

  it('with a proof for another size fails inclusion, naming both sizes', async () => {
    const pack = copy(good);
    pack.events[0].inclusion = await parley.proofs!.log.inclusion(pack.events[0].event.seq, 3);
    expect(failed(verify(pack))).toEqual({ inclusion: "a proof for another size: revision 0's proof is for a log of 3 events, the checkpoint's holds 6" });
  });

  it('checked with another key fails the signature as the wrong key', () => {
    const other = verifierKeyOf(generateNoteSigningKey('parley-test'));
    expect(failed(verify(good, other))).toEqual({ signature: expect.stringMatching(/^wrong key: .*the key given with --key/) });
    expect(verify(good, verifierKeyOf(key)).checks[0]).toMatchObject({ ok: true, message: expect.stringContaining('the key given with --key') });
  });

  it('with its note\'s signature altered fails as a bad signature', () => {
    const pack = copy(good);
    const note: string = pack.checkpoint.note;
    const [text, line] = [note.slice(0, note.lastIndexOf('\n\n') + 2), note.slice(note.lastIndexOf('\n\n') + 2, -1)];
    const [dash, name, encoded] = line.split(' ');
    const bytes = Buffer.from(encoded!, 'base64');
    bytes.writeUInt8(bytes.at(-1)! ^ 0x01, bytes.length - 1);
    pack.checkpoint.note = `${text}${dash} ${name} ${bytes.toString('base64')}\n`;
    expect(failed(verify(pack))).toEqual({ signature: expect.stringMatching(/^bad signature: /) });
  });

  it('re-signed by another key verifies only with its own key: --key catches it', () => {
    const forger = generateNoteSigningKey('parley-test');
    const pack = copy(good);
    pack.checkpoint.note = signCheckpoint({ origin: 'parley/test', size: good.checkpoint.size, root: good.checkpoint.root, time: good.checkpoint.time, streamsRoot: good.checkpoint.streamsRoot }, forger);
    pack.vkey = verifierKeyOf(forger);
    expect(failed(verify(pack))).toEqual({});
    expect(failed(verify(pack, verifierKeyOf(key))).signature).toMatch(/^wrong key/);
  });

  it('with a checkpoint field changed beside its signed note fails the signature', () => {
    const pack = copy(good);
    pack.checkpoint.root = '0'.repeat(64);
    const problems = failed(verify(pack));
    expect(problems.signature).toBe("the checkpoint's root differ from what its signed note says");
    expect(problems.inclusion).toMatch(/does not lead to the checkpoint's root/);
  });

  it('with its state altered fails the state, naming the field', () => {
    const pack = copy(good);
    pack.state.statements = 7;
    expect(failed(verify(pack))).toEqual({ state: 'a state that does not follow: replaying the events at the cut gives another statements' });
  });

  it('with data nested deeper than any event fails its checks, and the check itself does not throw', () => {
    const pack = copy(good);
    pack.events[1].event.data.location = 'DEEP';
    pack.state.nested = 'DEEP';
    // Written as text: JSON.stringify itself cannot write a value this deep.
    const text = JSON.stringify(pack).replaceAll('"DEEP"', `${'['.repeat(5_000)}"bottom"${']'.repeat(5_000)}`);
    const problems = failed(verifyEvidence(readEvidencePack(Buffer.from(text))));
    expect(problems.chain).toMatch(/^an event cannot be hashed: /);
    expect(problems.state).toMatch(/a state that does not follow|cannot be replayed/);
  });

  it('with a key added to its state fails the state too', () => {
    const pack = copy(good);
    pack.state.verdict = 'agreed';
    expect(failed(verify(pack)).state).toMatch(/verdict/);
  });
});

describe('a file that is no pack', () => {
  const read = (text: string) => () => readEvidencePack(Buffer.from(text));
  it('is refused in one line when cut short, not JSON, of another format or missing a field', async () => {
    const whole = JSON.stringify(await packAt());
    expect(read(whole.slice(0, whole.length / 2))).toThrow(/^not JSON \(.*\): a pack cut short/);
    expect(read('hello')).toThrow(MalformedEvidenceError);
    expect(read('[1, 2]')).toThrow('not an evidence pack: a JSON object is expected');
    expect(read('{"format": "parley-evidence/2"}')).toThrow('unknown format "parley-evidence/2": this Parley reads "parley-evidence/1"');
    expect(read('{"negotiationId": "x"}')).toThrow(/has no "format"/);
    const { streamHead: _streamHead, ...rest } = JSON.parse(whole) as Json;
    expect(read(JSON.stringify(rest))).toThrow(/^not a whole parley-evidence\/1 pack: streamHead: /);
    expect(read(JSON.stringify({ ...rest, streamHead: {}, asOf: '2026-04/..' }))).toThrow(/and \d+ more/);
  });

  it('is refused when its cut has no end', async () => {
    const pack = copy(await packAt());
    pack.asOf = '2026-04/..';
    pack.state.asOf = '2026-04/..';
    expect(() => readEvidencePack(Buffer.from(JSON.stringify(pack)))).toThrow(/the pack's asOf "2026-04\/\.\." is not a cut/);
  });
});
