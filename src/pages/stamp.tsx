// The page a consumer lands on after scanning a stamp: the verdict first, then where the product
// came from, the signature check, the scan history and a way to report a fake.
import { raw } from 'hono/html';
import type { BatchView } from '../scanning/batch-view';
import { addressLine } from '../domain/address';
import { representativePoint } from '../domain/geo';
import type { Verdict } from '../domain/stamp-verdict';
import { EVENT_NAMES, SCHEME_NAMES, T, formatDate, formatNumber, formatTime, type Lang } from './i18n';
import { Layout } from './layout';

export interface StampPageProps {
  lang: Lang;
  switchHref: string;
  verdict: Verdict;
  serial: string;
  lot: string | null;
  view: BatchView | null;
  /** product basics when only the GTIN is known (unknown or mistyped serial) */
  productName: string | null;
  scans: { count: number; first: Date | null; warning: boolean } | null;
  /** offer the opt-in coarse-position button (a person's scan of a known stamp) */
  sharePosition: boolean;
  recall: { reason: string; authority: string; recalledOn: string } | null;
  today: string;
  recordUrl: string | null;
  jwksUrl: string;
  modelUrl: string | null;
  reportAction: string;
  gtin: string;
  /** the scan-history section already rendered (the per-request part of a cached page) */
  scansHtml?: string;
  /** BatchDetails already rendered for this view and language (the part that is the same for every stamp) */
  detailsHtml?: string;
}

const VERDICT_STYLE: Record<Verdict, { cls: string; icon: string; key: keyof (typeof T)['vi']['verdict'] }> = {
  genuine: { cls: 'ok', icon: '✔', key: 'genuine' },
  not_activated: { cls: 'warn', icon: '!', key: 'notActivated' },
  void: { cls: 'bad', icon: '✖', key: 'void' },
  recalled: { cls: 'bad', icon: '⚠', key: 'recalled' },
  unknown: { cls: 'bad', icon: '✖', key: 'unknown' },
  mistyped: { cls: 'warn', icon: '?', key: 'mistyped' },
  other_product: { cls: 'bad', icon: '✖', key: 'otherProduct' },
};

function Stars({ n, label }: { n: number; label: string }) {
  return (
    <span class="stars" role="img" aria-label={label}>
      {'★'.repeat(n)}
    </span>
  );
}

function Ocop({ lang, view, today }: { lang: Lang; view: BatchView; today: string }) {
  const t = T[lang];
  const ocop = view.record.ocop;
  if (ocop.status !== 'valid') return <p>{t.noRating}</p>;
  const r = ocop.rating;
  const expired = r.validUntil < today;
  return (
    <div>
      <Stars n={r.stars} label={t.stars(r.stars)} /> <b>{t.stars(r.stars)}</b>
      <div class="muted">
        {t.decision} {r.decisionNumber} {t.decisionDate} {formatDate(lang, r.decisionDate)} (
        {t.issuedBy[r.issuingLevel]})
      </div>
      <div>
        {expired ? (
          <b>
            {t.ratingExpired} ({formatDate(lang, r.validUntil)})
          </b>
        ) : (
          <>
            {t.validUntil}: {formatDate(lang, r.validUntil)}
          </>
        )}
      </div>
    </div>
  );
}

