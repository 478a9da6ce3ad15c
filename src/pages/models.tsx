// Public value-chain model pages: the index of models and one model with its diagram, live
// figures, members, raw-material areas and products. Server-rendered, no script, no external
// resource; every database text is a JSX child or attribute value, so hono/jsx escapes it.
import type { ModelCharts } from '../db/chart-figures-store';
import { ModelChartsSection } from './model-charts';
import type { Child } from 'hono/jsx';
import type { ModelDetail, ModelFigures, ModelSummary } from '../db/model-figures-store';
import { addressLine } from '../domain/address';
import { representativePoint } from '../domain/geo';
import { ratingInForce } from '../domain/ocop';
import type { OgMeta } from './og';
import { ProductPhoto, photoAlt } from './photo';
import { Layout } from './layout';
import { formatDate, formatLatLon, formatNumber, SCHEME_LABELS, T, type Lang } from './i18n';
import { MT } from './model-i18n';
import { ChainDiagram, chainDiagramData } from './model-diagram';

export interface PageContext {
  lang: Lang;
  switchHref: string;
  /** Appended to internal links so that a chosen language sticks ('' or '?lang=en'). */
  langQuery: string;
}

/** Vietnamese-only database text: marked lang="vi" on the English page. */
const Vi = (props: { lang: Lang; children: Child }) =>
  props.lang === 'vi' ? props.children : <span lang="vi">{props.children}</span>;

function StatusNote(props: { lang: Lang; status: ModelSummary['status'] }) {
  if (props.status === 'active') return null;
  return (
    <>
      {' '}
      · <strong>{MT[props.lang].status[props.status]}</strong>
    </>
  );
}

// ---- /models ----

