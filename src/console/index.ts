// The web console under /console: server-rendered pages (hono/jsx, no script) for cooperative
// operators and association staff, signed in with a username and password, acting through the
// API's own operations as the same Actor an API key would be.
//
// ADDING PAGES
// One folder per area, e.g. src/console/batches/ (see batches/, harvests/, keys/ for models):
//
// 1. texts/batches.ts: the area's words in both languages, on top of the common ones —
//      export const BATCH_TEXTS = areaTexts({ vi: { noBatches: 'Chưa có lô sản xuất nào.' }, en: { noBatches: '…' } });
//
// 2. batches/views.tsx: components, props in, HTML out (no context, no operation):
//      export function BatchList(props: { t: BatchTexts; lang: Lang; batches: Batch[] }) { return <Table …>…</Table>; }
//    Fields from ui/fields (<Field name="quantity" error={e.quantity} />, <CsrfInput token={csrf} /> in every form),
//    blocks from ui/blocks. A form's mapping to the operation's body goes in batches/form.ts when it needs one.
//
// 3. batches/routes.tsx: the sub-app and thin handlers — read the form, call operations by reference
//    (src/http/routes exports them), choose the view — and the ConsoleModule (src/console/env.ts):
//
//      async function seal(deps: AppDeps, c: ConsoleContext, id: string) {
//        const res = await submitOp(deps, c, batchOps.seal, { params: { id } });   // typed params, typed answer
//        if (!res.ok) return reviewPage(deps, c, id, { errors: operatorErrors(res.error, c.get('lang')) });
//        return c.redirect(`/console/batches/${id}?done=sealed`, 303);             // POST → redirect → GET
//      }
//      export const batchesModule: ConsoleModule = {
//        path: '/batches',                                      // mounted at /console/batches
//        nav: [{ href: '/batches', label: inLanguages(BATCH_TEXTS, (t) => t.batches), roles: ['cooperative'] }],
//        home: async (c, deps) => null,                         // optional panel on GET /console
//        routes: (deps) => {
//          const r = new Hono<ConsoleEnv>();
//          r.get('/', coopOnly, async (c) => {                   // guards from ./auth; else the 403 page
//            const list = await callOp(deps, c, batchOps.list, { query: { status: c.req.query('status') } });
//            const t = BATCH_TEXTS[c.get('lang')];
//            return page(c, { title: t.batches, children: <BatchList t={t} … batches={list.items} /> });
//          });
//          r.post('/:id/seal', coopOnly, (c) => seal(deps, c, c.req.param('id')));
//          return r;
//        },
//      };
//
// 4. Append the module to CONSOLE_MODULES in src/console/modules.ts.
//
// Pages get their data from operations only (callOp, submitOp, fetchAll in ./ops); from the
// stores they import row types and constants, nothing that queries.
//
// Before a module's handler runs, the console has: set the security headers (Hono's secure
// headers with a CSP without script and X-Frame-Options DENY, and no-store); chosen the
// language (c.get('lang'): ?lang=, then the ocop_lang cookie, then Vietnamese); refused bodies
// over MAX_BODY_BYTES; required a live session (else 303 to the sign-in page, coming back after)
// and set c.get('session') and c.get('actor'); and for every POST checked the Origin and the
// form's `_csrf` field against the session (readForm(c) gives the parsed form). Errors thrown
// (AppError from callOp, requireRole…) become an error page. Form fields are named like the API
// body fields so VALIDATION_FAILED details ("body.quantity") land beside them through
// fieldErrors() or operatorErrors().
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { toAppError } from '../http/error-response';
import type { AppDeps } from '../http/types';
import type { Lang } from '../pages/i18n';
import { constantTimeEqual } from '../db/sessions-store';
import { loadSession, requireSession } from './auth';
import { CONSOLE_BASE, type ConsoleEnv, type ConsoleModule } from './env';
import { readForm } from './form';
import { homeRoutes } from './home/routes';
import { CONSOLE_MODULES } from './modules';
import { errorPage, formRefusedPage } from './render';
import { isSecure, LANG_COOKIE, noStore, sameOrigin, securityHeaders } from './security';
import { signInRoutes } from './sign-in/routes';
import { MAX_PHOTO_BYTES } from '../photos/limits';

export type { ConsoleEnv, ConsoleModule, NavItem } from './env';
export { requireRole } from './auth';
export { callOp, submitOp } from './ops';
export { field, fieldErrors, readForm, values } from './form';
export { page, errorPage } from './render';

/** The product photo upload form's action (src/console/products). */
const PHOTO_FORM = /^\/console\/products\/[^/]+\/photos\/?$/;

/** Console paths reachable without a session. */
const OPEN_PATHS = new Set([`${CONSOLE_BASE}/sign-in`]);

export function consoleRoutes(deps: AppDeps, modules: readonly ConsoleModule[] = CONSOLE_MODULES) {
  const r = new Hono<ConsoleEnv>();
  const nav = modules.flatMap((m) => m.nav ?? []);

  r.use('*', securityHeaders());
  r.use('*', noStore());
  r.use('*', async (c, next) => {
    c.set('nav', nav);
    const asked = c.req.query('lang');
    let lang: Lang = 'vi';
    if (asked === 'vi' || asked === 'en') {
      lang = asked;
      setCookie(c, LANG_COOKIE, asked, {
        path: '/',
        maxAge: 365 * 86400,
        sameSite: 'Lax',
        httpOnly: true,
        secure: isSecure(c, deps),
      });
    } else {
      const kept = getCookie(c, LANG_COOKIE);
      if (kept === 'en' || kept === 'vi') lang = kept;
    }
    c.set('lang', lang);
    await next();
  });
  const formLimit = bodyLimit({
    maxSize: deps.config.MAX_BODY_BYTES,
    onError: (c) => errorPage(c, 'PAYLOAD_TOO_LARGE'),
  });
  // A product photo's form carries the file: the photo size limit (src/photos/limits.ts) instead.
  const photoLimit = bodyLimit({
    maxSize: MAX_PHOTO_BYTES + 64 * 1024,
    onError: (c) => errorPage(c, 'PAYLOAD_TOO_LARGE', `The photo is larger than ${MAX_PHOTO_BYTES / 1048576} MB`),
  });
  r.use('*', (c, next) => (PHOTO_FORM.test(c.req.path) ? photoLimit(c, next) : formLimit(c, next)));
  r.use('*', loadSession(deps));
  const guard = requireSession(deps);
  r.use('*', async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    return guard(c, next);
  });
  // CSRF: every form posted with a session carries that session's token, from our own origin.
  r.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || OPEN_PATHS.has(c.req.path)) return next();
    const expected = c.get('session')!.csrfToken;
    let ok = sameOrigin(c, deps);
    if (ok) {
      const sent = (await readForm(c)).get('_csrf');
      ok = typeof sent === 'string' && constantTimeEqual(sent, expected);
    }
    if (!ok) return formRefusedPage(c);
    return next();
  });

  r.route('/', signInRoutes(deps));
  r.route('/', homeRoutes(deps, modules));
  for (const m of modules) r.route(m.path, m.routes(deps));
  r.all('*', (c) => errorPage(c, 'NOT_FOUND', `No console page at ${c.req.path}`));

  r.onError((err, c) => {
    const known = toAppError(err);
    if (known) return errorPage(c, known.code, known.message, known.details);
    deps.log.error('unhandled error', {
      requestId: c.get('requestId'),
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return errorPage(c, 'INTERNAL');
  });
  return r;
}
