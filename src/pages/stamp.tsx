// The page a consumer lands on after scanning a stamp. The first screen of a phone holds the
// verdict (a scan warning is part of it), the product, its stars, producer and dates, and a jump to
// the report form; then where the product came from, the scan history, the shops (only when the
// page vouches for the stamp), what the signature proves, the report form, and the technical
// details, collapsed.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { BatchView } from '../scanning/batch-view';
import { addressLine } from '../domain/address';
import { representativePoint } from '../domain/geo';
import { type Verdict, vouchesFor } from '../domain/stamp-verdict';
import { UNIT_NAMES } from '../domain/units';
import { EVENT_NAMES, SCHEME_LABELS, T, formatDate, formatLatLon, formatNumber, formatTime, type Lang } from './i18n';
import { Layout } from './layout';
import type { OgMeta } from './og';
import { ProductPhoto, photoAlt } from './photo';
import type { PhotoRef } from '../photos/urls';

export interface StampPageProps {
  lang: Lang;
  switchHref: string;
  verdict: Verdict;
  serial: string;
  lot: string | null;
  view: BatchView | null;
  /** product basics when only the GTIN is known (unknown, mistyped or copied serial) */
  product: { name: string; imageUrl: string | null; producer: string } | null;
  scans: { count: number; first: Date | null } | null;
  /** scanned too often (or first long ago): part of the verdict */
  scanWarning: boolean;
  /** offer the opt-in coarse-position button (a person's scan of a known stamp) */
  sharePosition: boolean;
  recall: { reason: string; authority: string; recalledOn: string } | null;
  today: string;
  recordUrl: string | null;
  /** the UNTP credentials of the version shown (its passport line says whether it is valid) */
  passport?: { dppUrl: string; dteUrl: string } | null;
  jwksUrl: string;
  modelUrl: string | null;
  reportAction: string;
  gtin: string;
  /** the scan-history section already rendered (the per-request part of a cached page) */
  scansHtml?: string;
  /** BatchDetails already rendered for this view and language (the part that is the same for every stamp) */
  detailsHtml?: string;
  /** link-preview tags: the product, never the verdict */
  og?: OgMeta;
}

type VerdictStyle = { cls: string; icon: string; key: keyof (typeof T)['vi']['verdict'] };

const VERDICT_STYLE: Record<Verdict, VerdictStyle> = {
  genuine: { cls: 'ok', icon: '✔', key: 'genuine' },
  not_activated: { cls: 'warn', icon: '!', key: 'notActivated' },
  void: { cls: 'bad', icon: '✖', key: 'void' },
  recalled: { cls: 'bad', icon: '⚠', key: 'recalled' },
  unknown: { cls: 'bad', icon: '✖', key: 'unknown' },
  mistyped: { cls: 'warn', icon: '?', key: 'mistyped' },
  other_product: { cls: 'bad', icon: '✖', key: 'otherProduct' },
};
/** A genuine stamp scanned too often: amber, in words, never the green "genuine" box. */
const SCANNED_OFTEN: VerdictStyle = { cls: 'warn', icon: '!', key: 'scannedOften' };

function Stars({ n, label }: { n: number; label: string }) {
  return (
    <span class="stars" role="img" aria-label={label}>
      {'★'.repeat(n)}
    </span>
  );
}

/** A test result as entered; a plain number ("0.05") in the page's number format ("0,05"). */
function measured(lang: Lang, value: string): string {
  const m = /^-?\d+(?:\.(\d+))?$/.exec(value.trim());
  return m ? formatNumber(lang, Number(value), m[1]?.length ?? 0) : value;
}

