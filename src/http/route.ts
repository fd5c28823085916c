import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Parley } from '../app/parley.js';
import type { Role } from '../config.js';
import type { Principal } from './auth.js';
import type { LiveHub } from './live/liveHub.js';
import { NegotiationPath, negotiationIdOf, parseQuery } from './params.js';
import { fieldErrorsOf, ValidationError } from '../errors.js';

/** What the route table says of an operation besides its schemas and handler. */
interface Operation {
  readonly method: 'get' | 'post';
  /** As OpenAPI writes it: `/negotiations/{id}`. */
  readonly path: `/${string}`;
  /** The least role that may call it (CONTRACT §5); `public` needs no token. */
  readonly role: Role | 'public';
  /** The token may come as `?access_token=`, for EventSource clients that cannot send headers. */
  readonly tokenInQuery?: boolean;
  /** Unique in the document: a generated client names its method after it. */
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
}

/**
 * One operation of the API, as the route table declares it: what express mounts, what the
 * OpenAPI document describes and what the role check enforces all read this one entry.
 */
export interface RouteOf<R extends RouteRequest, A extends Answers> extends Operation {
  readonly request: R;
  /** Every status its handler and request parts answer with, and the shape of each; the document adds the role check's and the server's own. */
  readonly responses: A;
  /**
   * Answers a request whose parts have passed their schemas; `undefined` when it wrote the
   * response itself. A property, not a method, so its parameter is checked strictly.
   */
  readonly handle: (call: Call<R>) => Promise<AnswerOf<A> | undefined> | AnswerOf<A> | undefined;
}

/** A route of the table, whatever its schemas (each was checked against its handler by `route`). */
export interface Route extends Operation {
  readonly request: RouteRequest;
  readonly responses: Answers;
  handle(call: Call<RouteRequest>): Promise<SentAnswer | undefined> | SentAnswer | undefined;
}

/** What a request carries, each part as a zod schema. */
export interface RouteRequest {
  /** A negotiation id (`{id}`), or another path parameter's schema. */
  readonly path?: typeof NegotiationPath | z.ZodObject;
  /** Unknown parameters are ignored; malformed ones are 400. */
  readonly query?: z.ZodObject;
  readonly headers?: HeaderPart<unknown>;
  readonly body?: BodyPart<unknown>;
}

/** Request headers: the schema documents them, `read` takes them apart with refusals that name the header. */
export interface HeaderPart<T> {
  readonly schema: z.ZodObject;
  read(req: IncomingMessage): T;
}

/**
 * A request body of one media type: `receive` reads it into req.body (refusing what is too
 * large or of another type), then `read` validates it, its refusals pointing into the body.
 */
export interface BodyPart<T> {
  readonly mediaType: string;
  readonly schema: z.ZodType;
  /** Shown in the document (and checked by the linter against the schema). */
  readonly example?: unknown;
  readonly receive: readonly RequestHandler[];
  read(body: unknown): T;
}

/** The services a handler works with, passed in when the table is mounted. */
export interface Services {
  readonly parley: Parley;
  readonly hub: LiveHub;
  /** The OpenAPI document, as served. */
  readonly openApiText: () => string;
}

export interface Call<R extends RouteRequest> {
  readonly input: InputOf<R>;
  readonly services: Services;
  /** Set by the role check; absent on public routes and on reads without a token. */
  readonly principal: Principal | undefined;
  /** For what only the connection holds: its address, its socket, a stream to write to. */
  readonly req: Request;
  readonly res: Response;
}

/** The validated parts of a request; a part the route does not declare is `unknown`. */
export interface InputOf<R extends RouteRequest> {
  readonly path: R extends { path: z.ZodType } ? z.output<R['path']> : unknown;
  readonly query: R extends { query: z.ZodType } ? z.output<R['query']> : unknown;
  readonly headers: R extends { headers: HeaderPart<infer T> } ? T : unknown;
  readonly body: R extends { body: BodyPart<infer T> } ? T : unknown;
}

/** An answer of the route table: JSON of a schema, a problem document, or another kind of content. */
export type Answer = JsonAnswer | ProblemAnswer | OtherAnswer;
export type Answers = { readonly [status: number]: Answer };

export interface JsonAnswer<S extends z.ZodType = z.ZodType> extends AnswerExtras {
  readonly kind: 'json';
  readonly description: string;
  readonly schema: S;
}

export interface ProblemAnswer extends AnswerExtras {
  readonly kind: 'problem';
  readonly description: string;
}

/** What the document shows of an answer besides its schema; the linter checks an example against the schema. */
export interface AnswerExtras {
  readonly headers?: z.ZodObject;
  readonly example?: unknown;
}

/** Content the handler writes itself (an event stream, the OpenAPI document); `schema` only describes it. */
export interface OtherAnswer {
  readonly kind: 'other';
  readonly description: string;
  readonly content?: { readonly mediaType: string; readonly schema: z.ZodType };
}

export const json = <S extends z.ZodType>(description: string, schema: S, extras: AnswerExtras = {}): JsonAnswer<S> => ({ kind: 'json', description, schema, ...extras });
export const problem = (description: string, extras: AnswerExtras = {}): ProblemAnswer => ({ kind: 'problem', description, ...extras });
export const other = (description: string, content?: OtherAnswer['content']): OtherAnswer => ({ kind: 'other', description, ...(content && { content }) });

/** A value as it is sent: read only, so a projection's readonly arrays and records fit the schema's type. */
export type Sent<T> = T extends readonly (infer U)[] ? readonly Sent<U>[] : T extends object ? { readonly [K in keyof T]: Sent<T[K]> } : T;

/** A JSON answer as the app sends it. */
export interface SentAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler may return: for each status with a JSON schema, a body of that schema's type. */
export type AnswerOf<A extends Answers> = {
  [S in keyof A & number]: A[S] extends JsonAnswer<infer Z>
    ? { readonly status: S; readonly body: Sent<z.output<Z>>; readonly headers?: Readonly<Record<string, string>> }
    : never;
}[keyof A & number];

/** A handler's answer, its status kept as the literal the route table checks it against. */
export function answer<S extends number, B>(status: S, body: B, headers?: Readonly<Record<string, string>>): { readonly status: S; readonly body: B; readonly headers?: Readonly<Record<string, string>> } {
  return headers ? { status, body, headers } : { status, body };
}

/** Declares one route; the handler's input and answers are checked against the route's schemas. */
export function route<const R extends RouteRequest, const A extends Answers>(spec: RouteOf<R, A>): Route {
  return spec;
}

/** `/negotiations/{id}` as express writes it: `/negotiations/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** The request's parts, validated in order: path, query, headers, body (the first refusal is the answer). */
export function inputOf<R extends RouteRequest>(request: R, req: Request): InputOf<R> {
  const path = request.path && (request.path === NegotiationPath ? { id: negotiationIdOf(req) } : pathOf(request.path, req));
  const query = request.query && parseQuery(request.query, req);
  const headers = request.headers?.read(req);
  const body = request.body?.read(req.body);
  return { path, query, headers, body } as InputOf<R>;
}

/** Path parameters other than a negotiation id, validated by their schema. */
function pathOf(schema: z.ZodObject, req: Request): unknown {
  const result = schema.safeParse(req.params);
  if (result.success) return result.data;
  throw new ValidationError('malformed path parameter', fieldErrorsOf(result.error, { paths: 'dotted' }));
}
