import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Parley } from '../app/parley.js';
import type { Config } from '../config.js';
import { roleCheckFor, type Authenticator } from './auth.js';
import { AuthThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleOptions } from './authThrottle.js';
import { cors } from './cors.js';
import { errorHandler, notFound } from './errorHandler.js';
import type { LiveHub } from './live/liveHub.js';
import { openApiDocument } from './openapi/document.js';
import { requestLog } from './requestLog.js';
import { sendJson } from './respond.js';
import { expressPath, inputOf, type Route, type Services } from './route.js';
import { ROUTES } from './routeTable.js';
import { dashboardRouter, docsRouter } from './routes/publicRoutes.js';
import { securityHeaders } from './securityHeaders.js';

export interface HttpAppOptions {
  readonly parley: Parley;
  readonly config: Pick<Config, 'publicRead' | 'corsOrigin'>;
  readonly logger: Logger;
  readonly auth: Authenticator;
  readonly hub: LiveHub;
  /** The built dashboard (web/dist); `/` answers 404 without it. */
  readonly webRoot?: string;
  /** The version written into the OpenAPI document. */
  readonly version?: string;
  /** Failed authentications allowed per client address (defaults: DEFAULT_AUTH_THROTTLE). */
  readonly authThrottle?: Partial<AuthThrottleOptions>;
}

/** The HTTP API of CONTRACT §4 with the roles of §5, mounted from the route table; everything it uses is passed in. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { parley, config, logger, auth, hub } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestLog(logger));
  app.use(securityHeaders);
  if (config.corsOrigin) app.use(cors(config.corsOrigin));

  // One count of failed authentications for every route.
  const throttle = new AuthThrottle({ ...DEFAULT_AUTH_THROTTLE, ...options.authThrottle });
  const roleCheck = roleCheckFor(auth, { publicRead: config.publicRead, throttle });
  let openApiText: string | undefined;
  const services: Services = {
    parley,
    hub,
    openApiText: () => (openApiText ??= JSON.stringify(openApiDocument(ROUTES, options.version ?? '0.0.0'))),
  };
  for (const route of ROUTES) {
    app[route.method](expressPath(route.path), ...roleCheck(route), ...(route.request.body?.receive ?? []), handlerOf(route, services));
  }

  app.use(docsRouter());
  app.use(dashboardRouter(options.webRoot));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

/** Validates the request's parts against the route's schemas, calls its handler and sends the JSON answer it returns. */
function handlerOf(route: Route, services: Services): RequestHandler {
  return async (req, res) => {
    const input = inputOf(route.request, req);
    const answer = await route.handle({ input, services, principal: req.principal, req, res });
    if (answer === undefined) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    sendJson(res, answer.status, answer.body);
  };
}