/** The OCOP rating in a line: stars and how long it holds (the decision is in the batch section). */
function Ocop({ lang, view, today }: { lang: Lang; view: BatchView; today: string }) {
  const t = T[lang];
  const ocop = view.record.ocop;
  if (ocop.status !== 'valid') return <p class="ocop">{t.noRating}</p>;
  const r = ocop.rating;
  const expired = r.validUntil < today;
  return (
    <p class="ocop">
      <Stars n={r.stars} label={t.stars(r.stars)} /> <b>OCOP {t.stars(r.stars)}</b>
      <span class="muted">
        {' '}
        ·{' '}
        {expired ? (
          <b>
            {t.ratingExpired} ({formatDate(lang, r.validUntil)})
          </b>
        ) : (
          <>
            {t.validUntil} {formatDate(lang, r.validUntil)}
          </>
        )}
      </span>
    </p>
  );
}

/** The OCOP decision behind the rating, for the batch section. */
function OcopDecision({ lang, view }: { lang: Lang; view: BatchView }) {
  const t = T[lang];
  const ocop = view.record.ocop;
  if (ocop.status !== 'valid') return null;
  const r = ocop.rating;
  return (
    <>
      <dt>{t.ocop}</dt>
      <dd>
        {t.stars(r.stars)} · {t.decision} {r.decisionNumber} {t.decisionDate} {formatDate(lang, r.decisionDate)} (
        {t.issuedBy[r.issuingLevel]}), {t.validUntil.toLowerCase()} {formatDate(lang, r.validUntil)}
      </dd>
    </>
  );
}

