import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { TOKENS, type TestServer, type TokenRole } from '../harness.js';
import type { Received } from './describedAnswers.js';

export type ApiClient = Client<paths>;

/**
 * A client of the test server typed from the generated types, with a role's token (or none).
 * Types check the calls at build time only; every answer is also checked at run time against
 * the served document, and one it does not describe makes the call throw.
 */
export function apiClient(server: Pick<TestServer, 'url'>, check: (received: Received) => string[], as?: TokenRole): ApiClient {
  const client = createClient<paths>({ baseUrl: server.url, headers: as ? { Authorization: `Bearer ${TOKENS[as]}` } : {} });
  client.use({
    async onResponse({ request, response, schemaPath }) {
      const contentType = response.headers.get('content-type');
      const text = await response.clone().text();
      const body: unknown = text !== '' && contentType?.includes('json') ? JSON.parse(text) : text;
      const mismatches = check({ method: request.method, path: schemaPath, status: response.status, contentType: text === '' ? null : contentType, body });
      if (mismatches.length > 0) throw new Error(`the answer is not as the document describes it:\n${mismatches.join('\n')}`);
      return undefined;
    },
  });
  return client;
}
