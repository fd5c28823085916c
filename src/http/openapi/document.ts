import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { other, problem, type Answer, type Answers, type Route } from '../route.js';
import { ProblemDocument } from './schemas.js';

const RetryAfter = z.object({ 'Retry-After': z.string().meta({ description: 'seconds to wait before trying again' }) });

/** What any request may be answered with, whatever its route: the server's timeouts (server.ts) and the error handler's last resort. */
const ANY_REQUEST: Answers = {
  408: other('the request did not arrive in time (its headers within 10 s, all of it within 60 s): the connection is closed'),
  500: problem('an unexpected failure'),
};

/** What the role check answers before the handler runs (auth.ts), derived from the route's role as the check itself is. */
function guardAnswers(route: Route): Answers {
  if (route.role === 'public') return {};
  const known = {
    401: problem('no token, or an unknown one'),
    429: problem('too many failed authentications from this address lately, whatever it presents now', { headers: RetryAfter }),
  };
  // A reader token is the least role: only a route above it can refuse a known token.
  return route.role === 'reader' ? known : { ...known, 403: problem('the token\'s role is too low') };
}

function responseOf(answer: Answer): ZodOpenApiResponseObject {
  const headers = answer.kind !== 'other' && answer.headers && { headers: answer.headers };
  const example = answer.kind !== 'other' && answer.example !== undefined && { example: answer.example };
  switch (answer.kind) {
    case 'json':
      return { description: answer.description, content: { 'application/json': { schema: answer.schema, ...example } }, ...headers };
    case 'problem':
      return { description: answer.description, content: { 'application/problem+json': { schema: ProblemDocument, ...example } }, ...headers };
    case 'other':
      return { description: answer.description, ...(answer.content && { content: { [answer.content.mediaType]: { schema: answer.content.schema } } }) };
  }
}

/** Who may call it: nobody needs a token for a public route; the live feed also takes the token in its query. */
function securityOf(route: Route): ZodOpenApiOperationObject['security'] {
  if (route.role === 'public') return [];
  return route.tokenInQuery ? [{ bearer: [] }, { accessToken: [] }] : [{ bearer: [] }];
}

function operationOf(route: Route): ZodOpenApiOperationObject {
  const { path, query, headers, body } = route.request;
  const params = { ...(path && { path }), ...(query && { query }), ...(headers && { header: headers.schema }) };
  const responses = { ...ANY_REQUEST, ...guardAnswers(route), ...route.responses };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    security: securityOf(route),
    ...(Object.keys(params).length > 0 && { requestParams: params }),
    ...(body && { requestBody: { required: true, content: { [body.mediaType]: { schema: body.schema, ...(body.example !== undefined && { example: body.example }) } } } }),
    responses: Object.fromEntries(Object.entries(responses).map(([status, answer]) => [status, responseOf(answer)])),
  };
}

/** The OpenAPI 3.1 document of CONTRACT §4, generated from the route table and the zod schemas the server validates with. */
export function openApiDocument(routes: readonly Route[], version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Parley',
      version,
      description:
        'Event-sourced negotiation tracker with bitemporal replay. Queries take `asOf` (valid time) and `knownAt` (transaction time), each a TimePoint; errors are RFC 9457 problem documents.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document is right for whatever address serves it.
    servers: [{ url: '/', description: 'the server that serves this document' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token of PARLEY_TOKENS (or the admin token made on a first start)' },
        accessToken: { type: 'apiKey', in: 'query', name: 'access_token', description: 'the same token, for EventSource clients that cannot send headers' },
      },
    },
    paths,
  });
}