/** The product as the first screen shows it: name, photo, stars, producer, dates and lot. */
export function ProductSummary({
  lang,
  name,
  nameVi,
  imageUrl,
  photo,
  stars,
  producer,
  batch,
}: {
  lang: Lang;
  name: string;
  /** the Vietnamese name beside an English one */
  nameVi: string | null;
  imageUrl: string | null;
  /** the product's main photo, served from this site (shown instead of imageUrl) */
  photo?: PhotoRef | null;
  /** the OCOP rating line, or null when the page does not vouch for one */
  stars: Child | null;
  producer: string;
  batch: { lotCode: string; productionDate: string; expiryDate: string | null } | null;
}) {
  const t = T[lang];
  return (
    <div class="summary">
      {photo ? (
        <ProductPhoto class="thumb" photo={photo} alt={photoAlt(photo, lang, name)} width={112} eager />
      ) : imageUrl ? (
        <img class="thumb" src={imageUrl} alt={name} width="112" height="84" decoding="async" />
      ) : null}
      <h1>
        {name}
        {nameVi ? (
          <span class="muted" lang="vi">
            {' '}
            ({nameVi})
          </span>
        ) : null}
      </h1>
      {stars}
      <dl>
        <dt>{t.producer}</dt>
        <dd>{producer}</dd>
        {batch ? (
          <>
            <dt>{t.productionDate}</dt>
            <dd>{formatDate(lang, batch.productionDate)}</dd>
            <dt>{t.expiryDate}</dt>
            <dd>{formatDate(lang, batch.expiryDate)}</dd>
            <dt>{t.lot}</dt>
            <dd>{batch.lotCode}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** ProductSummary for a batch view. */
export function BatchSummary({ lang, view, today }: { lang: Lang; view: BatchView; today: string }) {
  const rec = view.record;
  const en = lang === 'en' && view.product.nameEn;
  return (
    <ProductSummary
      lang={lang}
      name={en ? view.product.nameEn! : view.product.nameVi}
      nameVi={en ? view.product.nameVi : null}
      imageUrl={view.product.imageUrl}
      photo={view.product.photo}
      stars={<Ocop lang={lang} view={view} today={today} />}
      producer={`${view.cooperative.name}, ${view.cooperative.province}`}
      batch={rec.batch}
    />
  );
}

/**
 * Everything about the batch below the first screen, independent of the stamp and the moment:
 * where it came from, how it was made, the producer's shops (only on a page that vouches for the
 * stamp) and what the signature proves.
 */
export function BatchDetails({
  lang,
  view,
  modelUrl,
  vouched,
  passport,
}: {
  lang: Lang;
  view: BatchView;
  modelUrl: string | null;
  /** the page vouches for what it answers about: shop links and the green mark are offered */
  vouched: boolean;
  /** the UNTP passport of the version shown, and whether the batch is under recall (its status bit) */
  passport?: { dppUrl: string; dteUrl: string; recalled: boolean } | null;
}) {
  const t = T[lang];
  const rec = view.record;
  const coop = view.cooperative;
  const areas = new Map<
    string,
    { area: (typeof rec.inputs)[number]['area']; lots: (typeof rec.inputs)[number]['harvestLot'][] }
  >();
  for (const i of rec.inputs) {
    const a = areas.get(i.area.id) ?? { area: i.area, lots: [] };
    a.lots.push(i.harvestLot);
    areas.set(i.area.id, a);
  }
  return (
    <>
      <section aria-labelledby="h-coop">
        <h2 id="h-coop">{t.cooperative}</h2>
        <p>
          <b>{coop.name}</b>
        </p>
        <dl>
          <dt>{t.address}</dt>
          <dd>
            {addressLine([
              { text: coop.address },
              { text: coop.commune, level: 'commune' },
              { text: coop.province, level: 'province' },
            ])}
          </dd>
          {coop.contactPhone || coop.contactEmail ? (
            <>
              <dt>{t.contact}</dt>
              <dd>
                {coop.contactName ? <>{coop.contactName} · </> : null}
                {coop.contactPhone ? (
                  <a href={`tel:${coop.contactPhone.replace(/[^+\d]/g, '')}`}>{coop.contactPhone}</a>
                ) : null}
                {coop.contactPhone && coop.contactEmail ? ' · ' : null}
                {coop.contactEmail ? <a href={`mailto:${coop.contactEmail}`}>{coop.contactEmail}</a> : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="h-areas">
        <h2 id="h-areas">{t.areas}</h2>
        {[...areas.values()].map(({ area, lots }) => {
          const [lon, lat] = representativePoint(area.location);
          const certs = lots.flatMap((l) => l.certifications);
          const unique = [...new Map(certs.map((c) => [`${c.scheme}/${c.number}`, c])).values()];
          return (
            <div class="card">
              <b>{area.name}</b>
              <div class="muted">
                {addressLine([
                  { text: area.commune, level: 'commune' },
                  { text: area.province, level: 'province' },
                ])}{' '}
                · {formatNumber(lang, area.areaHa)} {t.hectares}
              </div>
              <div>
                {t.harvested}: {lots.map((l) => formatDate(lang, l.harvestedOn)).join(', ')}
              </div>
              <div>
                {t.certifications}:{' '}
                {unique.length
                  ? unique.map((c, i) => (
                      <>
                        {i ? ', ' : ''}
                        {SCHEME_LABELS[lang][c.scheme] || c.scheme} {c.number} ({c.issuer})
                      </>
                    ))
                  : t.noCertifications}
              </div>
              <div>
                {t.coordinates}: {formatLatLon(lang, lat, lon)} ·{' '}
                <a href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=14/${lat}/${lon}`} rel="noopener">
                  {t.openMap}
                </a>
              </div>
            </div>
          );
        })}
      </section>
      {view.model && modelUrl ? (
        <section aria-labelledby="h-model">
          <h2 id="h-model">{t.model}</h2>
          <a href={modelUrl}>{view.model.name}</a>
        </section>
      ) : null}
      <section aria-labelledby="h-batch">
        <h2 id="h-batch">{t.batch}</h2>
        <dl>
          <OcopDecision lang={lang} view={view} />
          <dt>{t.quantity}</dt>
          <dd>
            {formatNumber(lang, rec.batch.quantity)} {UNIT_NAMES[lang][rec.batch.unit] ?? rec.batch.unit}
          </dd>
          {rec.batch.standards.length ? (
            <>
              <dt>{t.standards}</dt>
              <dd>{rec.batch.standards.join('; ')}</dd>
            </>
          ) : null}
        </dl>
        {rec.batch.testResults.length ? (
          <>
            <h3>{t.tests}</h3>
            <ul>
              {rec.batch.testResults.map((r) => (
                <li>
                  {r.name}: {measured(lang, r.value)}
                  {r.unit ? ` ${r.unit}` : ''}
                  {r.lab ? ` — ${r.lab}` : ''}
                  {r.date ? `, ${formatDate(lang, r.date)}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t.timeline}</h3>
        <ol class="timeline">
          {rec.events.map((e) => (
            <li>
              <b>{EVENT_NAMES[lang][e.type] ?? e.type}</b> · {formatTime(lang, e.occurredAt)}
              <div>{e.place.name}</div>
              {e.details ? <div>{e.details}</div> : null}
            </li>
          ))}
        </ol>
      </section>
      {vouched ? <ShopLinks lang={lang} listings={view.product.listings} id="shops" hint /> : null}
      <section aria-labelledby="h-sig" id="signature">
        <h2 id="h-sig">{t.signature}</h2>
        {view.signature.valid ? (
          <p>
            {vouched ? (
              <b class="badge ok">✔ {t.signatureValid}</b>
            ) : (
              <b>
                {t.signatureValid}
                {': '}
              </b>
            )}{' '}
            {t.signatureProves(rec.cooperative.name, formatTime(lang, rec.sealedAt))}
          </p>
        ) : (
          <p>
            <b class="badge bad">✖ {t.signatureInvalid}</b> {t.signatureBroken}
          </p>
        )}
        {passport ? (
          <p id="passport">
            {t.passportLine(rec.batch.version, passport.recalled)}
            {view.correction ? t.passportSuperseded(view.correction.fromVersion) : ''}{' '}
            <a href={passport.dppUrl}>{t.passportLinks.split(' · ')[0]}</a>
            {' · '}
            <a href={passport.dteUrl}>{t.passportLinks.split(' · ')[1]}</a>
          </p>
        ) : null}
        <p class="muted">{t.signatureScope}</p>
      </section>
    </>
  );
}

/** The technical material, collapsed, each item labelled with what it is. No script. */
export function TechnicalDetails({
  lang,
  view,
  serial,
  gtin,
  recordUrl,
  jwksUrl,
}: {
  lang: Lang;
  view: BatchView | null;
  serial: string | null;
  gtin: string;
  recordUrl: string | null;
  jwksUrl: string;
}) {
  const t = T[lang];
  const rec = view?.record;
  return (
    <details class="tech" id="technical">
      <summary>{t.technical}</summary>
      <p class="muted">{t.technicalHint}</p>
      <dl>
        {serial ? (
          <>
            <dt>{t.serialCode}</dt>
            <dd>
              <code>{serial}</code>
            </dd>
          </>
        ) : null}
        <dt>{t.gtin}</dt>
        <dd>
          <code>{gtin}</code>
        </dd>
        {view && rec ? (
          <>
            <dt>{t.batchId}</dt>
            <dd>
              <code>{view.batchId}</code>
            </dd>
            <dt>{t.keyId}</dt>
            <dd>
              <code>{view.signature.kid ?? '—'}</code>
            </dd>
            <dt>{t.sealedBy}</dt>
            <dd>
              <code>{rec.sealedBy.name}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {rec?.events.length ? (
        <>
          <p>{t.stepCodes}:</p>
          <ol>
            {rec.events.map((e) => (
              <li>
                {EVENT_NAMES[lang][e.type] ?? e.type}: <code>{e.productCode}</code> · <code>{e.locationCode}</code>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <ul>
        {recordUrl ? (
          <li>
            <a href={recordUrl}>{t.record}</a>
          </li>
        ) : null}
        <li>
          <a href={jwksUrl}>{t.jwks}</a>
        </li>
      </ul>
    </details>
  );
}

/** The recall of the batch, shown on every page of it. */
export function RecallNotice({
  lang,
  recall,
}: {
  lang: Lang;
  recall: { reason: string; authority: string; recalledOn: string };
}) {
  const t = T[lang];
  return (
    <section class="verdict bad" aria-labelledby="h-recall">
      <h2 id="h-recall">{t.recall}</h2>
      <dl>
        <dt>{t.recallReason}</dt>
        <dd>{recall.reason}</dd>
        <dt>{t.recallAuthority}</dt>
        <dd>{recall.authority}</dd>
        <dt>{t.recallDate}</dt>
        <dd>{formatDate(lang, recall.recalledOn)}</dd>
      </dl>
    </section>
  );
}

export function ScanHistory({ lang, scans }: { lang: Lang; scans: { count: number; first: Date | null } }) {
  const t = T[lang];
  return (
    <section aria-labelledby="h-scans">
      <h2 id="h-scans">{t.scans}</h2>
      <p>
        {t.scannedTimes(scans.count)}
        {scans.first ? (
          <>
            ; {t.firstScanned} {formatTime(lang, scans.first)}
          </>
        ) : null}
        .
      </p>
    </section>
  );
}

/** What the page shows first: the verdict in words, with its icon and colour only as a second cue. */
function VerdictBox({
  lang,
  verdict,
  warning,
  serial,
  lot,
  batchShown,
}: {
  lang: Lang;
  verdict: Verdict;
  warning: boolean;
  serial: string;
  lot: string | null;
  /** the summary below names the lot already */
  batchShown: boolean;
}) {
  const t = T[lang];
  const style = verdictStyle(verdict, warning);
  const hintKey = `${style.key}Hint` as keyof (typeof T)['vi']['verdict'];
  return (
    <section class={`verdict ${style.cls}`} role="status" aria-live="polite" id="verdict">
      <span class="icon" aria-hidden="true">
        {style.icon}
      </span>
      <b>{t.verdict[style.key]}</b>
      <span>{t.verdict[hintKey]}</span>
      {warning && style !== SCANNED_OFTEN ? (
        <strong class="also">
          <span aria-hidden="true">! </span>
          {t.verdict.scannedOften}.
        </strong>
      ) : null}
      <div class="muted">
        {t.serial}: <code>{serial}</code>
        {lot && !batchShown ? (
          <>
            {' '}
            · {t.lot}: {lot}
          </>
        ) : null}
      </div>
    </section>
  );
}

function verdictStyle(verdict: Verdict, warning: boolean) {
  return verdict === 'genuine' && warning ? SCANNED_OFTEN : VERDICT_STYLE[verdict];
}

export function StampPage(p: StampPageProps) {
  const t = T[p.lang];
  const warning = p.scanWarning;
  const style = verdictStyle(p.verdict, warning);
  const vouched = vouchesFor(p.verdict, warning);
  const name = p.view
    ? p.lang === 'en' && p.view.product.nameEn
      ? p.view.product.nameEn
      : p.view.product.nameVi
    : p.product?.name;
  const title = name ? `${name} — ${t.verdict[style.key]}` : t.verdict[style.key];
  return (
    <Layout lang={p.lang} title={title} switchHref={p.switchHref} og={p.og}>
      <VerdictBox
        lang={p.lang}
        verdict={p.verdict}
        warning={warning}
        serial={p.serial}
        lot={p.lot}
        batchShown={!!p.view}
      />
      {p.view ? (
        <BatchSummary lang={p.lang} view={p.view} today={p.today} />
      ) : p.product ? (
        <ProductSummary
          lang={p.lang}
          name={p.product.name}
          nameVi={null}
          imageUrl={p.product.imageUrl}
          stars={null}
          producer={p.product.producer}
          batch={null}
        />
      ) : null}
      <p class="jump">
        {t.reportJumpHint}{' '}
        <a href="#report" class="report-link">
          {t.reportJump}
        </a>
      </p>
      {p.recall ? <RecallNotice lang={p.lang} recall={p.recall} /> : null}
      {p.view?.correction ? (
        <section class="card">
          <b>{t.corrected}</b>
          <div>
            {t.correctedReason}: {p.view.correction.reason}
          </div>
        </section>
      ) : null}
      {p.view ? (
        p.detailsHtml !== undefined ? (
          raw(p.detailsHtml)
        ) : (
          <BatchDetails
            lang={p.lang}
            view={p.view}
            modelUrl={p.modelUrl}
            vouched={vouched}
            passport={p.passport ? { ...p.passport, recalled: !!p.recall } : null}
          />
        )
      ) : null}
      {p.scansHtml !== undefined ? raw(p.scansHtml) : p.scans ? <ScanHistory lang={p.lang} scans={p.scans} /> : null}
      {p.sharePosition ? raw(positionScript(p.lang, p.serial)) : null}
      <section aria-labelledby="h-report" id="report">
        <h2 id="h-report">{t.report}</h2>
        <form method="post" action={p.reportAction}>
          <input type="hidden" name="gtin" value={p.gtin} />
          <input type="hidden" name="lot" value={p.lot ?? ''} />
          <input type="hidden" name="serial" value={p.serial} />
          <input type="hidden" name="verdict" value={p.verdict} />
          <input type="hidden" name="lang" value={p.lang} />
          <label for="report-message">{t.reportText}</label>
          <textarea id="report-message" name="message" rows={3} maxlength={2000} required></textarea>
          <label for="report-contact">{t.reportContact}</label>
          <input id="report-contact" name="contact" maxlength={200} autocomplete="tel" />
          <button type="submit">{t.reportSend}</button>
        </form>
      </section>
      <TechnicalDetails
        lang={p.lang}
        view={p.view}
        serial={p.serial}
        gtin={p.gtin}
        recordUrl={p.recordUrl}
        jwksUrl={p.jwksUrl}
      />
    </Layout>
  );
}

/**
 * The stamp page's only script: the opt-in button below shares a coarse position (0.01°) with this
 * scan. One text for every stamp and language (the serial and the thanks are in the button's
 * data attributes), so the page's Content-Security-Policy allows exactly it, by its hash. Without
 * the script (or without geolocation) the box, its reason and its button stay hidden.
 */
export const SHARE_POSITION_SCRIPT =
  "(function(){var b=document.getElementById('share-pos');if(!b||!navigator.geolocation)return;b.parentNode.hidden=false;b.onclick=function(){navigator.geolocation.getCurrentPosition(function(p){fetch('/scans/position',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({serial:b.dataset.serial,lat:Math.round(p.coords.latitude*100)/100,lon:Math.round(p.coords.longitude*100)/100})}).then(function(){b.textContent=b.dataset.done;b.disabled=true})})}})()";

const attr = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Optional, opt-in, secondary: why a coarse position (0.01°) helps, and a button that shares it with this scan. */
function positionScript(lang: Lang, serial: string): string {
  const t = T[lang];
  return `<div class="share" hidden><p id="share-why">${attr(t.shareWhy)}</p><button type="button" class="secondary" id="share-pos" aria-describedby="share-why" data-serial="${attr(serial)}" data-done="${attr(t.shareDone)}">${attr(t.share)}</button></div><script>${SHARE_POSITION_SCRIPT}</script>`;
}

/** The producer's shops ("Mua trực tuyến"), nothing when it has none; on the stamp page with a hint and an anchor. */
export function ShopLinks(p: {
  lang: Lang;
  listings: { channel: string; url: string }[];
  id?: string;
  hint?: boolean;
}) {
  const t = T[p.lang];
  if (!p.listings.length) return null;
  return (
    <section aria-labelledby="h-shops" id={p.id}>
      <h2 id="h-shops">{t.shops}</h2>
      {p.hint ? <p class="muted">{t.shopsHint}</p> : null}
      <ul>
        {p.listings.map((l) => (
          <li>
            <a href={l.url} rel="noopener nofollow">
              {l.channel}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
