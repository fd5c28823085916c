import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import type { Answer, Route } from '../route.js';
import { ProblemDocument } from './schemas.js';

function responseOf(answer: Answer): ZodOpenApiResponseObject {
  switch (answer.kind) {
    case 'json':
      return { description: answer.description, content: { 'application/json': { schema: answer.schema } }, ...(answer.headers && { headers: answer.headers }) };
    case 'problem':
      return { description: answer.description, content: { 'application/problem+json': { schema: ProblemDocument } } };
    case 'other':
      return { description: answer.description, ...(answer.content && { content: { [answer.content.mediaType]: { schema: answer.content.schema } } }) };
  }
}

function operationOf(route: Route): ZodOpenApiOperationObject {
  const { path, query, headers, body } = route.request;
  const params = { ...(path && { path }), ...(query && { query }), ...(headers && { header: headers.schema }) };
  return {
    summary: route.summary,
    tags: [...route.tags],
    ...(route.role !== 'public' && { security: [{ bearer: [] }] }),
    ...(Object.keys(params).length > 0 && { requestParams: params }),
    ...(body && { requestBody: { required: true, content: { [body.mediaType]: { schema: body.schema } } } }),
    responses: Object.fromEntries(Object.entries(route.responses).map(([status, answer]) => [status, responseOf(answer)])),
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
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  });
}
