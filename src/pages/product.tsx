// Pages for a GTIN without a serial: the product (with its OCOP certificate history) and a batch
// of it (a lot without a stamp: no verdict, just where it came from).
import { addressLine } from '../domain/address';
import { ratingInForce } from '../domain/ocop';
import type { Product } from '../db/products-store';
import type { BatchView } from '../scanning/batch-view';
import { T, formatDate, type Lang } from './i18n';
import { Layout } from './layout';
import type { OgMeta } from './og';
import { ProductPhoto, photoAlt } from './photo';
import type { PhotoRef } from '../photos/urls';
import { BatchDetails, BatchSummary, RecallNotice, ShopLinks, TechnicalDetails } from './stamp';

export function ProductPage(p: {
  lang: Lang;
  switchHref: string;
  product: Product;
  producer: { name: string; province: string; commune: string | null };
  models: { slug: string; name: string }[];
  today: string;
  /** the main photo, served from this site */
  photo?: PhotoRef | null;
  og?: OgMeta;
}) {
  const t = T[p.lang];
  const name = p.lang === 'en' && p.product.nameEn ? p.product.nameEn : p.product.nameVi;
  const current = ratingInForce(p.product.ratings, p.today);
  return (
    <Layout lang={p.lang} title={name} switchHref={p.switchHref} og={p.og}>
      <h1>{name}</h1>
      {p.photo ? (
        <ProductPhoto
          photo={p.photo}
          alt={photoAlt(p.photo, p.lang, name)}
          width={320}
          sizes="(max-width: 22rem) 100vw, 320px"
        />
      ) : p.product.imageUrl ? (
        <img src={p.product.imageUrl} alt={name} width="320" height="240" loading="lazy" decoding="async" />
      ) : null}
      <section aria-labelledby="h-ocop" id="ocop">
        <h2 id="h-ocop">{t.ocop}</h2>
        {current ? (
          <p>
            <span class="stars" role="img" aria-label={t.stars(current.stars)}>
              {'★'.repeat(current.stars)}
            </span>{' '}
            <b>{t.stars(current.stars)}</b> — {t.validUntil}: {formatDate(p.lang, current.validUntil)}
          </p>
        ) : (
          <p>
            <b>{p.product.ratings.length ? t.ratingExpired : t.noRating}</b>
          </p>
        )}
        {p.product.ratings.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.decision}</th>
                <th scope="col">★</th>
                <th scope="col">{t.validUntil}</th>
              </tr>
            </thead>
            <tbody>
              {p.product.ratings.map((r) => (
                <tr>
                  <td>
                    {r.decisionNumber}, {formatDate(p.lang, r.decisionDate)} ({t.issuedBy[r.issuingLevel]})
                  </td>
                  <td>{r.stars}</td>
                  <td>
                    {formatDate(p.lang, r.validUntil)}
                    {r.validUntil < p.today ? ` — ${t.ratingExpired.toLowerCase()}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="h-coop">
        <h2 id="h-coop">{t.cooperative}</h2>
        <p>
          {p.producer.name} —{' '}
          {addressLine([
            { text: p.producer.commune, level: 'commune' },
            { text: p.producer.province, level: 'province' },
          ])}
        </p>
      </section>
      {p.models.length ? (
        <section aria-labelledby="h-model">
          <h2 id="h-model">{t.model}</h2>
          <ul>
            {p.models.map((m) => (
              <li>
                <a href={`/models/${m.slug}?lang=${p.lang}`}>{m.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ShopLinks lang={p.lang} listings={p.product.listings} />
    </Layout>
  );
}

export function BatchPage(p: {
  lang: Lang;
  switchHref: string;
  view: BatchView;
  today: string;
  recordUrl: string;
  jwksUrl: string;
  modelUrl: string | null;
  recall: { reason: string; authority: string; recalledOn: string } | null;
}) {
  const t = T[p.lang];
  const name = p.lang === 'en' && p.view.product.nameEn ? p.view.product.nameEn : p.view.product.nameVi;
  return (
    <Layout lang={p.lang} title={`${name} — ${t.lot} ${p.view.record.batch.lotCode}`} switchHref={p.switchHref}>
      {p.recall ? (
        <p class="verdict bad" role="status">
          <span class="icon" aria-hidden="true">
            ⚠
          </span>
          <b>{t.verdict.recalled}</b>
          <span>{t.verdict.recalledHint}</span>
        </p>
      ) : null}
      <BatchSummary lang={p.lang} view={p.view} today={p.today} />
      {p.recall ? <RecallNotice lang={p.lang} recall={p.recall} /> : null}
      <BatchDetails lang={p.lang} view={p.view} modelUrl={p.modelUrl} vouched={!p.recall} />
      <TechnicalDetails
        lang={p.lang}
        view={p.view}
        serial={null}
        gtin={p.view.record.product.gtin}
        recordUrl={p.recordUrl}
        jwksUrl={p.jwksUrl}
      />
    </Layout>
  );
}

export function MessagePage(p: { lang: Lang; switchHref: string; title: string; message: string }) {
  return (
    <Layout lang={p.lang} title={p.title} switchHref={p.switchHref}>
      <h1>{p.title}</h1>
      <p>{p.message}</p>
    </Layout>
  );
}