/** Everything about the batch, independent of the stamp and the moment. */
export function BatchDetails({
  lang,
  view,
  today,
  recordUrl,
  jwksUrl,
  modelUrl,
}: {
  lang: Lang;
  view: BatchView;
  today: string;
  recordUrl: string | null;
  jwksUrl: string;
  modelUrl: string | null;
}) {
  const t = T[lang];
  const rec = view.record;
  const name = lang === 'en' && view.product.nameEn ? view.product.nameEn : view.product.nameVi;
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
      <section aria-labelledby="h-product">
        <h2 id="h-product">{t.product}</h2>
        {view.product.imageUrl ? (
          <img src={view.product.imageUrl} alt={name} width="320" height="240" loading="lazy" decoding="async" />
        ) : null}
        <p>
          <b>{name}</b>
          {lang === 'en' && view.product.nameEn ? (
            <span class="muted" lang="vi">
              {' '}
              ({view.product.nameVi})
            </span>
          ) : null}
        </p>
        <h3>{t.ocop}</h3>
        <Ocop lang={lang} view={view} today={today} />
      </section>
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
                        {SCHEME_NAMES[c.scheme] || c.scheme} {c.number} ({c.issuer})
                      </>
                    ))
                  : t.noCertifications}
              </div>
              <div>
                {formatNumber(lang, lat, 4)}, {formatNumber(lang, lon, 4)} ·{' '}
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
          <dt>{t.lot}</dt>
          <dd>{rec.batch.lotCode}</dd>
          <dt>{t.productionDate}</dt>
          <dd>{formatDate(lang, rec.batch.productionDate)}</dd>
          <dt>{t.expiryDate}</dt>
          <dd>{formatDate(lang, rec.batch.expiryDate)}</dd>
          <dt>{t.quantity}</dt>
          <dd>
            {formatNumber(lang, rec.batch.quantity)} {rec.batch.unit}
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
                  {r.name}: {r.value}
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
              <div class="muted">
                {e.productCode} · {e.locationCode}
              </div>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="h-sig">
        <h2 id="h-sig">{t.signature}</h2>
        <p>
          <b>{view.signature.valid ? `✔ ${t.signatureValid}` : `✖ ${t.signatureInvalid}`}</b>
        </p>
        <dl>
          <dt>{t.signedBy}</dt>
          <dd>
            {rec.cooperative.name} ({rec.sealedBy.name}), {t.signedAt} {formatTime(lang, rec.sealedAt)}
          </dd>
          <dt>{t.keyId}</dt>
          <dd>
            <code>{view.signature.kid ?? '—'}</code>
          </dd>
        </dl>
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
      </section>
      {view.product.listings.length ? (
        <section aria-labelledby="h-shops">
          <h2 id="h-shops">{t.shops}</h2>
          <ul>
            {view.product.listings.map((l) => (
              <li>
                <a href={l.url} rel="noopener nofollow">
                  {l.channel}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
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

export function ScanHistory({
  lang,
  scans,
}: {
  lang: Lang;
  scans: { count: number; first: Date | null; warning: boolean };
}) {
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
      {scans.warning ? (
        <p class="verdict warn" role="alert">
          {t.scanWarning}
        </p>
      ) : null}
    </section>
  );
}

export function StampPage(p: StampPageProps) {
  const t = T[p.lang];
  const style = VERDICT_STYLE[p.verdict];
  const title = p.view
    ? `${p.lang === 'en' && p.view.product.nameEn ? p.view.product.nameEn : p.view.product.nameVi} — ${t.verdict[style.key]}`
    : t.verdict[style.key];
  const hintKey = `${style.key}Hint` as keyof (typeof T)['vi']['verdict'];
  return (
    <Layout lang={p.lang} title={title} switchHref={p.switchHref}>
      <section class={`verdict ${style.cls}`} role="status" aria-live="polite">
        <span class="icon" aria-hidden="true">
          {style.icon}
        </span>
        <b>{t.verdict[style.key]}</b>
        <span>{t.verdict[hintKey]}</span>
        <div class="muted">
          {t.serial}: <code>{p.serial}</code>
          {p.lot ? (
            <>
              {' '}
              · {t.lot}: {p.lot}
            </>
          ) : null}
        </div>
      </section>
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
        <>
          <h1>{p.lang === 'en' && p.view.product.nameEn ? p.view.product.nameEn : p.view.product.nameVi}</h1>
          {p.detailsHtml !== undefined ? (
            raw(p.detailsHtml)
          ) : (
            <BatchDetails
              lang={p.lang}
              view={p.view}
              today={p.today}
              recordUrl={p.recordUrl}
              jwksUrl={p.jwksUrl}
              modelUrl={p.modelUrl}
            />
          )}
        </>
      ) : p.productName ? (
        <h1>{p.productName}</h1>
      ) : null}
      {p.scansHtml !== undefined ? raw(p.scansHtml) : p.scans ? <ScanHistory lang={p.lang} scans={p.scans} /> : null}
      <section aria-labelledby="h-report">
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
      {p.sharePosition ? raw(positionScript(p.lang, p.serial)) : null}
    </Layout>
  );
}

/**
 * The stamp page's only script: the opt-in button below shares a coarse position (0.01°) with this
 * scan. One text for every stamp and language (the serial and the thanks are in the button's
 * data attributes), so the page's Content-Security-Policy allows exactly it, by its hash.
 */
export const SHARE_POSITION_SCRIPT =
  "(function(){var b=document.getElementById('share-pos');if(!b||!navigator.geolocation)return;b.hidden=false;b.onclick=function(){navigator.geolocation.getCurrentPosition(function(p){fetch('/scans/position',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({serial:b.dataset.serial,lat:Math.round(p.coords.latitude*100)/100,lon:Math.round(p.coords.longitude*100)/100})}).then(function(){b.textContent=b.dataset.done;b.disabled=true})})}})()";

const attr = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Optional, opt-in: a button that shares a coarse position (0.01°) with this scan. */
function positionScript(lang: Lang, serial: string): string {
  const label = lang === 'vi' ? 'Chia sẻ vị trí gần đúng (không bắt buộc)' : 'Share my approximate location (optional)';
  const done = lang === 'vi' ? 'Cảm ơn bạn.' : 'Thank you.';
  return `<p><button type="button" id="share-pos" data-serial="${attr(serial)}" data-done="${attr(done)}" hidden>${label}</button></p><script>${SHARE_POSITION_SCRIPT}</script>`;
}
