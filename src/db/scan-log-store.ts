// Upkeep of the scan log's monthly partitions (migrations/00011_scans_by_month.sql) and of its
// retention: a month past SCAN_RETENTION_MONTHS keeps its rows (so every count and every
// statistic the link checks read stays exact) but loses what could point at a person.
import type { Db, Sql } from './client';

/** Months are calendar months in UTC, named by their first day: '2026-03-01'. */
export type Month = string;

export function monthOf(d: Date): Month {
  return `${d.toISOString().slice(0, 7)}-01`;
}

export function addMonths(m: Month, n: number): Month {
  const d = new Date(`${m}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return monthOf(d);
}

/** Creates the partitions of months `from`…`to` (inclusive) that are missing; returns the months created. */
export async function ensureScanMonths(db: Db, from: Month, to: Month): Promise<Month[]> {
  const rows = await db<{ month: Month; created: boolean }[]>`
    select m::date::text as month, ensure_scan_month(m at time zone 'UTC') as created
      from generate_series(${from}::date, ${to}::date, interval '1 month') m`;
  return rows.filter((r) => r.created).map((r) => r.month);
}

/**
 * Moves rows the DEFAULT partition caught (months that had no partition yet when they were
 * written: a clock far off, a restore, a bulk load) into partitions of their own month.
 */
export async function settleDefaultScans(db: Db): Promise<{ months: Month[]; rows: number }> {
  const months = await db<{ month: Month; n: number }[]>`
    select (date_trunc('month', at at time zone 'UTC'))::date::text as month, count(*)::int as n
      from scans_default group by 1 order by 1`;
  const created: Month[] = [];
  let rows = 0;
  for (const { month, n } of months) {
    const [r] = await db<
      { created: boolean }[]
    >`select ensure_scan_month(${month}::date at time zone 'UTC') as created`;
    if (r!.created) {
      created.push(month);
      rows += n;
    }
  }
  return { months: created, rows };
}

/**
 * The next month to anonymise, or null when every month before `cutoff` is done. The first time,
 * this is the month of the oldest scan (one read of the log); afterwards, the month after the last
 * one done.
 */
export async function nextMonthToAnonymise(db: Db, cutoff: Month): Promise<Month | null> {
  const [done] = await db<{ month: Month | null }[]>`select max(month)::text as month from scan_months_anonymised`;
  let next: Month | null = done?.month ? addMonths(done.month, 1) : null;
  if (!next) {
    const [oldest] = await db<{ at: Date | null }[]>`select min(at) as at from scans where at < ${cutoff}::date`;
    next = oldest?.at ? monthOf(oldest.at) : null;
  }
  return next && next < cutoff ? next : null;
}

/**
 * Anonymises one month of raw scan details, in one transaction:
 * - the network hash is re-keyed with a random secret that is used for this month only and never
 *   stored, so equal hashes stay equal (visitors per day still count exactly) but no one can
 *   recompute a network's hash any more (today's hash is an unsalted digest of the network and the day);
 * - the coarse position a visitor chose to share is removed.
 * Serial, product, lot, time, browser family, language and the bot flag stay: the counts, the
 * per-product statistics and the link checks need them, and they name nobody.
 */
export async function anonymiseScanMonth(sql: Sql, month: Month, now: Date): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(1935762292)`; // instances doing their upkeep at once take turns
    const [already] = await tx`select 1 from scan_months_anonymised where month = ${month}::date for update`;
    if (already) return 0;
    const changed = await tx`
      with k as (select md5(gen_random_uuid()::text || clock_timestamp()::text) as secret)
      update scans s
         set client_hash = left(md5(k.secret || s.client_hash), 16), lat = null, lon = null
        from k
       where s.at >= (${month}::date at time zone 'UTC')
         and s.at < ((${month}::date + interval '1 month') at time zone 'UTC')`;
    await tx`
      insert into scan_months_anonymised (month, anonymised_at, scans) values (${month}::date, ${now}, ${changed.count})
      on conflict (month) do nothing`;
    return changed.count;
  });
}
