import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Parley } from '../app/parley.js';
import { verifyStore } from '../app/verifyStore.js';
import type { Config } from '../config.js';
import { requireRole, type Authenticator } from './auth.js';
import { AuthThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleOptions } from './authThrottle.js';
import { errorHandler, notFound } from './errorHandler.js';
import type { LiveHub } from './live/liveHub.js';
import { openApiDocument } from './openapi/document.js';
import { frontDoor } from './frontDoor.js';
import { hotLane } from './hotLane.js';
import { sendJson } from './respond.js';
import { importBody, importHandler, requireJsonLines } from './routes/adminRoutes.js';
import { appendBody, appendHandler } from './routes/appendRoute.js';
import { liveHandler } from './routes/liveRoute.js';
import { dashboardRouter, docsRouter, healthHandler } from './routes/publicRoutes.js';
import { readHandlers } from './routes/readRoutes.js';

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

export interface HttpApp {
  readonly express: Express;
  /** The request listener for a Node server: the hot lane for the two hot routes, else express. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The HTTP API of CONTRACT §4 with the roles of §5; everything it uses is passed in. */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const { parley, config, logger, auth, hub } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // One count of failures for every route, the hot lane's two included.
  const throttle = new AuthThrottle({ ...DEFAULT_AUTH_THROTTLE, ...options.authThrottle });
  const reader = requireRole(auth, 'reader', { publicRead: config.publicRead, throttle });
  const liveReader = requireRole(auth, 'reader', { publicRead: config.publicRead, allowQueryToken: true, throttle });
  const recorder = requireRole(auth, 'recorder', { throttle });
  const admin = requireRole(auth, 'admin', { throttle });
  const reads = readHandlers(parley);
  let openApiText: string | undefined;

  const front = frontDoor(logger, config.corsOrigin || undefined);
  const onError = errorHandler(logger);
  const hot = { append: [recorder, appendBody, appendHandler(parley)], state: [reader, reads.state] };
  app.use(front);

  app.post('/negotiations/:id/events', ...hot.append);
  app.get('/negotiations/:id', ...hot.state);

  app.get('/health', healthHandler(parley.store));
  app.get('/openapi.json', (_req, res) => {
    openApiText ??= JSON.stringify(openApiDocument(options.version ?? '0.0.0'));
    res.type('application/json').send(openApiText);
  });
  app.use(docsRouter());

  app.get('/negotiations', reader, reads.list);
  app.get('/negotiations/:id/timeline', reader, reads.timeline);
  app.get('/negotiations/:id/events', reader, reads.streamEvents);
  app.get('/negotiations/:id/diff', reader, reads.diff);
  app.get('/statements', reader, reads.statements);
  app.get('/access', reader, reads.access);
  app.get('/dashboard', reader, reads.dashboard);
  app.get('/events', reader, reads.events);
  app.get('/events/live', liveReader, liveHandler(hub));
  app.get('/audit/verify', reader, async (_req, res) => {
    const { ok, checked, negotiations, broken } = await verifyStore(parley.store);
    sendJson(res, 200, { ok, checked, negotiations, broken });
  });
  app.post('/admin/import', admin, requireJsonLines, importBody, importHandler(parley));

  app.use(dashboardRouter(options.webRoot));
  app.use(notFound);
  app.use(onError);
  const lane = hotLane([front], hot, onError);
  return {
    express: app,
    listener: (req, res) => {
      if (!lane(req, res)) app(req, res);
    },
  };
}
