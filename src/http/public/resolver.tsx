// The GS1 Digital Link resolver (ISO/IEC 18975) and the public pages behind it:
//   /01/{gtin}/10/{lot}/21/{serial}  the stamp page (a scan is recorded before it is answered)
//   /01/{gtin}/10/{lot}              the batch page
//   /01/{gtin}                       the product page with its OCOP certificates
//   /{compressed}                    any of these, GS1-compressed (one segment of base64)
// Browsers get HTML; `Accept: application/linkset+json`, `?linkType=linkset` or `?linkType=all`
// gets the RFC 9264 linkset; `?linkType=gs1:…` redirects to that link (307) or answers 404. Every
// answer carries a Link header to the linkset and CORS headers; GET, HEAD and OPTIONS work. Every
// public route counts against the client network's request budget.
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { encodeAiValue } from '../../domain/digital-link';
import { digitalLinkFromCompressed } from '../../domain/digital-link-compression';
import { type DigitalLinkPath, type DigitalLinkProblem, parseDigitalLinkPath } from '../../domain/digital-link-parse';
import { getProductByGtin } from '../../db/products-store';
import { T } from '../../pages/i18n';
import { switchLangHref } from '../../pages/layout';
import { MessagePage } from '../../pages/product';
import { errorJson } from '../error-response';
import type { AppDeps, AppEnv } from '../types';
import { html, limited, publicContext } from './context';
import { batchAnswer, notOnRecord, productAnswer } from './item-pages';
import { linkAnswer, resolverDescription } from './links';
import { passportRoutes } from './passports';
import { reportRoutes } from './reports';
import type { PublicState } from './state';
import { stampAnswer } from './stamp-answer';
import { verifyRoutes } from './verify';

/** Paths that count against a client network's budget of public requests. */
const BUDGETED = /^\/(01|verify|ocop|scans|passports)\/|^\/report$/;

const resolverCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['Accept', 'Accept-Language'],
  exposeHeaders: ['Link', 'Location'],
});

/** A path that may be a compressed Digital Link: one segment of URI-safe base64, a GTIN alone taking 10. */
const COMPRESSED = /^\/[A-Za-z0-9_-]{10,}$/;

/** The compressed Digital Link a request's path is, if it is one: decoded once per request. */
const compressedLinks = new WeakMap<Request, ReturnType<typeof digitalLinkFromCompressed>>();
function compressedLinkOf(c: Context): ReturnType<typeof digitalLinkFromCompressed> {
  if (!COMPRESSED.test(c.req.path)) return null;
  if (!compressedLinks.has(c.req.raw)) compressedLinks.set(c.req.raw, digitalLinkFromCompressed(c.req.path.slice(1)));
  return compressedLinks.get(c.req.raw)!;
}

export function resolverRoutes(deps: AppDeps, state: PublicState) {
  const r = new Hono<AppEnv>();
  const pc = publicContext(deps, state);

  r.use('/01/*', async (c, next) => {
    if (c.req.method === 'OPTIONS') c.header('Allow', 'GET, HEAD, OPTIONS');
    await next();
  });
  for (const path of ['/01/*', '/verify/*', '/ocop/*', '/.well-known/gs1resolver']) r.use(path, resolverCors);
  // A compressed Digital Link gets what /01/… gets; any other path is left to the routes after this.
  r.use('*', async (c, next) => {
    if (!compressedLinkOf(c)) return next();
    if (c.req.method === 'OPTIONS') c.header('Allow', 'GET, HEAD, OPTIONS');
    return resolverCors(c, next);
  });
  r.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS' || !(BUDGETED.test(c.req.path) || compressedLinkOf(c))) return next();
    const wait = await state.requests.take(await pc.clientOf(c));
    if (wait !== null) return limited(c, wait);
    return next();
  });

  r.get('/.well-known/gs1resolver', (c) => c.json(resolverDescription(pc.base)));

  /**
   * The answer to a Digital Link, however it was written. `extraQuery` holds key=value pairs that
   * came compressed inside the path (the URI's own query string wins).
   */
  async function resolve(
    c: Context<AppEnv>,
    path: DigitalLinkPath | DigitalLinkProblem,
    extraQuery: Record<string, string> = {},
  ) {
    const lang = pc.langOf(c);
    const linkType = c.req.query('linkType') ?? extraQuery.linkType;
    // `all` is the older spelling of `linkset` that GS1 resolvers still answer.
    const wantsLinkset =
      linkType === 'linkset' || linkType === 'all' || /application\/linkset\+json/.test(c.req.header('accept') ?? '');
    if ('problem' in path) {
      if (!wantsLinkset && /text\/html/.test(c.req.header('accept') ?? '')) {
        const page = (
          <MessagePage
            lang={lang}
            switchHref={switchLangHref(new URL(c.req.url), lang)}
            title={T[lang].badRequest}
            message={path.problem}
          />
        );
        return html(c, page, 400);
      }
      return errorJson(c, 'VALIDATION_FAILED', `Not a valid GS1 Digital Link: ${path.problem}`, { path: c.req.path });
    }
    const lot = path.lot !== null ? `/10/${encodeAiValue(path.lot)}` : '';
    const self = `${pc.base}/01/${path.gtin14}${lot}${path.serial !== null ? `/21/${encodeAiValue(path.serial)}` : ''}`;
    const headers = {
      Link: `<${self}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`,
      Vary: 'Accept, Accept-Language',
    };
    // Looked up only where needed: a known stamp's page comes from the cached batch view.
    let productLookup: ReturnType<typeof getProductByGtin> | undefined;
    const loadProduct = () => (productLookup ??= getProductByGtin(deps.sql, path.gtin14));

    // Links and the linkset need no scan; they exist for the product, lot or stamp as addressed.
    if (wantsLinkset || linkType) {
      const product = await loadProduct();
      if (!product) return errorJson(c, 'NOT_FOUND', 'No product has this GTIN', { gtin: path.gtin14 }, headers);
      return linkAnswer(c, pc, { path, self, productId: product.id, headers }, wantsLinkset ? undefined : linkType);
    }
    const page = { lang, switchHref: switchLangHref(new URL(c.req.url), lang), headers };
    if (path.serial !== null) return stampAnswer(c, pc, page, { ...path, serial: path.serial }, loadProduct);
    const product = await loadProduct();
    if (!product) return notOnRecord(c, page);
    return path.lot === null ? productAnswer(c, pc, page, product) : batchAnswer(c, pc, page, product, path.lot);
  }

  r.get('/01/*', (c) => resolve(c, parseDigitalLinkPath(c.req.path)));
  // A compressed Digital Link (/AQnO2IRC…) is answered as its uncompressed form, whose URI the
  // answer's Link header names; a path that does not decode to a GTIN goes on to the other routes.
  r.get('/:compressed{[A-Za-z0-9_-]{10,}}', async (c, next) => {
    const found = compressedLinkOf(c);
    if (!found) return next();
    return 'problem' in found ? resolve(c, found) : resolve(c, found.link, Object.fromEntries(found.other));
  });

  r.route('/', passportRoutes(pc));
  r.route('/', verifyRoutes(pc));
  r.route('/', reportRoutes(pc));
  return r;
}
