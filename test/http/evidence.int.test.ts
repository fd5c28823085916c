import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidencePack } from '../../src/answers/evidencePack.js';
import { readEvidencePack } from '../../src/app/readEvidencePack.js';
import { verifyEvidence } from '../../src/app/verifyEvidence.js';
import { generateNoteSigningKey, verifierKeyOf } from '../../src/audit/noteKey.js';
import { problemOf, startTestServer, type TestServer } from './harness.js';

const OPENAI = 'eu-openai-gpt-5-5-cyber';
const key = generateNoteSigningKey('parley-http-test');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seed: true, signer: { key, origin: 'parley/http-test' } });
});
afterAll(() => server.stop());

describe('GET /negotiations/{id}/evidence as a reader', () => {
  it('answers a pack that verifies offline with the server\'s key and holds the state GET /negotiations/{id} answers at the cut', async () => {
    const cut = 'asOf=2026-05-20&knownAt=2099-01-01';
    const response = await server.request(`/negotiations/${OPENAI}/evidence?${cut}`, { as: 'reader' });
    expect(response.status).toBe(200);
    const text = await response.text();
    const pack = EvidencePack.parse(JSON.parse(text));
    expect(pack).toMatchObject({ format: 'parley-evidence/1', negotiationId: OPENAI, asOf: '2026-05-20', knownAt: '2099-01-01', vkey: verifierKeyOf(key) });
    const report = verifyEvidence(readEvidencePack(Buffer.from(text)), verifierKeyOf(key));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const state = await (await server.request(`/negotiations/${OPENAI}?${cut}`, { as: 'reader' })).json();
    expect(pack.state).toEqual(state);
  });

  it('takes a checkpoint already signed at or after knownAt rather than signing another', async () => {
    const first = EvidencePack.parse(await (await server.request(`/negotiations/${OPENAI}/evidence`, { as: 'reader' })).json());
    const knownAt = new Date(Date.parse(first.checkpoint.time) - 1).toISOString();
    const again = EvidencePack.parse(await (await server.request(`/negotiations/${OPENAI}/evidence?knownAt=${knownAt}`, { as: 'reader' })).json());
    expect(again.checkpoint).toEqual(first.checkpoint);
    expect(again.knownAt).toBe(knownAt);
  });
});

describe('GET /negotiations/{id}/evidence refused', () => {
  it('is 400 naming the parameter for a malformed cut', async () => {
    const response = await server.request(`/negotiations/${OPENAI}/evidence?asOf=last-tuesday`, { as: 'reader' });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.path).toBe('asOf');
  });

  it('is 400 for a cut with no end', async () => {
    expect((await server.request(`/negotiations/${OPENAI}/evidence?knownAt=2026-04/..`, { as: 'reader' })).status).toBe(400);
  });

  it('is 404 for an unknown negotiation', async () => {
    const response = await server.request('/negotiations/no-such-talks/evidence', { as: 'reader' });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toContain('no-such-talks');
  });

  it('is 404 naming the cut when not yet recorded by knownAt', async () => {
    const response = await server.request(`/negotiations/${OPENAI}/evidence?knownAt=2020`, { as: 'reader' });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toContain('not yet recorded by knownAt');
  });

  it('is 401 without a token', async () => {
    expect((await server.request(`/negotiations/${OPENAI}/evidence`)).status).toBe(401);
  });
});

describe('GET /negotiations/{id}/evidence on a server without a signing key', () => {
  it('is 501: no checkpoint can be signed for the pack', async () => {
    const keyless = await startTestServer({ seed: true });
    try {
      const response = await keyless.request(`/negotiations/${OPENAI}/evidence`, { as: 'reader' });
      expect(response.status).toBe(501);
      expect((await problemOf(response)).detail).toContain('no signing key');
    } finally {
      await keyless.stop();
    }
  });
});
