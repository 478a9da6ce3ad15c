// The stamp page (/01/{gtin}/10/{lot}/21/{serial}): the scan is recorded first (its count is part
// of the verdict), then the verdict, the batch as sealed and the scan history. The page of a known
// stamp differs from its neighbours' only by the serial and the scan history, so it is rendered
// once per batch view, language, verdict and day and filled in per request.
import type { Context } from 'hono';
import type { DigitalLinkPath } from '../../domain/digital-link-parse';
import { stampUri } from '../../domain/digital-link';
import { credentialUrls } from '../../domain/untp-common';
import { checkSerial } from '../../domain/serial';
import { scanWarning, stampVerdict, vouchesFor } from '../../domain/stamp-verdict';
import type { Product } from '../../db/products-store';
import { productPageProducer } from '../../db/public-pages-store';
import type { Lang } from '../../pages/i18n';
import { BatchDetails, SHARE_POSITION_SCRIPT, ScanHistory, StampPage } from '../../pages/stamp';
import { stampOg } from '../../pages/og';
import type { BatchView } from '../../scanning/batch-view';
import { isBot, userAgentFamily } from '../../scanning/client';
import { directScanWriter } from '../../scanning/scan-writer';
import { pagePolicy, scriptHash } from '../security-headers';
import type { AppEnv } from '../types';
import { html, limited, type PublicContext } from './context';
import { type AddressedPage, notOnRecord } from './item-pages';

let stampPolicy: Promise<string> | undefined;
/** The stamp page's policy, the same for every answer: built once, on the first stamp page. */
function stampPagePolicy(): Promise<string> {
  stampPolicy ??= scriptHash(SHARE_POSITION_SCRIPT).then((share) =>
    pagePolicy({ scripts: [share], connect: true, forms: true, productImages: true }),
  );
  return stampPolicy;
}

const SERIAL_TOKEN = 'QQSERIALTOKENQQ';
const SCANS_TOKEN = '<!--scan-history-->';
/** A serial of ours, well formed: only these pages are worth keeping as templates. */
const OUR_SERIAL = /^[2-9A-HJKMNP-Z]{14}$/;

