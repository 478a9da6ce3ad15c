// The counts behind the console homes' and the model pages' charts: scans per week per product
// and the share of a cooperative's stamps activated and scanned; findings opened and resolved per
// week, recalls and fake reports per month; a model's batches sealed and stamps scanned per month.
// Every query is bounded by its time window (scans always by a range on `at`, the column the
// scan log is partitioned on) and counts per Vietnam week (Monday first) or month.
import { addDays, startOfVietnamDay, vietnamToday } from '../domain/calendar';
import type { Db } from './client';

export interface Window {
  /** The first day of each bucket (YYYY-MM-DD), oldest first. */
  starts: string[];
  since: Date;
  until: Date;
}

/** The last `n` Vietnam weeks (Monday to Sunday) up to `now`, the current week included. */
export function weeksUpTo(now: Date, n: number): Window {
  const today = vietnamToday(now);
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const monday = addDays(today, -dow);
  const starts = Array.from({ length: n }, (_, i) => addDays(monday, -7 * (n - 1 - i)));
  return { starts, since: startOfVietnamDay(starts[0]!), until: startOfVietnamDay(addDays(monday, 7)) };
}

/** The last `n` Vietnam calendar months up to `now`, the current month included. */
export function monthsUpTo(now: Date, n: number): Window {
  const [y, m] = vietnamToday(now).split('-').map(Number) as [number, number];
  const first = (k: number) => {
    const index = y * 12 + (m - 1) + k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  };
  const starts = Array.from({ length: n }, (_, i) => first(i - (n - 1)));
  return { starts, since: startOfVietnamDay(starts[0]!), until: startOfVietnamDay(first(1)) };
}

type Bucketed = { bucket: string; [k: string]: string | number };

/** Counts by bucket start, in the window's order, zeros where nothing happened. */
function series(window: Window, rows: Bucketed[], column: string): number[] {
  const by = new Map(rows.map((r) => [r.bucket, Number(r[column] ?? 0)]));
  return window.starts.map((s) => by.get(s) ?? 0);
}

export interface ProductScanWeeks {
  productId: string;
  gtin: string;
  nameVi: string;
  nameEn: string | null;
  /** Known, non-bot scans of the product's stamps per week of the window. */
  scans: number[];
}

export interface CooperativeCharts {
  weeks: string[];
  products: ProductScanWeeks[];
  stamps: { printed: number; active: number; scanned: number };
}

/** Scans per week of each of the cooperative's products, and its stamps printed, activated and scanned. */
export async function cooperativeCharts(db: Db, cooperativeId: string, window: Window): Promise<CooperativeCharts> {
  const [products, weekly, [stamps]] = await Promise.all([
    db<{ productId: string; gtin: string; nameVi: string; nameEn: string | null }[]>`
      select id as "productId", gtin, name_vi as "nameVi", name_en as "nameEn"
        from products where owner_id = ${cooperativeId} order by seq limit 200`,
    db<{ gtin: string; bucket: string; n: number }[]>`
      select s.gtin, to_char(date_trunc('week', s.at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as bucket,
             count(*)::int as n
        from scans s
       where s.at >= ${window.since} and s.at < ${window.until}
         and s.known and not s.is_bot
         and s.gtin in (select p.gtin from products p where p.owner_id = ${cooperativeId})
       group by 1, 2`,
    db<{ printed: number; active: number; scanned: number }[]>`
      select count(*)::int as printed,
             count(*) filter (where st.state = 'active')::int as active,
             count(*) filter (where st.scan_count > 0)::int as scanned
        from stamps st join print_runs r on r.id = st.print_run_id
       where r.cooperative_id = ${cooperativeId}`,
  ]);
  return {
    weeks: window.starts,
    products: products.map((p) => ({
      ...p,
      scans: series(
        window,
        weekly.filter((w) => w.gtin === p.gtin),
        'n',
      ),
    })),
    stamps: stamps ?? { printed: 0, active: 0, scanned: 0 },
  };
}

export interface StaffCharts {
  weeks: string[];
  findingsOpened: number[];
  findingsResolved: number[];
  months: string[];
  recalls: number[];
  fakeReports: number[];
}

/**
 * Findings first found and findings resolved per week (resolved: marked resolved by staff, or
 * cleared by a run because the data was put right, whichever came first); recalls (by the day of
 * the recall decision) and fake reports from consumers per month.
 */
export async function staffCharts(db: Db, weeks: Window, months: Window): Promise<StaffCharts> {
  const [findings, recalls, reports] = await Promise.all([
    db<Bucketed[]>`
      with ev as (
        select first_found_at as at, 1 as opened, 0 as resolved from link_findings
         where first_found_at >= ${weeks.since} and first_found_at < ${weeks.until}
        union all
        select least(case when status = 'resolved' then reviewed_at end, cleared_at), 0, 1 from link_findings
         where least(case when status = 'resolved' then reviewed_at end, cleared_at) >= ${weeks.since}
           and least(case when status = 'resolved' then reviewed_at end, cleared_at) < ${weeks.until}
      )
      select to_char(date_trunc('week', at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as bucket,
             sum(opened)::int as opened, sum(resolved)::int as resolved
        from ev group by 1`,
    db<Bucketed[]>`
      select to_char(date_trunc('month', recalled_on::timestamp), 'YYYY-MM-DD') as bucket, count(*)::int as n
        from batch_recalls
       where recalled_on >= ${months.starts[0]!}::date and recalled_on < ${vietnamToday(months.until)}::date
       group by 1`,
    db<Bucketed[]>`
      select to_char(date_trunc('month', created_at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as bucket,
             count(*)::int as n
        from fake_reports
       where created_at >= ${months.since} and created_at < ${months.until}
       group by 1`,
  ]);
  return {
    weeks: weeks.starts,
    findingsOpened: series(weeks, findings, 'opened'),
    findingsResolved: series(weeks, findings, 'resolved'),
    months: months.starts,
    recalls: series(months, recalls, 'n'),
    fakeReports: series(months, reports, 'n'),
  };
}

export interface ModelCharts {
  months: string[];
  /** Batches of the model's products sealed in the month (status 'sealed', as the model's figures count). */
  batchesSealed: number[];
  /** Distinct stamps of those batches with a known, non-bot scan in the month. */
  stampsScanned: number[];
}

export async function modelCharts(db: Db, modelId: string, months: Window): Promise<ModelCharts> {
  const rows = await db<Bucketed[]>`
    with mb as (
      select b.id, b.status, b.sealed_at from batches b
       where b.product_id in (select mp.product_id from model_products mp where mp.model_id = ${modelId})
    ), sealed as (
      select to_char(date_trunc('month', sealed_at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as bucket,
             count(*)::int as n
        from mb where status = 'sealed' and sealed_at >= ${months.since} and sealed_at < ${months.until}
       group by 1
    ), scanned as (
      select to_char(date_trunc('month', sc.at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as bucket,
             count(distinct sc.serial)::int as n
        from scans sc
       where sc.at >= ${months.since} and sc.at < ${months.until} and sc.known and not sc.is_bot
         and sc.serial in (select s.serial from stamps s join print_runs r on r.id = s.print_run_id
                            where r.batch_id in (select id from mb))
       group by 1
    )
    select coalesce(a.bucket, b.bucket) as bucket, coalesce(a.n, 0) as sealed, coalesce(b.n, 0) as scanned
      from sealed a full join scanned b on a.bucket = b.bucket`;
  return {
    months: months.starts,
    batchesSealed: series(months, rows, 'sealed'),
    stampsScanned: series(months, rows, 'scanned'),
  };
}
