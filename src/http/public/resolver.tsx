// The GS1 Digital Link resolver (ISO/IEC 18975) and the public pages behind it:
//   /01/{gtin}/10/{lot}/21/{serial}  the stamp page (a scan is recorded before it is answered)
//   /01/{gtin}/10/{lot}              the batch page
//   /01/{gtin}                       the product page with its OCOP certificates
// Browsers get HTML; `Accept: application/linkset+json` or `?linkType=linkset` gets the RFC 9264
// linkset; `?linkType=gs1:…` redirects to that link (307) or answers 404. Every answer carries a
// Link header to the linkset and CORS headers; GET, HEAD and OPTIONS work.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { parseDigitalLinkPath, type DigitalLinkPath } from '../../domain/digital-link-parse';
import { stampUri, encodeAiValue } from '../../domain/digital-link';
import { checkSerial } from '../../domain/serial';
import { scanWarning, stampVerdict } from '../../domain/stamp-verdict';
import { vietnamToday } from '../../domain/calendar';
import { getProductByGtin } from '../../db/products-store';
import { addScanPosition, insertFakeReport } from '../../db/scans-store';
import {
  firstRecordedBatchOfLot, latestSealedBatchOfLot, listingsOfProduct, modelsOfProduct, productPageProducer, stampCheck,
} from '../../db/public-pages-store';
import { directScanWriter } from '../../scanning/scan-writer';
import { clientHash, isBot, userAgentFamily } from '../../scanning/client';
import type { BatchView } from '../../scanning/batch-view';
import type { PublicState } from './state';
import { pickLang, T, type Lang } from '../../pages/i18n';
import { switchLangHref } from '../../pages/layout';
import { BatchPage, MessagePage, ProductPage } from '../../pages/product';
import { BatchDetails, ScanHistory, StampPage } from '../../pages/stamp';
import { errorJson } from '../error-response';
import type { AppDeps, AppEnv } from '../types';

const GS1 = 'https://gs1.org/voc/';
const LINK_TYPES = ['pip', 'verificationService', 'traceability', 'certificationInfo', 'hasRetailers'] as const;

interface Link {
  href: string;
  title: string;
  hreflang?: string[];
  type?: string;
}
type Links = Partial<Record<(typeof LINK_TYPES)[number], Link[]>>;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, Accept-Language',
  'Access-Control-Expose-Headers': 'Link, Location',
};

function html(c: Context<AppEnv>, node: Child, status = 200, headers: Record<string, string> = {}) {
  return c.html('<!doctype html>' + String(node), status as 200, headers);
}

