// The cooperative operator's panels on the console home page: its products with OCOP stars and
// rating expiry (warned 90 days ahead, or lapsed), open drafts, recent print runs, recent scans
// of its stamps and fake reports about its products. All read through the API's operations.
import type { Child } from 'hono/jsx';
import { vietnamToday } from '../../domain/calendar';
import { batchOps, fakeReportOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext } from '../env';
import { callOp, fetchAll, type ItemOf } from '../ops';
import { kt, type CoopTexts } from './i18n';
import { ownOrg } from '../auth';
import { Table } from '../ui/blocks';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

export const EXPIRY_WARNING_DAYS = 90;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A product as the list operation answers it: with the rating in force today, if any. */
export type ProductRow = ItemOf<typeof productOps.list>;
type Rating = ProductRow['ratings'][number];

/** The product's rating state today: in force (maybe expiring soon), lapsed, or never rated. */
export function ratingState(p: ProductRow, day: string): { kind: 'ok' | 'warn' | 'bad' | 'none'; rating: Rating | null; days?: number } {
  if (p.currentRating) {
    const days = daysBetween(day, p.currentRating.validUntil);
    return { kind: days <= EXPIRY_WARNING_DAYS ? 'warn' : 'ok', rating: p.currentRating, days };
  }
  const last = [...p.ratings].sort((a, b) => (a.validUntil < b.validUntil ? 1 : -1))[0];
  return last ? { kind: 'bad', rating: last } : { kind: 'none', rating: null };
}

export function Stars(props: { n: number; t: CoopTexts }) {
  return <span class="stars" role="img" aria-label={props.t.starsN(props.n)}>{'★'.repeat(props.n)}</span>;
}

function ProductsPanel(props: { products: ProductRow[]; day: string; lang: Lang; t: CoopTexts }) {
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
                <td>{lang === 'en' && p.nameEn ? p.nameEn : p.nameVi}<br /><span class="muted">GTIN {p.gtin}</span></td>
                <td>{s.rating && s.kind !== 'bad' ? <Stars n={s.rating.stars} t={t} /> : t.none}</td>
                <td>{s.rating ? formatDate(lang, s.rating.validUntil) : t.none}</td>
                <td>
                  {s.kind === 'warn' ? <span class="tag warn">{t.expiresIn(s.days!)}</span>
                    : s.kind === 'bad' ? <span class="tag bad">{t.lapsed(formatDate(lang, s.rating!.validUntil))}</span>
                    : s.kind === 'none' ? t.noRating
                    : '✓'}
                </td>
              </tr>
            );
          })}
        </Table>
      ) : <p>{t.noProducts}</p>}
    </section>
  );
}

export async function coopHomePanel(c: ConsoleContext, deps: AppDeps): Promise<Child | null> {
  if (c.get('actor')?.role !== 'cooperative') return null;
  const t = kt(c);
  const lang = c.get('lang');
  const org = ownOrg(c);
  const [products, drafts, runs, scans, reports] = await Promise.all([
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, batchOps.list, { query: { status: 'draft', order: 'newest', limit: '10' } }),
    callOp(deps, c, printRunOps.list, { query: { order: 'newest', limit: '5' } }),
    callOp(deps, c, fakeReportOps.scansOfOrganization, { params: { id: org }, query: { limit: '10' } }),
    callOp(deps, c, fakeReportOps.ofOrganization, { params: { id: org }, query: { limit: '5' } }),
  ]);
  const names = new Map(products.map((p) => [p.id, lang === 'en' && p.nameEn ? p.nameEn : p.nameVi]));
  const byGtin = new Map(products.map((p) => [p.gtin, lang === 'en' && p.nameEn ? p.nameEn : p.nameVi]));
  return (
    <>
      <CoopStyle />
      <ProductsPanel products={products} day={vietnamToday(deps.clock())} lang={lang} t={t} />
      <section>
        <h2>{t.homeDrafts}</h2>
        {drafts.items.length ? (
          <ul>
            {drafts.items.map((b) => (
              <li><a href={`${CONSOLE_BASE}/batches/${b.id}`}>{names.get(b.productId) ?? t.product} · {t.lot} {b.lotCode}</a> — {formatDate(lang, b.productionDate)}, {qty(lang, b.quantity, b.unit)}</li>
            ))}
          </ul>
        ) : <p>{t.noDrafts}</p>}
        <p><a href={`${CONSOLE_BASE}/batches/new`}>{t.newBatch}</a></p>
      </section>
      <section>
        <h2>{t.homeRuns}</h2>
        {runs.items.length ? (
          <Table head={[t.created_at, t.lot, t.count, t.stampStates.active!, t.stampStates.issued!, t.stampStates.void!]}>
            {runs.items.map((r) => (
              <tr>
                <td><a href={`${CONSOLE_BASE}/print-runs/${r.id}`}>{formatTime(lang, r.createdAt)}</a></td>
                <td>{byGtin.get(r.gtin) ?? r.gtin} · {r.lotCode}</td>
                <td class="num">{r.count}</td><td class="num">{r.stamps.active}</td><td class="num">{r.stamps.issued}</td><td class="num">{r.stamps.void}</td>
              </tr>
            ))}
          </Table>
        ) : <p>{t.noRuns}</p>}
      </section>
      <section>
        <h2>{t.homeScans}</h2>
        {scans.items.length ? (
          <Table head={[t.scannedAt, t.serial, t.lot, t.status, t.scanCount, t.language]}>
            {scans.items.map((s) => (
              <tr>
                <td>{formatTime(lang, s.at)}</td>
                <td><code>{s.serial}</code></td>
                <td>{byGtin.get(s.gtin) ?? s.gtin} · {s.lotCode ?? t.none}</td>
                <td>{t.stampStates[s.stampState] ?? s.stampState}</td>
                <td class="num">{s.scanCount}</td>
                <td>{s.language}</td>
              </tr>
            ))}
          </Table>
        ) : <p>{t.noScans}</p>}
      </section>
      <section>
        <h2>{t.homeReports}</h2>
        {reports.items.length ? (
          <Table head={[t.scannedAt, t.serial, t.message, t.status]}>
            {reports.items.map((r) => (
              <tr>
                <td>{formatTime(lang, r.createdAt)}</td>
                <td><code>{r.serial}</code>{r.lotCode ? <><br />{t.lot} {r.lotCode}</> : null}</td>
                <td>{r.message}</td>
                <td>{t.reportStatus[r.status] ?? r.status}</td>
              </tr>
            ))}
          </Table>
        ) : <p>{t.noReports}</p>}
      </section>
    </>
  );
}
