import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, startTestServer, type TestServer } from './harness.js';

// minPosition (read-your-writes behind a hot standby, PARLEY_READ_STORE) on every query route.

const ID = 'eu-openai-gpt-5-5-cyber';
const ROUTES = ['/negotiations', `/negotiations/${ID}`, `/negotiations/${ID}/timeline`, `/negotiations/${ID}/diff?from=2026-05-01`, '/statements', '/access', '/dashboard'];
const withParam = (route: string, value: string) => `${route}${route.includes('?') ? '&' : '?'}minPosition=${encodeURIComponent(value)}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server.stop());

describe('a query route given a malformed minPosition', () => {
  for (const route of ROUTES) {
    it(`${route} answers 400 naming minPosition`, async () => {
      for (const value of ['abc', '-1', '1.5', '', '1e3', String(2 ** 60)]) {
        const response = await server.request(withParam(route, value), { as: 'reader' });
        expect(response.status, value).toBe(400);
        const problem = await problemOf(response);
        expect(problem.errors?.map((error) => error.path)).toEqual(['minPosition']);
      }
    });
  }
});

describe('a query route of a server without a read store, given a minPosition', () => {
  for (const route of ROUTES) {
    it(`${route} answers as it does without one, even for a position not yet recorded`, async () => {
      const plain = await server.request(route, { as: 'reader' });
      const positioned = await server.request(withParam(route, '999999999999999'), { as: 'reader' });
      expect(positioned.status).toBe(200);
      const strip = (body: Record<string, unknown>) => ({ ...body, asOf: undefined, knownAt: undefined, to: undefined }); // each defaults to now;
      expect(strip((await positioned.json()) as Record<string, unknown>)).toEqual(strip((await plain.json()) as Record<string, unknown>));
    });
  }
});