export function resolverRoutes(deps: AppDeps, state: PublicState) {
  const r = new Hono<AppEnv>();
  const base = deps.config.PUBLIC_BASE_URL;
  const address = (c: Context) => deps.clientAddress?.(c) ?? (c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown');
  const today = () => vietnamToday(deps.clock());
  const langOf = (c: Context) => pickLang(c.req.query('lang'), c.req.header('accept-language'));

  /** 429 for a client over its budget, with Retry-After. */
  function limited(c: Context<AppEnv>, seconds: number) {
    return errorJson(c, 'RATE_LIMITED', 'Too many requests from your network; try again later', { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds), ...CORS });
  }

  r.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const p = c.req.path;
    if (!(p.startsWith('/01/') || p === '/report' || p.startsWith('/scans/') || p.startsWith('/verify/') || p.startsWith('/ocop/'))) return next();
    const wait = state.requests.take(await clientHash(address(c), today()));
    if (wait !== null) return limited(c, wait);
    return next();
  });

  r.get('/.well-known/gs1resolver', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({
      name: 'ocop-trace GS1 Digital Link resolver',
      resolverRoot: base,
      supportedPrimaryKeys: ['01'],
      supportedQualifiers: { '01': ['22', '10', '21'] },
      linkTypeDefault: `${GS1}pip`,
      supportedLinkType: LINK_TYPES.map((t) => ({ namespace: GS1, prefix: 'gs1:', profile: `${GS1}${t}` })),
      linksetSupport: { queryParameter: 'linkType=linkset', mediaType: 'application/linkset+json' },
      supportedLanguages: ['vi', 'en'],
    });
  });

  r.options('/01/*', (c) => c.body(null, 204, { ...CORS, Allow: 'GET, HEAD, OPTIONS' }));

  r.get('/01/*', async (c) => {
    const parsed = parseDigitalLinkPath(c.req.path);
    const lang = langOf(c);
    const wantsLinkset = c.req.query('linkType') === 'linkset' || /application\/linkset\+json/.test(c.req.header('accept') ?? '');
    if ('problem' in parsed) {
      if (!wantsLinkset && /text\/html/.test(c.req.header('accept') ?? '')) {
        return html(c, <MessagePage lang={lang} switchHref={switchLangHref(new URL(c.req.url), lang)} title={T[lang].badRequest} message={parsed.problem} />, 400, CORS);
      }
      return errorJson(c, 'VALIDATION_FAILED', `Not a valid GS1 Digital Link: ${parsed.problem}`, { path: c.req.path }, CORS);
    }
    const self = `${base}/01/${parsed.gtin14}${parsed.lot !== null ? `/10/${encodeAiValue(parsed.lot)}` : ''}${parsed.serial !== null ? `/21/${encodeAiValue(parsed.serial)}` : ''}`;
    const headers: Record<string, string> = {
      ...CORS,
      Link: `<${self}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`,
      Vary: 'Accept, Accept-Language',
    };
    // Looked up only where needed: a known stamp's page comes from the cached batch view.
    let productLookup: ReturnType<typeof getProductByGtin> | undefined;
    const loadProduct = () => (productLookup ??= getProductByGtin(deps.sql, parsed.gtin14));
    const linkType = c.req.query('linkType');

    // Links and the linkset need no scan; they exist for the product, lot or stamp as addressed.
    if (wantsLinkset || (linkType && linkType !== 'all')) {
      const product = await loadProduct();
      if (!product) return errorJson(c, 'NOT_FOUND', 'No product has this GTIN', { gtin: parsed.gtin14 }, headers);
      const links = await linksFor(deps, parsed, self, product.id);
      if (wantsLinkset) {
        const entry: Record<string, unknown> = { anchor: self };
        for (const [t, list] of Object.entries(links)) if (list?.length) entry[`${GS1}${t}`] = list;
        return c.body(JSON.stringify({ linkset: [entry] }), 200, { ...headers, 'Content-Type': 'application/linkset+json' });
      }
      const wanted = linkType!.replace(/^gs1:/, '').replace(GS1, '');
      const target = (links as Record<string, Link[] | undefined>)[wanted];
      const chosen = target?.find((l) => !l.hreflang || l.hreflang.includes(lang)) ?? target?.[0];
      if (!chosen) return errorJson(c, 'NOT_FOUND', `No ${linkType} link for this item`, { linkType }, headers);
      // pass the rest of the query string on
      const rest = new URL(c.req.url).searchParams;
      rest.delete('linkType');
      const location = rest.size && chosen.href.startsWith(base) ? `${chosen.href}${chosen.href.includes('?') ? '&' : '?'}${rest}` : chosen.href;
      return c.body(null, 307, { ...headers, Location: location });
    }

    const switchHref = switchLangHref(new URL(c.req.url), lang);
    const hash = await clientHash(address(c), today());
    if (parsed.serial !== null) {
      // Guessing serials (or GTINs) is what this budget stops: a client that has tried too many
      // codes that are not on record gets 429 before anything is looked up.
      const wait = state.unknownSerials.peek(hash);
      if (wait !== null) return limited(c, wait);
    }
    const notFound = () => html(c, <MessagePage lang={lang} switchHref={switchHref} title={T[lang].notFoundTitle} message={T[lang].verdict.unknownHint} />, 404, headers);
    if (parsed.serial === null && parsed.lot === null) {
      const product = await loadProduct();
      if (!product) return notFound();
      const producer = await productPageProducer(deps.sql, product.ownerId);
      const models = await modelsOfProduct(deps.sql, product.id);
      return html(c, <ProductPage lang={lang} switchHref={switchHref} product={product} producer={producer!} models={models} today={today()} />, 200, { ...headers, 'Cache-Control': 'public, max-age=60' });
    }
    if (parsed.serial === null) {
      const product = await loadProduct();
      if (!product) return notFound();
      const batchId = await firstRecordedBatchOfLot(deps.sql, product.id, parsed.lot!);
      const view = batchId ? await state.views.get(deps.sql, deps.keyring, batchId) : null;
      if (!view) return html(c, <MessagePage lang={lang} switchHref={switchHref} title={T[lang].notFoundTitle} message={T[lang].verdict.unknownHint} />, 404, headers);
      const recall = await state.recalls.get(deps.sql, view.batchId);
      return html(c, <BatchPage lang={lang} switchHref={switchHref} view={view} today={today()} recordUrl={`${base}/api/v1/batches/${view.batchId}/record`} jwksUrl={`${base}/.well-known/jwks.json`} modelUrl={view.model ? `${base}/models/${view.model.slug}?lang=${lang}` : null} recall={recall} />, 200, { ...headers, 'Cache-Control': 'public, max-age=5' });
    }

    // A stamp: the verdict needs this request's own scan, so nothing here is cached downstream.
    const serial = parsed.serial.toUpperCase();
    const shape = checkSerial(serial);
    const bot = isBot(c.req.method, c.req.header('user-agent'));
    const scanInput = {
      serial: shape === 'malformed' ? parsed.serial : serial,
      gtin: parsed.gtin14,
      lot: parsed.lot,
      clientHash: hash,
      userAgentFamily: userAgentFamily(c.req.header('user-agent')),
      language: lang,
      isBot: bot,
      at: deps.clock(),
    };
    const stamp = await (state.scans ?? directScanWriter(deps.sql)).record(scanInput);
    if (!stamp) {
      state.unknownSerials.take(hash);
      if (!(await loadProduct())) return notFound();
    }
    const recall = stamp ? await state.recalls.get(deps.sql, stamp.batchId) : null;
    const verdict = stampVerdict(stamp, !!recall, shape);
    let view: BatchView | null = null;
    let warning = false;
    if (stamp) {
      view = await state.views.get(deps.sql, deps.keyring, stamp.batchId);
      warning = scanWarning({ count: stamp.scanCount, firstScannedAt: stamp.firstScannedAt }, deps.clock(), {
        threshold: deps.config.SCAN_WARNING_THRESHOLD,
        afterDays: deps.config.SCAN_WARNING_AFTER_DAYS,
      });
    }
    const props = {
      lang, switchHref, verdict, lot: parsed.lot, gtin: parsed.gtin14, view,
      productName: stamp ? null : await loadProduct().then((p) => (p ? (lang === 'en' && p.nameEn ? p.nameEn : p.nameVi) : null)),
      recall, today: today(),
      recordUrl: view ? `${base}/api/v1/batches/${view.batchId}/record` : null,
      jwksUrl: `${base}/.well-known/jwks.json`,
      modelUrl: view?.model ? `${base}/models/${view.model.slug}?lang=${lang}` : null,
      reportAction: '/report',
    };
    if (stamp && view && /^[2-9A-HJKMNP-Z]{14}$/.test(serial)) {
      // The page of a known stamp differs from its neighbours' only by the serial and the scan
      // history: render it once per batch view, language, verdict and day, then fill those in.
      const scans = String(<ScanHistory lang={lang} scans={{ count: stamp.scanCount, first: stamp.firstScannedAt, warning }} />);
      const template = stampTemplate(view, `${lang}|${verdict}|${props.today}|${recall?.reason ?? ''}`, () =>
        String(<StampPage {...props} serial={SERIAL_TOKEN} scans={null} scansHtml={SCANS_TOKEN} sharePosition
          detailsHtml={detailsHtml(view!, lang, props.today, { recordUrl: props.recordUrl!, jwksUrl: props.jwksUrl, modelUrl: props.modelUrl })} />),
      );
      const body = '<!doctype html>' + template.replaceAll(SERIAL_TOKEN, serial).replace(SCANS_TOKEN, scans);
      return c.html(body, 200, { ...headers, 'Cache-Control': 'no-store' });
    }
    const page = (
      <StampPage
        {...props}
        serial={serial}
        scans={stamp ? { count: stamp.scanCount, first: stamp.firstScannedAt, warning } : null}
        sharePosition={false}
      />
    );
    return html(c, page, stamp ? 200 : 404, { ...headers, 'Cache-Control': 'no-store' });
  });

  // The authenticity check as data (gs1:verificationService): no scan is recorded.
  r.get('/verify/:gtin/:lot/:serial', async (c) => {
    const parsed = parseDigitalLinkPath(`/01/${c.req.param('gtin')}/10/${c.req.param('lot')}/21/${c.req.param('serial')}`);
    if ('problem' in parsed) return errorJson(c, 'VALIDATION_FAILED', parsed.problem, null, CORS);
    const serial = parsed.serial!.toUpperCase();
    const row = await stampCheck(deps.sql, parsed.gtin14, parsed.lot, serial);
    const hash = await clientHash(address(c), today());
    if (!row) {
      const wait = state.unknownSerials.take(hash);
      if (wait !== null) return limited(c, wait);
    }
    const verdict = stampVerdict(row ?? null, !!row?.recalled, checkSerial(serial));
    return c.json({ gtin: parsed.gtin14, lot: parsed.lot, serial, verdict, genuine: verdict === 'genuine', scanCount: row?.scanCount ?? null, page: stampUri(base, parsed.gtin14, parsed.lot!, serial) }, row ? 200 : 404, { ...CORS, 'Cache-Control': 'no-store' });
  });

  // OCOP certificate information (gs1:certificationInfo) as JSON.
  r.get('/ocop/:gtin', async (c) => {
    const parsed = parseDigitalLinkPath(`/01/${c.req.param('gtin')}`);
    if ('problem' in parsed) return errorJson(c, 'VALIDATION_FAILED', parsed.problem, null, CORS);
    const product = await getProductByGtin(deps.sql, parsed.gtin14);
    if (!product) return errorJson(c, 'NOT_FOUND', 'No product has this GTIN', null, CORS);
    return c.json({
      gtin: product.gtin,
      name: product.nameVi,
      programme: 'OCOP (Decision 148/QĐ-TTg, 1489/QĐ-TTg)',
      ratings: product.ratings.map((x) => ({ ...x, expired: x.validUntil < today() })),
    }, 200, { ...CORS, 'Cache-Control': 'public, max-age=300' });
  });

  const reportBody = z.object({
    gtin: z.string().regex(/^\d{14}$/),
    lot: z.string().max(20).optional().default(''),
    serial: z.string().min(1).max(40),
    verdict: z.string().max(20),
    lang: z.enum(['vi', 'en']).optional(),
    message: z.string().trim().min(1).max(2000),
    contact: z.string().trim().max(200).optional().default(''),
  });
  r.post('/report', async (c) => {
    const hash = await clientHash(address(c), today());
    const wait = state.reports.take(hash);
    if (wait !== null) return limited(c, wait);
    const type = c.req.header('content-type') ?? '';
    const raw = /json/.test(type) ? await c.req.json().catch(() => null) : /form/.test(type) ? Object.fromEntries(await c.req.formData().catch(() => new FormData())) : null;
    const parsed = reportBody.safeParse(raw);
    if (!parsed.success) {
      return errorJson(c, 'VALIDATION_FAILED', 'The report is not valid', parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
    }
    const b = parsed.data;
    await insertFakeReport(deps.sql, {
      serial: b.serial, gtin: b.gtin, lot: b.lot || null, verdict: b.verdict, message: b.message, contact: b.contact || null, clientHash: hash, at: deps.clock(),
    });
    const lang: Lang = b.lang ?? langOf(c);
    if (/json/.test(type)) return c.json({ received: true }, 201);
    const back = b.lot ? stampUri('', b.gtin, b.lot, b.serial) : `/01/${b.gtin}`;
    return html(c, (
      <MessagePage lang={lang} switchHref={`/report?lang=${lang === 'vi' ? 'en' : 'vi'}`} title={T[lang].report} message={T[lang].reportThanks} />
    ), 201, { 'Cache-Control': 'no-store', 'X-Back': back });
  });

  r.post('/scans/position', async (c) => {
    const body = z.object({ serial: z.string().min(1).max(40), lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return errorJson(c, 'VALIDATION_FAILED', 'Send {"serial": string, "lat": number, "lon": number}');
    const ok = await addScanPosition(deps.sql, body.data.serial.toUpperCase(), await clientHash(address(c), today()), body.data.lat, body.data.lon, new Date(deps.clock().getTime() - 15 * 60_000));
    return ok ? c.body(null, 204) : errorJson(c, 'NOT_FOUND', 'No recent scan of this stamp from your network');
  });

  return r;
}

const SERIAL_TOKEN = 'QQSERIALTOKENQQ';
const SCANS_TOKEN = '<!--scan-history-->';
const stampTemplates = new WeakMap<BatchView, Map<string, string>>();
function stampTemplate(view: BatchView, key: string, render: () => string): string {
  let byKey = stampTemplates.get(view);
  if (!byKey) stampTemplates.set(view, (byKey = new Map()));
  let t = byKey.get(key);
  if (t === undefined) byKey.set(key, (t = render()));
  return t;
}

/** BatchDetails rendered once per view (views live a few seconds), language and day. */
const renderedDetails = new WeakMap<BatchView, Map<string, string>>();
function detailsHtml(view: BatchView, lang: Lang, today: string, urls: { recordUrl: string; jwksUrl: string; modelUrl: string | null }): string {
  let byKey = renderedDetails.get(view);
  if (!byKey) renderedDetails.set(view, (byKey = new Map()));
  const key = `${lang}|${today}|${urls.modelUrl}`;
  let html = byKey.get(key);
  if (html === undefined) {
    html = String(<BatchDetails lang={lang} view={view} today={today} {...urls} />);
    byKey.set(key, html);
  }
  return html;
}

async function linksFor(deps: AppDeps, p: DigitalLinkPath, self: string, productId: string): Promise<Links> {
  const base = deps.config.PUBLIC_BASE_URL;
  const links: Links = {
    pip: [
      { href: self, title: 'Thông tin sản phẩm', hreflang: ['vi'], type: 'text/html' },
      { href: `${self}?lang=en`, title: 'Product information', hreflang: ['en'], type: 'text/html' },
    ],
    certificationInfo: [{ href: `${base}/ocop/${p.gtin14}`, title: 'OCOP certificates / Chứng nhận OCOP', type: 'application/json' }],
  };
  if (p.serial !== null && p.lot !== null) {
    links.verificationService = [{ href: `${base}/verify/${p.gtin14}/${encodeAiValue(p.lot)}/${encodeAiValue(p.serial.toUpperCase())}`, title: 'Kiểm tra tem / Authenticity check', type: 'application/json' }];
  }
  if (p.lot !== null) {
    const batchId = await latestSealedBatchOfLot(deps.sql, productId, p.lot);
    if (batchId) {
      links.traceability = [{
        href: `${base}/api/v1/batches/${batchId}/record`,
        title: 'Hồ sơ lô hàng đã ký / Signed batch record (JWS)',
        type: 'application/json',
      }];
    }
  }
  const listings = await listingsOfProduct(deps.sql, productId);
  if (listings.length) links.hasRetailers = listings.map((l) => ({ href: l.url, title: l.channel }));
  return links;
}
