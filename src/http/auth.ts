import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Role, TokenEntry } from '../config.js';
import { ForbiddenError, TooManyFailuresError, UnauthorizedError } from '../errors.js';
import type { AuthThrottle } from './authThrottle.js';
import { queryOf } from './params.js';

/** Who made a request: the token's name and role. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

const RANK: Record<Role, number> = { reader: 1, recorder: 2, admin: 3 };

/** Tokens are kept only as SHA-256 digests and compared in constant time. */
export class Authenticator {
  private readonly entries: { name: string; role: Role; digest: Buffer }[];

  constructor(tokens: readonly TokenEntry[]) {
    this.entries = tokens.map(({ name, role, token }) => ({ name, role, digest: digest(token) }));
  }

  /** The principal a token names, or undefined; every entry is compared, so timing says nothing. */
  identify(token: string): Principal | undefined {
    const presented = digest(token);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.digest) && !found) found = { name: entry.name, role: entry.role };
    }
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/** The bearer token of a request; `?access_token=` counts only where EventSource needs it. */
function tokenOf(req: Request, allowQueryToken: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) return BEARER.exec(header)?.[1] ?? '';
  if (!allowQueryToken) return undefined;
  const token = queryOf(req).access_token;
  return typeof token === 'string' ? token : undefined;
}

export interface RoleOptions {
  /** PARLEY_PUBLIC_READ: reads need no token (a token sent anyway is still checked). */
  readonly publicRead?: boolean;
  readonly allowQueryToken?: boolean;
  /** Failed authentications per client address; one for the whole server. */
  readonly throttle?: AuthThrottle;
}

/**
 * 401 without a known token, 403 when its role is too low (CONTRACT §5); 429 for an address
 * that failed too often lately, whatever it presents now.
 */
export function requireRole(auth: Authenticator, role: Role, options: RoleOptions = {}): RequestHandler {
  const { throttle } = options;
  return (req, _res, next) => {
    const token = tokenOf(req, options.allowQueryToken === true);
    if (token === undefined && options.publicRead && role === 'reader') return next();
    const address = req.socket.remoteAddress ?? '';
    const wait = throttle?.waitFor(address) ?? 0;
    if (wait > 0) return next(new TooManyFailuresError('too many failed authentications from this address; try again later', wait / 1000));
    if (token === undefined) return next(new UnauthorizedError('this route needs a bearer token'));
    const principal = auth.identify(token);
    if (!principal) {
      throttle?.failed(address);
      return next(new UnauthorizedError('the bearer token is not known'));
    }
    if (RANK[principal.role] < RANK[role]) return next(new ForbiddenError(`this route needs the ${role} role; ${principal.name} is a ${principal.role}`));
    req.principal = principal;
    next();
  };
}

/** What the role check reads from a route of the table. */
export interface Guarded {
  readonly role: Role | 'public';
  readonly tokenInQuery?: boolean;
}

/** The role check for a route of the table: none for a public route, else requireRole with its role. */
export function roleCheckFor(auth: Authenticator, options: Pick<RoleOptions, 'publicRead' | 'throttle'>) {
  return (route: Guarded): RequestHandler[] =>
    route.role === 'public' ? [] : [requireRole(auth, route.role, { ...options, allowQueryToken: route.tokenInQuery === true })];
}