export function ModelIndexPage(props: { ctx: PageContext; models: ModelSummary[] }) {
  const { lang } = props.ctx;
  const t = MT[lang];
  return (
    <Layout
      lang={lang}
      title={`${t.indexTitle} — ${T[lang].site}`}
      switchHref={props.ctx.switchHref}
      description={t.indexIntro}
    >
      <h1>{t.indexTitle}</h1>
      <p>{t.indexIntro}</p>
      {props.models.length === 0 ? <p class="muted">{t.noModels}</p> : null}
      <ul class="mlist">
        {props.models.map((m) => (
          <li class="card">
            <h2 class="mh">
              <a href={`/models/${m.slug}${props.ctx.langQuery}`}>
                <Vi lang={lang}>{m.name}</Vi>
              </a>
            </h2>
            <p class="muted">
              {t.founded} {m.yearFounded} · {t.lead}: <Vi lang={lang}>{m.leadName}</Vi>
              <StatusNote lang={lang} status={m.status} />
            </p>
            <ul class="mcount">
              <li>
                <b>{m.areas}</b> {t.countAreas}
              </li>
              <li>
                <b>{formatNumber(lang, m.hectares, 1)}</b> ha
              </li>
              <li>
                <b>{m.households}</b> {t.households}
              </li>
              <li>
                <b>{m.products}</b> {t.countProducts}
              </li>
              <li>
                <b>{m.members}</b> {t.countMembers}
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// ---- /models/{slug} ----

const osmHref = (lat: number, lon: number) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=14/${lat}/${lon}`;

function Figures(props: { lang: Lang; f: ModelFigures; year: number }) {
  const t = MT[props.lang];
  const n = (x: number, d = 0) => formatNumber(props.lang, x, d);
  const items: [string, string][] = [
    [n(props.f.households), t.households],
    [`${n(props.f.hectares, 1)} ha`, t.hectaresLabel],
    [n(props.f.batchesSealed), t.batchesSealed(props.year)],
    [n(props.f.stampsPrinted), t.stampsPrinted],
    [n(props.f.stampsScanned), t.stampsScanned],
    [n(props.f.openRecalls), t.openRecalls],
  ];
  return (
    <>
      <ul class="mfig">
        {items.map(([value, label], i) => (
          <li class={i === 5 && props.f.openRecalls > 0 ? 'bad' : undefined}>
            <b>{value}</b>
            {label}
          </li>
        ))}
      </ul>
      <p class="muted">{t.figuresNote}</p>
    </>
  );
}

function AreaCard(props: { lang: Lang; a: ModelDetail['areas'][number]; today: string }) {
  const { lang, a } = props;
  const t = MT[lang];
  const [lon, lat] = representativePoint(a.location);
  return (
    <section class="mc">
      <h3>
        <Vi lang={lang}>{a.name}</Vi>
      </h3>
      <dl>
        <dt>{t.place}</dt>
        <dd>
          <Vi lang={lang}>
            {addressLine([
              { text: a.commune, level: 'commune' },
              { text: a.province, level: 'province' },
            ])}
          </Vi>
        </dd>
        <dt>{t.size}</dt>
        <dd>
          {formatNumber(lang, a.areaHa)} ha · {formatNumber(lang, a.households, 0)} {t.householdsUnit}
        </dd>
        <dt>{t.crops}</dt>
        <dd>
          <Vi lang={lang}>{a.crops.length ? a.crops.join(', ') : '—'}</Vi>
        </dd>
        <dt>{t.operator}</dt>
        <dd>
          <Vi lang={lang}>{a.operatorName}</Vi>
        </dd>
        {a.plantingAreaCode ? (
          <>
            <dt>{t.plantingAreaCode}</dt>
            <dd>{a.plantingAreaCode}</dd>
          </>
        ) : null}
        <dt>{t.coordinates}</dt>
        <dd>
          {formatLatLon(lang, lat, lon)} · <a href={osmHref(lat, lon)}>{T[lang].openMap}</a>
        </dd>
      </dl>
      <p class="mcert">
        {t.certs}:{a.certifications.length === 0 ? <> {t.noCerts}</> : null}
      </p>
      {a.certifications.length === 0 ? null : (
        <ul>
          {a.certifications.map((c) => {
            const expired = c.validTo < props.today;
            return (
              <li class={expired ? 'mexp' : undefined}>
                {SCHEME_LABELS[lang][c.scheme] || c.issuer} {c.number}, {t.validTo} {formatDate(lang, c.validTo)}
                {expired ? (
                  <>
                    {' '}
                    <strong>({t.expired})</strong>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ProductCard(props: {
  lang: Lang;
  p: ModelDetail['products'][number];
  today: string;
  langQuery: string;
  ownImagePath: string | null;
}) {
  const { lang, p } = props;
  const t = MT[lang];
  const rating = ratingInForce(p.ratings, props.today);
  const [main, other, otherLang] = lang === 'en' && p.nameEn ? [p.nameEn, p.nameVi, 'vi'] : [p.nameVi, p.nameEn, 'en'];
  return (
    <section class="mc">
      {p.photo ? (
        <ProductPhoto
          class="mimg"
          photo={p.photo}
          alt={photoAlt(p.photo, lang, lang === 'en' && p.nameEn ? p.nameEn : p.nameVi)}
          width={72}
        />
      ) : props.ownImagePath ? (
        <img class="mimg" src={props.ownImagePath} alt="" width="72" height="72" loading="lazy" decoding="async" />
      ) : null}
      <h3>
        <a href={`/01/${p.gtin}${props.langQuery}`} lang={main === p.nameVi && lang === 'en' ? 'vi' : undefined}>
          {main}
        </a>
      </h3>
      {other && other !== main ? (
        <p class="muted" lang={otherLang}>
          {other}
        </p>
      ) : null}
      {rating ? (
        <p>
          <span class="stars" aria-hidden="true">
            {'★'.repeat(rating.stars)}
          </span>{' '}
          {T[lang].stars(rating.stars)} OCOP
          <span class="muted">
            {' '}
            · {t.ratingDecision} {rating.decisionNumber}, {T[lang].validUntil.toLowerCase()}{' '}
            {formatDate(lang, rating.validUntil)}
          </span>
        </p>
      ) : (
        <p class="muted">{T[lang].noRating}</p>
      )}
      <p class="muted">
        {t.producer}: <Vi lang={lang}>{p.ownerName}</Vi> · {t.gtin} {p.gtin}
      </p>
    </section>
  );
}

export function ModelPage(props: {
  ctx: PageContext;
  model: ModelDetail;
  figures: ModelFigures;
  /** Batches sealed and stamps scanned per month (absent: no charts). */
  charts?: ModelCharts;
  year: number;
  today: string;
  /** The path of a product image when it is on this site (never a third-party request). */
  ownImagePath: (url: string | null) => string | null;
  /** link-preview tags */
  og?: OgMeta;
}) {
  const { lang, langQuery } = props.ctx;
  const { model: m } = props;
  const t = MT[lang];
  const data = chainDiagramData(m, lang);
  const [c0, c1, c2, c3] = data.columns;
  const label = t.diagramLabel(c0.length, c1.length, c2.length, c3.length);
  return (
    <Layout
      lang={lang}
      title={`${m.name} — ${T[lang].site}`}
      switchHref={props.ctx.switchHref}
      description={m.description ? m.description.slice(0, 160) : undefined}
      og={props.og}
    >
      <p class="muted">
        <a href={`/models${langQuery}`}>← {t.allModels}</a>
      </p>
      <h1>
        <Vi lang={lang}>{m.name}</Vi>
      </h1>
      <p class="muted">
        {t.founded} {m.yearFounded} · {t.lead}: <Vi lang={lang}>{m.leadName}</Vi>
        <StatusNote lang={lang} status={m.status} />
      </p>
      {m.description ? <p lang="vi">{m.description}</p> : null}

      <h2>{t.figures}</h2>
      <Figures lang={lang} f={props.figures} year={props.year} />

      <h2>{t.diagram}</h2>
      <div class="mdiag">
        <ChainDiagram data={data} lang={lang} label={label} />
      </div>
      {props.charts ? <ModelChartsSection lang={lang} d={props.charts} /> : null}

      <h2>{t.members}</h2>
      <ul>
        {m.members.map((mem) => (
          <li>
            <Vi lang={lang}>{mem.name}</Vi> <span class="muted">— {mem.roles.map((r) => t.roles[r]).join(', ')}</span>
          </li>
        ))}
      </ul>

      <h2>
        {T[lang].areas} ({m.areas.length})
      </h2>
      {m.areas.map((a) => (
        <AreaCard lang={lang} a={a} today={props.today} />
      ))}

      <h2>
        {t.products} ({m.products.length})
      </h2>
      {m.products.map((p) => (
        <ProductCard
          lang={lang}
          p={p}
          today={props.today}
          langQuery={langQuery}
          ownImagePath={props.ownImagePath(p.imageUrl)}
        />
      ))}
    </Layout>
  );
}

export function ModelNotFoundPage(props: { ctx: PageContext }) {
  const { lang, langQuery } = props.ctx;
  const t = MT[lang];
  return (
    <Layout lang={lang} title={`${T[lang].notFoundTitle} — ${T[lang].site}`} switchHref={props.ctx.switchHref}>
      <h1>{T[lang].notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <a href={`/models${langQuery}`}>{t.allModels}</a>
      </p>
    </Layout>
  );
}
