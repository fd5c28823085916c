import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.js';
import { apiClient } from './apiClient.js';
import { describedAnswers, type OpenApi } from './describedAnswers.js';

type Doctorable = OpenApi & { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

describe('a checked client whose document no longer describes what the server answers', () => {
  let server: TestServer;
  let served: Doctorable;
  beforeAll(async () => {
    server = await startTestServer();
    served = (await (await server.request('/openapi.json')).json()) as Doctorable;
  });
  afterAll(() => server.stop());

  it('throws on a body its schema refuses', async () => {
    const doctored = structuredClone(served);
    doctored.components.schemas.Health!.properties.store = { type: 'integer' };
    const client = apiClient(server, describedAnswers(doctored));
    await expect(client.GET('/health')).rejects.toThrow('GET /health 200: /store must be integer');
  });

  it('throws on a status it does not list', async () => {
    const doctored = structuredClone(served);
    delete doctored.paths['/dashboard']!.get!.responses['401'];
    const client = apiClient(server, describedAnswers(doctored));
    await expect(client.GET('/dashboard')).rejects.toThrow('GET /dashboard 401: the document lists no such answer');
  });

  it('passes the same answers under the served document', async () => {
    const client = apiClient(server, describedAnswers(served));
    expect((await client.GET('/health')).response.status).toBe(200);
    expect((await client.GET('/dashboard')).response.status).toBe(401);
  });
});