export async function stampAnswer(
  c: Context<AppEnv>,
  pc: PublicContext,
  a: AddressedPage,
  path: DigitalLinkPath & { serial: string },
  loadProduct: () => Promise<Product | null>,
) {
  const { deps, state, base } = pc;
  const client = await pc.clientOf(c);
  // Guessing serials (or GTINs) is what this budget stops: a client that has tried too many
  // codes that are not on record gets 429 before anything is looked up. The budget is counted in
  // PostgreSQL for every instance; this peek asks only this instance's memory of refusals.
  const wait = await pc.limits.unknownSerials.peek(client);
  if (wait !== null) return limited(c, wait);

  const serial = path.serial.toUpperCase();
  const shape = checkSerial(serial);
  const scanned = await (state.scans ?? directScanWriter(deps.sql)).record({
    serial: shape === 'malformed' ? path.serial : serial,
    gtin: path.gtin14,
    lot: path.lot,
    clientHash: client,
    userAgentFamily: userAgentFamily(c.req.header('user-agent')),
    language: a.lang,
    isBot: isBot(c.req.method, c.req.header('user-agent')),
    at: deps.clock(),
  });
  const elsewhere = scanned === 'other_product';
  const stamp = elsewhere ? null : scanned;
  if (!stamp) {
    // A real serial under a foreign address tells a guesser as much as a hit: it spends the budget too.
    // Refused here when the budget was spent through another instance: no answer for this guess either.
    const over = await pc.limits.unknownSerials.take(client);
    if (over !== null) return limited(c, over);
    if (!elsewhere && !(await loadProduct())) return notOnRecord(c, a);
  }
  const recall = stamp ? await state.recalls.get(deps.sql, stamp.batchId) : null;
  const verdict = stampVerdict(stamp, !!recall, shape, elsewhere);
  let view: BatchView | null = null;
  let warning = false;
  if (stamp) {
    view = await state.views.get(deps.sql, deps.keyring, stamp.batchId);
    warning = scanWarning({ count: stamp.scanCount, firstScannedAt: stamp.firstScannedAt }, deps.clock(), {
      threshold: deps.config.SCAN_WARNING_THRESHOLD,
      afterDays: deps.config.SCAN_WARNING_AFTER_DAYS,
    });
  }
  const today = pc.today();
  const lang = a.lang;
  // A stamp reached by another spelling of its address (the lot in another case, the lot left
  // out) is shown and reported under the address printed on it, which the Link header names.
  const canonical = stamp ? stampUri(base, stamp.gtin, stamp.lotCode, stamp.serial) : null;
  const props = {
    lang,
    switchHref: a.switchHref,
    verdict,
    lot: stamp ? stamp.lotCode : path.lot,
    gtin: path.gtin14,
    view,
    product: stamp ? null : await productBasics(pc, lang, await loadProduct()),
    scanWarning: warning,
    recall,
    today,
    recordUrl: view ? `${base}/api/v1/batches/${view.batchId}/record` : null,
    passport: view
      ? { dppUrl: credentialUrls(base).dpp(view.batchId), dteUrl: credentialUrls(base).dte(view.batchId) }
      : null,
    jwksUrl: `${base}/.well-known/jwks.json`,
    modelUrl: view?.model ? `${base}/models/${view.model.slug}?lang=${lang}` : null,
    reportAction: '/report',
  };
  const headers = {
    ...a.headers,
    ...(canonical
      ? {
          Link: `<${canonical}?linkType=linkset>; rel="linkset"; type="application/linkset+json", <${canonical}>; rel="canonical"`,
        }
      : {}),
    'Cache-Control': 'no-store',
  };
  if (stamp && view && OUR_SERIAL.test(serial)) {
    // The one page with a script (sharing a position); it is allowed by its hash, and posts the report form here.
    const policy = await stampPagePolicy();
    const vouched = vouchesFor(verdict, warning);
    const template = stampTemplate(view, `${lang}|${verdict}|${warning}|${today}|${recall?.reason ?? ''}`, () =>
      String(
        <StampPage
          {...props}
          serial={SERIAL_TOKEN}
          scans={null}
          scansHtml={SCANS_TOKEN}
          sharePosition
          detailsHtml={detailsHtml(view, lang, props.modelUrl, vouched, { ...props.passport!, recalled: !!recall })}
          og={stampOg(base, lang, view, today, stampUri(base, stamp.gtin, stamp.lotCode, SERIAL_TOKEN))}
        />,
      ),
    );
    const scans = String(<ScanHistory lang={lang} scans={{ count: stamp.scanCount, first: stamp.firstScannedAt }} />);
    return c.html(`<!doctype html>${template.replaceAll(SERIAL_TOKEN, serial).replace(SCANS_TOKEN, scans)}`, 200, {
      ...headers,
      'Content-Security-Policy': policy,
    });
  }
  const scans = stamp ? { count: stamp.scanCount, first: stamp.firstScannedAt } : null;
  const og = view && canonical ? stampOg(base, lang, view, today, canonical) : undefined;
  return html(
    c,
    <StampPage {...props} serial={serial} scans={scans} sharePosition={false} og={og} />,
    stamp ? 200 : 404,
    {
      ...headers,
      'Content-Security-Policy': pagePolicy({ forms: true, productImages: true }),
    },
  );
}

/** Rendered pages kept with the batch view they came from (views live a few seconds). */
function memoOnView(): (view: BatchView, key: string, render: () => string) => string {
  const byView = new WeakMap<BatchView, Map<string, string>>();
  return (view, key, render) => {
    let byKey = byView.get(view);
    if (!byKey) {
      byKey = new Map();
      byView.set(view, byKey);
    }
    let page = byKey.get(key);
    if (page === undefined) {
      page = render();
      byKey.set(key, page);
    }
    return page;
  };
}

const stampTemplate = memoOnView();
const renderedDetails = memoOnView();

/**
 * BatchDetails rendered once per view, language, model link, whether the page vouches for the
 * stamp and whether the batch is recalled (its passport line says so).
 */
function detailsHtml(
  view: BatchView,
  lang: Lang,
  modelUrl: string | null,
  vouched: boolean,
  passport: { dppUrl: string; dteUrl: string; recalled: boolean },
) {
  return renderedDetails(view, `${lang}|${modelUrl}|${vouched}|${passport.recalled}`, () =>
    String(<BatchDetails lang={lang} view={view} modelUrl={modelUrl} vouched={vouched} passport={passport} />),
  );
}

/** The product a stamp's address names, when the stamp is not on record under it: name, photo and producer. */
async function productBasics(pc: PublicContext, lang: Lang, product: Product | null) {
  if (!product) return null;
  const producer = await productPageProducer(pc.deps.sql, product.ownerId);
  return {
    name: lang === 'en' && product.nameEn ? product.nameEn : product.nameVi,
    imageUrl: product.imageUrl,
    producer: producer ? `${producer.name}, ${producer.province}` : '—',
  };
}
