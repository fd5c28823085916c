import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const CONTRACT_ROUTES: [string, string][] = [
  ['get', '/health'],
  ['post', '/negotiations/{id}/events'],
  ['get', '/negotiations'],
  ['get', '/negotiations/{id}'],
  ['get', '/negotiations/{id}/timeline'],
  ['get', '/negotiations/{id}/events'],
  ['get', '/negotiations/{id}/diff'],
  ['get', '/statements'],
  ['get', '/access'],
  ['get', '/dashboard'],
  ['get', '/events'],
  ['get', '/events/live'],
  ['get', '/audit/verify'],
  ['get', '/openapi.json'],
];

describe('GET /openapi.json', () => {
  let server: TestServer;
  let document: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
  beforeAll(async () => {
    server = await startTestServer();
    const response = await server.request('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as typeof document;
  });
  afterAll(() => server.stop());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the contract', () => {
    for (const [method, path] of CONTRACT_ROUTES) expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('lists every status the append answers with', () => {
    expect(Object.keys(document.paths['/negotiations/{id}/events']!.post!.responses).sort()).toEqual(
      ['200', '201', '400', '401', '403', '408', '409', '412', '413', '415', '422', '429', '500', '503'].sort(),
    );
  });

  it('takes its schemas from the zod catalogue: every event type has its input schema', () => {
    for (const type of ['NegotiationOpened', 'StatementMade', 'EventCorrected', 'AccessGranted']) {
      expect(document.components.schemas[`${type}Input`], type).toBeDefined();
    }
    expect(document.components.schemas.TimePoint).toBeDefined();
    expect(document.components.schemas.NegotiationState).toBeDefined();
  });

  it('documents "possibly by then": includePossible on /statements, the shapes of pending events and intervals', () => {
    const statements = document.paths['/statements']!.get! as unknown as { parameters: { name: string; in: string; schema: { enum?: string[] } }[] };
    expect(statements.parameters.find((p) => p.name === 'includePossible')).toMatchObject({ in: 'query', schema: { enum: ['true', 'false'] } });
    for (const schema of ['OccurredAtInterval', 'PendingEvent', 'Certainty', 'Exists']) expect(document.components.schemas[schema], schema).toBeDefined();
  });
});

describe('GET /docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('serves the reference page and every script and stylesheet it names from this server', async () => {
    const page = await server.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true); // never a CDN
      const response = await server.request(asset);
      expect(response.status, asset).toBe(200);
    }
  });
});
