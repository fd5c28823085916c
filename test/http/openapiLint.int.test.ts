import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { redoclyLint } from './redoclyLint.js';

type Document = { paths: Record<string, Record<string, Record<string, unknown>>> };

describe('the served OpenAPI document under Redocly\'s recommended rules', () => {
  let server: TestServer;
  let document: Document;
  beforeAll(async () => {
    server = await startTestServer();
    document = (await (await server.request('/openapi.json')).json()) as Document;
  });
  afterAll(() => server.stop());

  it('has no error and no warning', async () => {
    expect(await redoclyLint(document)).toEqual([]);
  });

  it('would be reported with an operation lacking its operationId and a public one lacking its security', async () => {
    const doctored = structuredClone(document);
    delete doctored.paths['/dashboard']!.get!.operationId;
    delete doctored.paths['/health']!.get!.security;
    const problems = await redoclyLint(doctored);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'operation-operationId', severity: 'warn', pointer: '#/paths/~1dashboard/get/operationId' }),
        expect.objectContaining({ ruleId: 'security-defined', severity: 'error', pointer: '#/paths/~1health/get' }),
      ]),
    );
  });
});
