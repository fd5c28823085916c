import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../../src/http/openapi/document.js';
import { ROUTES } from '../../src/http/routeTable.js';

/**
 * Writes the TypeScript types of the OpenAPI document to the file named by its argument (the
 * build names test/generated/openapi.d.ts, git-ignored), for the typed client of the
 * integration tests. The document is the one the server serves (app.ts sends this same
 * function's output); the version changes no type.
 */
const out = process.argv[2];
if (!out) throw new Error('usage: writeApiTypes <file.d.ts>');

const document = openApiDocument(ROUTES, '0.0.0');
const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `// Generated from the OpenAPI document by test/http/writeApiTypes.ts on each build: do not edit.\n${astToString(ast)}`);
