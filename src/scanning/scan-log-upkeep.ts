// The scan log's daily upkeep: partitions for this month and the next two exist before their
// first scan, rows the DEFAULT partition caught are moved into their month, and months older than
// the retention period (SCAN_RETENTION_MONTHS) lose their raw personal details, one month per
// transaction. Safe to run from several instances at once and to repeat.
import type { Sql } from '../db/client';
import {
  addMonths,
  anonymiseScanMonth,
  ensureScanMonths,
  type Month,
  monthOf,
  nextMonthToAnonymise,
  settleDefaultScans,
} from '../db/scan-log-store';

export interface ScanLogUpkeep {
  monthsCreated: Month[];
  rowsSettled: number;
  monthsAnonymised: { month: Month; scans: number }[];
}

/** Months ahead whose partitions are made in advance: a missed day or two of upkeep changes nothing. */
const MONTHS_AHEAD = 2;

export async function keepScanLog(
  sql: Sql,
  now: Date,
  opts: { retentionMonths: number | null; stopping?: () => boolean },
): Promise<ScanLogUpkeep> {
  const thisMonth = monthOf(now);
  const monthsCreated = await ensureScanMonths(sql, thisMonth, addMonths(thisMonth, MONTHS_AHEAD));
  const settled = await settleDefaultScans(sql);
  const monthsAnonymised: ScanLogUpkeep['monthsAnonymised'] = [];
  if (opts.retentionMonths != null) {
    // a month is anonymised once all of it is older than the period: with 12, on any day of
    // March 2027 the months up to February 2026 are
    const cutoff = addMonths(thisMonth, -opts.retentionMonths);
    // one month per transaction; a stop between months leaves the rest for the next upkeep
    while (!opts.stopping?.()) {
      const m = await nextMonthToAnonymise(sql, cutoff);
      if (!m) break;
      monthsAnonymised.push({ month: m, scans: await anonymiseScanMonth(sql, m, now) });
    }
  }
  return { monthsCreated: [...monthsCreated, ...settled.months], rowsSettled: settled.rows, monthsAnonymised };
}
