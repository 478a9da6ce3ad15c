// createApp(deps) → the Hono application. No runtime imports and no I/O at load time:
// entry points (Node, Workers) and tests pass the database, clock, config and logger in.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AppError } from './errors';
import { errorJson, toAppError } from './http/error-response';
import { accessLog, apiKeyAuth, reportDatabaseFailures } from './http/middleware';
import { metricsRoute, requestMetrics } from './http/metrics';
import { mountOps } from './http/op';
import { apiOps, epcisCaptureRoutes } from './http/routes';
import { withCapturePaths } from './http/routes/epcis-capture';
import { DOCS_SCRIPT, openApiDocument, docsPage } from './http/openapi';
import { pagePolicy, publicSecurityHeaders, scriptHash } from './http/security-headers';
import { healthRoutes } from './http/routes/health';
import { jwksRoutes } from './http/routes/keys-signing';
import { modelPageRoutes } from './http/public/models';
import { mediaRoutes } from './http/public/media';
import { MAX_PHOTO_BYTES } from './photos/limits';
import { resolverRoutes } from './http/public/resolver';
import { createPublicState } from './http/public/state';
import { consoleRoutes } from './console';
import type { AppDeps, AppEnv } from './http/types';
import { pickLang, T } from './pages/i18n';
import { switchLangHref } from './pages/layout';
import { MAX_ATTACHMENT_BYTES } from './db/programme-people-store';
import { MessagePage } from './pages/product';

export type { AppDeps } from './http/types';

/** The API path of a photo upload, which has the photo size limit instead of MAX_BODY_BYTES. */
const PHOTO_UPLOAD = /^\/api\/v1\/products\/[^/]+\/photos\/?$/;
// An EPCIS capture document has its own limit (src/http/routes/epcis-capture.ts).
const EPCIS_CAPTURE = /^\/api\/v1\/epcis\/capture\/?$/;
/** An activity's attachment (photos or minutes, up to 2 MB): its own limit too. */
const ATTACHMENT_UPLOAD = /^\/api\/v1\/activities\/[^/]+\/attachments\/?$/;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  // Every answer counted by route group and status (Node's /metrics), errors included.
  if (deps.metrics) app.use('*', requestMetrics(deps.metrics));
  // An incoming X-Request-Id of up to 100 safe characters is kept (a proxy's id), else a UUID.
  app.use('*', requestId({ limitLength: 100 }));
  app.use('*', accessLog(deps));
  // A request that failed on an unreachable database or a broken connection tells the pool.
  app.use('*', reportDatabaseFailures(deps));
  // nosniff, no framing, HSTS on https, a Content-Security-Policy on every page; the console sets its own.
  app.use('*', publicSecurityHeaders(deps.config.PUBLIC_BASE_URL));
  const apiBodyLimit = bodyLimit({
    maxSize: deps.config.MAX_BODY_BYTES,
    onError: (c) =>
      errorJson(c, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${deps.config.MAX_BODY_BYTES} bytes`, {
        maxBytes: deps.config.MAX_BODY_BYTES,
      }),
  });
  // A photo upload has its own, larger limit (the file and a form's few fields).
  const photoBodyLimit = bodyLimit({
    maxSize: MAX_PHOTO_BYTES + 64 * 1024,
    onError: (c) =>
      errorJson(c, 'PAYLOAD_TOO_LARGE', `The photo is larger than ${MAX_PHOTO_BYTES / 1048576} MB`, {
        maxBytes: MAX_PHOTO_BYTES,
      }),
  });
  const attachmentBodyLimit = bodyLimit({
    maxSize: MAX_ATTACHMENT_BYTES,
    onError: (c) =>
      errorJson(c, 'PAYLOAD_TOO_LARGE', `An attachment is at most ${MAX_ATTACHMENT_BYTES / 1048576} MB`, {
        maxBytes: MAX_ATTACHMENT_BYTES,
      }),
  });
  app.use('/api/*', (c, next) =>
    PHOTO_UPLOAD.test(c.req.path)
      ? photoBodyLimit(c, next)
      : ATTACHMENT_UPLOAD.test(c.req.path)
        ? attachmentBodyLimit(c, next)
        : EPCIS_CAPTURE.test(c.req.path)
          ? next()
          : apiBodyLimit(c, next),
  );
  app.use('/api/*', apiKeyAuth(deps));

  // The scan writer the entry made (Node: it drains it at shutdown), else one of the public state's own.
  const made = deps.publicState ?? createPublicState(deps.config, deps.scans ? undefined : deps.sql);
  const publicState = deps.scans ? { ...made, scans: deps.scans } : made;
  app.route('/', resolverRoutes(deps, publicState));
  app.route('/', healthRoutes(deps));
  app.route('/', jwksRoutes(deps));
  app.route('/', modelPageRoutes(deps));
  app.route('/', mediaRoutes(deps));
  // The web console: its own sessions, CSRF checks and HTML error pages (src/console).
  app.route('/console', consoleRoutes(deps));
  const ops = apiOps();
  mountOps(app, deps, ops);
  // EPCIS 2.0 capture (buyers): /api/v1/epcis/capture, beside the query interface.
  app.route('/api/v1/epcis', epcisCaptureRoutes(deps));
  // Built on first use: Workers create the app per request and most requests never need it.
  let doc: ReturnType<typeof openApiDocument> | undefined;
  const document = () => (doc ??= withCapturePaths(openApiDocument(ops, deps.config.PUBLIC_BASE_URL)));
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', async (c) =>
    c.html(docsPage(document()), 200, {
      'Content-Security-Policy': pagePolicy({ scripts: [await scriptHash(DOCS_SCRIPT)], connect: true, forms: true }),
    }),
  );

  // Prometheus text behind METRICS_TOKEN; 404 without it (the entry may serve it on its own port instead).
  app.get('/metrics', metricsRoute(deps.metrics, deps.config.METRICS_TOKEN));

  app.notFound((c) => errorJson(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    const known = toAppError(err);
    // A visitor's browser (a scanned stamp, a model page) gets a page saying to try again, not JSON.
    if (known?.code === 'NOT_READY' && wantsPage(c)) return unavailablePage(c, known.details);
    if (known) return errorJson(c, known.code, known.message, known.details ?? null);
    deps.log.error('unhandled error', {
      requestId: c.get('requestId'),
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return errorJson(c, 'INTERNAL', 'Something went wrong on our side; the request id helps us find it');
  });
  return app;
}

/** A public page asked for by a browser: not the API, the console (its own error pages) or health checks. */
function wantsPage(c: Context<AppEnv>): boolean {
  return /text\/html/.test(c.req.header('accept') ?? '') && !/^\/(api|console)\/|^\/(healthz|readyz)$/.test(c.req.path);
}

function unavailablePage(c: Context<AppEnv>, details: unknown) {
  const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
  const retry = (details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds;
  const page = MessagePage({
    lang,
    switchHref: switchLangHref(new URL(c.req.url), lang),
    title: T[lang].unavailableTitle,
    message: T[lang].unavailable,
  });
  return c.html(`<!doctype html>${String(page)}`, 503, {
    'Cache-Control': 'no-store',
    ...(retry ? { 'Retry-After': String(retry) } : {}),
  });
}

export type App = ReturnType<typeof createApp>;
export { AppError };
