import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { Router } from 'express';
import { storeHealth } from '../../app/storeHealth.js';
import { NotFoundError } from '../../errors.js';
import { answer, type Call } from '../route.js';
import { DOCS_CSP } from '../securityHeaders.js';

/**
 * GET /health: 200 only when the store answers reads; else 503 `{ status: "degraded", store,
 * reason }` — plain JSON rather than a problem document, whose `status` would be the number.
 */
export async function health({ services: { parley } }: Call<object>) {
  const { store } = parley;
  const found = await storeHealth(store);
  return found.ok ? answer(200, { status: 'ok' as const, store: store.kind }) : answer(503, { status: 'degraded' as const, store: store.kind, reason: found.reason });
}

/** GET /openapi.json: the document as built once from the route table. */
export function openApi({ services, res }: Call<object>): undefined {
  res.type('application/json').send(services.openApiText());
  return undefined;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Parley API reference</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
});
`;

/** swagger-ui-dist's folder; its index.js would load the whole bundle into the server just to say where it is. */
function swaggerUiFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** The API reference page: swagger-ui's own files, served from node_modules (no CDN). */
export function docsRouter(): Router {
  const router = Router();
  router.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/docs/assets', express.static(swaggerUiFolder(), { index: false, maxAge: '1h' }));
  return router;
}

/** The dashboard (web/dist): index.html at `/`, its files at `/assets/`. */
export function dashboardRouter(webRoot: string | undefined): Router {
  const router = Router();
  const built = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (!built) {
    router.get('/', () => {
      throw new NotFoundError('the dashboard is not built: run the web build to create web/dist');
    });
    return router;
  }
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(webRoot, 'index.html'));
  });
  router.use('/assets', express.static(webRoot, { index: false, maxAge: '5m' }));
  return router;
}
