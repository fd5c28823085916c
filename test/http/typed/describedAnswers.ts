import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>;
}
export interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
}

/** A real answer as a test received it. */
export interface Received {
  readonly method: string;
  /** The path template the call named: `/negotiations/{id}`. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** JSON Pointer escaping of one reference token (RFC 6901). */
const token = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * What an answer does not keep of the document's description: a status it does not list, a
 * media type it does not name, or a body its schema refuses. The schemas are JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1, read from the document as served.
 */
export function describedAnswers(document: OpenApi): (received: Received) => string[] {
  // strict: false, because the document's schemas carry OpenAPI's own keywords (`example`) beside JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  return ({ method, path, status, contentType, body }) => {
    const where = `${method.toUpperCase()} ${path} ${status}`;
    const response = document.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    if (!response) return [`${where}: the document lists no such answer`];
    const mediaType = contentType?.split(';')[0]!.trim();
    const contents = Object.keys(response.content ?? {});
    if (contents.length === 0) return mediaType === undefined ? [] : [`${where}: the document describes no body, the answer has ${mediaType}`];
    if (mediaType === undefined || !contents.includes(mediaType)) return [`${where}: answered ${mediaType}, described ${contents.join(', ')}`];
    const pointer = ['paths', path, method.toLowerCase(), 'responses', String(status), 'content', mediaType, 'schema'].map(token).join('/');
    const validate = ajv.getSchema(`openapi.json#/${pointer}`);
    if (!validate) return [`${where}: no schema at #/${pointer}`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${where}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
  };
}
