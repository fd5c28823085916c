import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash } from '../../src/audit/merkleHash.js';
import { generateNoteSigningKey, verifierKeyOf } from '../../src/audit/noteKey.js';
import { verifyConsistency, verifyInclusion } from '../../src/audit/proofVerification.js';
import { verifyCheckpoint } from '../../src/audit/signedCheckpoint.js';
import { StreamsTree } from '../../src/audit/streamsTree.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { readAllFrom } from '../../src/store/eventStore.js';
import { fingerprint, problemOf, startTestServer, type TestServer } from './harness.js';

const key = generateNoteSigningKey('parley/test');
let server: TestServer;
let unsigned: TestServer;

beforeAll(async () => {
  [server, unsigned] = await Promise.all([startTestServer({ seed: true, signer: { key, origin: 'parley/test' } }), startTestServer({ seed: true })]);
});
afterAll(async () => {
  await Promise.all([server.stop(), unsigned.stop()]);
});

const body = async <T>(response: Response): Promise<T> => (await response.json()) as T;
const events = async (): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for await (const event of readAllFrom(server.store)) all.push(event);
  return all;
};
interface Checkpoint { size: number; root: string; streamsRoot: string; time: string; note: string }

describe('a server with a signing key, before any checkpoint', () => {
  it('publishes its verifier key without a token', async () => {
    const response = await server.request('/proofs/key');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keyName: 'parley/test', vkey: verifierKeyOf(key) });
  });

  it('answers 404 for the newest checkpoint, saying none was signed', async () => {
    const response = await server.request('/proofs/checkpoint');
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toMatch(/no checkpoint has been signed yet/);
  });
});

describe('a checkpoint signed by an admin', () => {
  let signed: Checkpoint;
  beforeAll(async () => {
    const response = await server.request('/proofs/checkpoint', { method: 'POST', as: 'admin' });
    expect(response.status).toBe(201);
    signed = await body<Checkpoint>(response);
  });

  it('is a signed note of the whole log that the published key verifies, in the format of CONTRACT §8', async () => {
    const all = await events();
    expect(signed.size).toBe(all.length);
    const verdict = verifyCheckpoint(signed.note, verifierKeyOf(key));
    expect(verdict.ok).toBe(true);
    const lines = signed.note.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'parley/test',
      String(all.length),
      Buffer.from(signed.root, 'hex').toString('base64'),
      `time ${signed.time}`,
      `streams ${Buffer.from(signed.streamsRoot, 'hex').toString('base64')}`,
    ]);
    expect(lines[5]).toBe('');
    expect(lines[6]).toMatch(/^— parley\/test [A-Za-z0-9+/]+=*$/);
  });

  it('has the streams root of every stream\'s last event, sorted by negotiation id', async () => {
    const heads = new Map<string, RecordedEvent>();
    for (const event of await events()) heads.set(event.negotiationId, event);
    const tree = StreamsTree.of([...heads.values()].map((e) => ({ negotiationId: e.negotiationId, revision: e.revision, hash: e.hash })));
    expect(signed.streamsRoot).toBe(tree.root().toString('hex'));
  });

  it('is the newest one, and the one at or before an instant after it, but not before it', async () => {
    expect(await body(await server.request('/proofs/checkpoint'))).toEqual(signed);
    expect(await body(await server.request(`/proofs/checkpoint?at=${encodeURIComponent(new Date(Date.parse(signed.time) + 1).toISOString())}`))).toEqual(signed);
    expect((await server.request(`/proofs/checkpoint?at=${encodeURIComponent(new Date(Date.parse(signed.time) - 1).toISOString())}`)).status).toBe(404);
  });

  it('proves every event\'s inclusion against its root', async () => {
    const all = await events();
    for (const event of all) {
      const response = await server.request(`/proofs/inclusion?seq=${event.seq}&size=${signed.size}`, { as: 'reader' });
      const proof = await body<{ seq: number; size: number; leaf: string; path: string[] }>(response);
      expect(proof.leaf).toBe(leafHash(Buffer.from(event.hash, 'utf8')).toString('hex'));
      expect(verifyInclusion({ index: proof.seq, size: proof.size, leafHash: proof.leaf, path: proof.path, root: signed.root }).ok).toBe(true);
    }
  });

  it('is extended by a later checkpoint, as a consistency proof shows', async () => {
    const [first] = await events();
    const appended = await server.post(`/negotiations/${first!.negotiationId}/events`, { type: 'StatusChanged', occurredAt: '2026-06-01', data: { status: 'stalled' } }, 'recorder');
    expect(appended.status).toBe(201);
    const later = await body<Checkpoint>(await server.request('/proofs/checkpoint', { method: 'POST', as: 'admin' }));
    expect(later.size).toBe(signed.size + 1);
    const proof = await body<{ path: string[] }>(await server.request(`/proofs/consistency?from=${signed.size}&to=${later.size}`, { as: 'reader' }));
    expect(verifyConsistency({ from: signed.size, to: later.size, fromRoot: signed.root, toRoot: later.root, path: proof.path }).ok).toBe(true);
    expect(verifyConsistency({ from: signed.size, to: later.size, fromRoot: later.root, toRoot: later.root, path: proof.path }).ok).toBe(false);
  });

  it('has, once streams moved on and a new one opened, the streams root of every stream\'s last event again', async () => {
    const [first] = await events();
    const moved = await server.post(`/negotiations/${first!.negotiationId}/events`, { type: 'StatusChanged', occurredAt: '2026-06-02', data: { status: 'progressing' } }, 'recorder');
    expect(moved.status).toBe(201);
    const afterMove = await body<Checkpoint>(await server.request('/proofs/checkpoint', { method: 'POST', as: 'admin' }));
    const opened = await server.post('/negotiations/a-later-stream/events', { type: 'NegotiationOpened', occurredAt: '2026-06-03', data: { title: 'Later talks', parties: [{ org: 'EU AI Office', role: 'regulator' }] } }, 'recorder');
    expect(opened.status).toBe(201);
    const afterOpen = await body<Checkpoint>(await server.request('/proofs/checkpoint', { method: 'POST', as: 'admin' }));
    for (const checkpoint of [afterMove, afterOpen]) {
      const heads = new Map<string, RecordedEvent>();
      for (const event of (await events()).filter((e) => e.seq! < checkpoint.size)) heads.set(event.negotiationId, event);
      const tree = StreamsTree.of([...heads.values()].map((e) => ({ negotiationId: e.negotiationId, revision: e.revision, hash: e.hash })));
      expect(checkpoint.streamsRoot).toBe(tree.root().toString('hex'));
    }
  });
});

