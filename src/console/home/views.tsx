// The home page (who is signed in, the panels modules contribute, what one may open) and the
// cooperative operator's panels: products with their OCOP rating, drafts, print runs, scans of
// its stamps and reports of suspected fakes.
import type { Child } from 'hono/jsx';
import type { CooperativeCharts } from '../../db/chart-figures-store';
import type { SessionUser } from '../../db/sessions-store';
import type { OpAnswer } from '../../http/op';
import type { batchOps, fakeReportOps, printRunOps, productOps } from '../../http/routes';
import { formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type NavItem } from '../env';
import type { ItemOf } from '../ops';
import { ROLE_NAMES } from '../texts/common';
import { CHART_TEXTS } from '../texts/charts';
import type { HomeTexts } from '../texts/home';
import { Table } from '../ui/blocks';
import { languageName, productName, qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';
import { CoopChartsPanel } from './charts';

export function HomeView(props: {
  t: HomeTexts;
  lang: Lang;
  session: SessionUser;
  panels: Child[];
  nav: readonly NavItem[];
}) {
  const { t, lang, session: s } = props;
  return (
    <>
      <h1>{t.welcome(s.displayName)}</h1>
      <section>
        <dl>
          <dt>{t.username}</dt>
          <dd>{s.username}</dd>
          <dt>{t.role}</dt>
          <dd>{ROLE_NAMES[lang][s.role]}</dd>
          {s.organizationName ? (
            <>
              <dt>{t.organization}</dt>
              <dd>{s.organizationName}</dd>
            </>
          ) : null}
          <dt>{t.sessionUntil}</dt>
          <dd>{formatTime(lang, s.expiresAt)}</dd>
        </dl>
      </section>
      {props.panels}
      {props.nav.length ? (
        <section>
          <h2>{t.whatNext}</h2>
          <ul>
            {props.nav.map((n) => (
              <li>
                <a href={CONSOLE_BASE + n.href}>{n.label[lang]}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** Ratings are warned about this many days before they lapse. */
const EXPIRY_WARNING_DAYS = 90;

type ProductRow = ItemOf<typeof productOps.list>;
type Rating = ProductRow['ratings'][number];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The product's rating state today: in force (maybe expiring soon), lapsed, or never rated. */
function ratingState(
  p: ProductRow,
  day: string,
): {
  kind: 'ok' | 'warn' | 'bad' | 'none';
  rating: Rating | null;
  days?: number;
} {
  if (p.currentRating) {
    const days = daysBetween(day, p.currentRating.validUntil);
    return { kind: days <= EXPIRY_WARNING_DAYS ? 'warn' : 'ok', rating: p.currentRating, days };
  }
  const last = [...p.ratings].sort((a, b) => (a.validUntil < b.validUntil ? 1 : -1))[0];
  return last ? { kind: 'bad', rating: last } : { kind: 'none', rating: null };
}

function Stars(props: { n: number; t: HomeTexts }) {
  return (
    <span class="stars" role="img" aria-label={props.t.starsN(props.n)}>
      {'★'.repeat(props.n)}
    </span>
  );
}

function RatingTag(props: { t: HomeTexts; lang: Lang; state: ReturnType<typeof ratingState> }) {
  const { t, state: s } = props;
  if (s.kind === 'warn') return <span class="tag warn">{t.expiresIn(s.days!)}</span>;
  if (s.kind === 'bad') return <span class="tag bad">{t.lapsed(formatDate(props.lang, s.rating!.validUntil))}</span>;
  return <>{s.kind === 'none' ? t.noRating : '✓'}</>;
}

function ProductsPanel(props: { products: ProductRow[]; day: string; lang: Lang; t: HomeTexts }) {
  const { t, lang } = props;
  return (
    <section>
      <h2>{t.homeProducts}</h2>
      {props.products.length ? (
        <Table head={[t.product, t.stars, t.validUntil, t.status]}>
          {props.products.map((p) => {
            const s = ratingState(p, props.day);
            return (
              <tr>
                <td>
                  {productName(p, lang)}
                  <br />
                  <span class="muted">GTIN {p.gtin}</span>
                </td>
                <td>{s.rating && s.kind !== 'bad' ? <Stars n={s.rating.stars} t={t} /> : t.none}</td>
                <td>{s.rating ? formatDate(lang, s.rating.validUntil) : t.none}</td>
                <td>
                  <RatingTag t={t} lang={lang} state={s} />
                </td>
              </tr>
            );
          })}
        </Table>
      ) : (
        <p>{t.noProducts}</p>
      )}
    </section>
  );
}

/** What the cooperative's panels show, as the operations answered it. */
export interface CoopPanelData {
  products: ProductRow[];
  drafts: OpAnswer<typeof batchOps.list>['items'];
  runs: OpAnswer<typeof printRunOps.list>['items'];
  scans: OpAnswer<typeof fakeReportOps.scansOfOrganization>['items'];
  reports: OpAnswer<typeof fakeReportOps.ofOrganization>['items'];
  day: string;
  /** Scans per week per product and the stamps' shares; absent in pages that do not draw them. */
  charts?: CooperativeCharts;
}

export function CoopPanel(props: { t: HomeTexts; lang: Lang; d: CoopPanelData }) {
  const { t, lang, d } = props;
  const names = new Map(d.products.map((p) => [p.id, productName(p, lang)]));
  const byGtin = new Map(d.products.map((p) => [p.gtin, productName(p, lang)]));
  return (
    <>
      <CoopStyle />
      <ProductsPanel products={d.products} day={d.day} lang={lang} t={t} />
      <section>
        <h2>{t.homeDrafts}</h2>
        {d.drafts.length ? (
          <ul>
            {d.drafts.map((b) => (
              <li>
                <a href={`${CONSOLE_BASE}/batches/${b.id}`}>
                  {names.get(b.productId) ?? t.product} · {t.lot} {b.lotCode}
                </a>
                {' — '}
                {formatDate(lang, b.productionDate)}, {qty(lang, b.quantity, b.unit)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noDrafts}</p>
        )}
        <p>
          <a href={`${CONSOLE_BASE}/batches/new`}>{t.newBatch}</a>
        </p>
      </section>
      <RunsPanel t={t} lang={lang} runs={d.runs} byGtin={byGtin} />
      {d.charts ? <CoopChartsPanel t={CHART_TEXTS[lang]} lang={lang} d={d.charts} names={names} /> : null}
      <ScansPanel t={t} lang={lang} scans={d.scans} byGtin={byGtin} />
      <ReportsPanel t={t} lang={lang} reports={d.reports} />
    </>
  );
}

function RunsPanel(props: { t: HomeTexts; lang: Lang; runs: CoopPanelData['runs']; byGtin: Map<string, string> }) {
  const { t, lang } = props;
  const head = [t.orderedOn, t.lot, t.count, t.stampStates.active!, t.stampStates.issued!, t.stampStates.void!];
  return (
    <section>
      <h2>{t.homeRuns}</h2>
      {props.runs.length ? (
        <Table head={head}>
          {props.runs.map((r) => (
            <tr>
              <td>
                <a href={`${CONSOLE_BASE}/print-runs/${r.id}`}>{formatTime(lang, r.createdAt)}</a>
              </td>
              <td>
                {props.byGtin.get(r.gtin) ?? r.gtin} · {r.lotCode}
              </td>
              <td class="num">{r.count}</td>
              <td class="num">{r.stamps.active}</td>
              <td class="num">{r.stamps.issued}</td>
              <td class="num">{r.stamps.void}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noRuns}</p>
      )}
    </section>
  );
}

function ScansPanel(props: { t: HomeTexts; lang: Lang; scans: CoopPanelData['scans']; byGtin: Map<string, string> }) {
  const { t, lang } = props;
  return (
    <section>
      <h2>{t.homeScans}</h2>
      {props.scans.length ? (
        <Table head={[t.scannedAt, t.serial, t.lot, t.status, t.scanCount, t.language]}>
          {props.scans.map((s) => (
            <tr>
              <td>{formatTime(lang, s.at)}</td>
              <td>
                <code>{s.serial}</code>
              </td>
              <td>
                {props.byGtin.get(s.gtin) ?? s.gtin} · {s.lotCode ?? t.none}
              </td>
              <td>{t.stampStates[s.stampState] ?? s.stampState}</td>
              <td class="num">{s.scanCount}</td>
              <td>{languageName(lang, s.language)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noScans}</p>
      )}
    </section>
  );
}

function ReportsPanel(props: { t: HomeTexts; lang: Lang; reports: CoopPanelData['reports'] }) {
  const { t, lang } = props;
  return (
    <section>
      <h2>{t.homeReports}</h2>
      {props.reports.length ? (
        <Table head={[t.scannedAt, t.serial, t.message, t.status]}>
          {props.reports.map((r) => (
            <tr>
              <td>{formatTime(lang, r.createdAt)}</td>
              <td>
                <code>{r.serial}</code>
                {r.lotCode ? (
                  <>
                    <br />
                    {t.lot} {r.lotCode}
                  </>
                ) : null}
              </td>
              <td>{r.message}</td>
              <td>{t.reportStatus[r.status] ?? r.status}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noReports}</p>
      )}
    </section>
  );
}