describe('proof requests that are malformed, hostile or beyond the log', () => {
  it.each([
    ['/proofs/inclusion?seq=-1&size=3', 'seq'],
    ['/proofs/inclusion?seq=1.5&size=3', 'seq'],
    ['/proofs/inclusion?seq=abc&size=3', 'seq'],
    ['/proofs/inclusion?seq=0&size=0', 'size'],
    ['/proofs/inclusion?seq=0', 'size'],
    ['/proofs/inclusion?seq=99999999999999999999&size=3', 'seq'],
    ['/proofs/inclusion?seq=0&size=<5,000 digits>'.replace('<5,000 digits>', '9'.repeat(5_000)), 'size'],
    ['/proofs/consistency?from=5&to=3', 'from'],
    ['/proofs/consistency?from=0&to=3', 'from'],
    ['/proofs/consistency?from=x&to=3', 'from'],
    ['/proofs/checkpoint?at=2026-02-30', 'at'],
    ['/proofs/checkpoint?at=2026-01/..', 'at'],
  ])('answers 400 to %.80s, naming %s, and the store is unchanged', async (path, field) => {
    const before = await fingerprint(server.store);
    const response = await server.request(path, { as: 'reader' });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(JSON.stringify(problem)).toContain(field);
    expect(await fingerprint(server.store)).toEqual(before);
  });

  it.each(['/proofs/inclusion?seq=0&size=100000', '/proofs/inclusion?seq=500&size=400', '/proofs/consistency?from=2&to=100000'])(
    'answers 400 to %s: beyond the log or the tree',
    async (path) => {
      const response = await server.request(path, { as: 'reader' });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).title).toBe('Proof out of range');
    },
  );
});

describe('who may ask for proofs', () => {
  it('needs a token for proofs, and the admin role to sign', async () => {
    expect((await server.request('/proofs/inclusion?seq=0&size=1')).status).toBe(401);
    expect((await server.request('/proofs/consistency?from=1&to=1')).status).toBe(401);
    expect((await server.request('/proofs/checkpoint', { method: 'POST', as: 'recorder' })).status).toBe(403);
    expect((await server.request('/proofs/checkpoint', { method: 'POST' })).status).toBe(401);
  });
});

describe('a server without a signing key', () => {
  it('answers 501 for the key and for signing, and still proves inclusion', async () => {
    expect((await unsigned.request('/proofs/key')).status).toBe(501);
    expect((await unsigned.request('/proofs/checkpoint', { method: 'POST', as: 'admin' })).status).toBe(501);
    expect((await unsigned.request('/proofs/inclusion?seq=0&size=1', { as: 'reader' })).status).toBe(200);
  });
});
