// The scan log. One statement per stamp page view: it counts the scan on the stamp (row lock:
// exact under concurrency), logs it, and reads what the verdict needs, so the page costs one
// round trip and the scan is committed before the answer leaves.
import type { Db } from './client';
import type { StampState } from './print-runs-store';

export interface ScanInput {
  serial: string;
  gtin: string;
  lot: string | null;
  clientHash: string;
  userAgentFamily: string;
  language: string;
  isBot: boolean;
  at: Date;
}

export interface StampLookup {
  /** null when no stamp with this serial belongs to this product and lot */
  stamp: {
    serial: string;
    state: StampState;
    printRunId: string;
    batchId: string;
    scanCount: number;
    firstScannedAt: Date | null;
  } | null;
}

export type ScanResult = StampLookup['stamp'];

/**
 * Records several scans in one statement (one commit): each stamp's counter moves by the number
 * of its non-bot scans under the row lock, and each scan gets the count as it stood after it, in
 * arrival order. Returns one result per input, in input order.
 */
export async function recordStampScans(db: Db, inputs: ScanInput[]): Promise<ScanResult[]> {
  const col = <T>(f: (s: ScanInput) => T) => inputs.map(f);
  const rows = await db<
    {
      serial: string;
      gtin: string;
      lot: string | null;
      state: StampState;
      printRunId: string;
      batchId: string;
      scanCount: number;
      firstScannedAt: Date | null;
    }[]
  >`
    with input as (
      select * from unnest(${col((s) => s.serial)}::text[], ${col((s) => s.gtin)}::text[], ${col((s) => s.lot)}::text[],
                           ${col((s) => s.clientHash)}::text[], ${col((s) => s.userAgentFamily)}::text[], ${col((s) => s.language)}::text[],
                           ${col((s) => (s.isBot ? 't' : 'f'))}::text[]::bool[], ${col((s) => s.at.toISOString())}::timestamptz[])
        as t(serial, gtin, lot, client_hash, family, lang, is_bot, at)
    ),
    agg as (
      select serial, gtin, lot, (count(*) filter (where not is_bot))::int as k, min(at) filter (where not is_bot) as first_at
      from input group by serial, gtin, lot
    ),
    counted as (
      update stamps st set
        scan_count = st.scan_count + agg.k,
        first_scanned_at = case when agg.k > 0 then coalesce(st.first_scanned_at, agg.first_at) else st.first_scanned_at end
      from agg, print_runs r
      where st.serial = agg.serial and r.id = st.print_run_id and r.gtin = agg.gtin and (agg.lot is null or r.lot_code = agg.lot)
      returning st.serial, agg.gtin, agg.lot, st.state, st.print_run_id, r.batch_id, st.scan_count, st.first_scanned_at
    ),
    logged as (
      insert into scans (serial, gtin, lot_code, known, at, client_hash, user_agent_family, language, is_bot)
      select i.serial, i.gtin, i.lot,
             exists (select 1 from counted c where c.serial = i.serial and c.gtin = i.gtin and c.lot is not distinct from i.lot),
             i.at, i.client_hash, i.family, i.lang, i.is_bot
      from input i
    )
    select c.serial, c.gtin, c.lot, c.state, c.print_run_id, c.batch_id,
           c.scan_count, c.first_scanned_at
    from counted c`;
  const byKey = new Map(rows.map((r) => [`${r.serial}|${r.gtin}|${r.lot ?? ''}`, r]));
  // the k non-bot scans of a stamp in this batch saw counts after-k+1 … after, in arrival order
  const seen = new Map<string, number>();
  const nonBot = new Map<string, number>();
  for (const s of inputs)
    if (!s.isBot)
      nonBot.set(`${s.serial}|${s.gtin}|${s.lot ?? ''}`, (nonBot.get(`${s.serial}|${s.gtin}|${s.lot ?? ''}`) ?? 0) + 1);
  return inputs.map((s) => {
    const key = `${s.serial}|${s.gtin}|${s.lot ?? ''}`;
    const r = byKey.get(key);
    if (!r) return null;
    let count = r.scanCount;
    if (!s.isBot) {
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      count = r.scanCount - nonBot.get(key)! + n;
    }
    return {
      serial: r.serial,
      state: r.state,
      printRunId: r.printRunId,
      batchId: r.batchId,
      scanCount: count,
      firstScannedAt: r.firstScannedAt,
    };
  });
}

/** The visitor's own latest scan of this stamp (same network, last minutes) gets a coarse position. */
export async function addScanPosition(
  db: Db,
  serial: string,
  clientHash: string,
  lat: number,
  lon: number,
  notBefore: Date,
) {
  const updated = await db`
    update scans set lat = round(${lat}::numeric, 2), lon = round(${lon}::numeric, 2)
    where id = (select id from scans where serial = ${serial} and client_hash = ${clientHash} and at >= ${notBefore}
                  and not is_bot and lat is null order by id desc limit 1)`;
  return updated.count > 0;
}

export async function insertFakeReport(
  db: Db,
  r: {
    serial: string;
    gtin: string;
    lot: string | null;
    verdict: string;
    message: string;
    contact: string | null;
    clientHash: string;
    at: Date;
  },
) {
  const [row] = await db<{ id: string }[]>`
    insert into fake_reports (serial, gtin, lot_code, verdict, message, contact, client_hash, created_at)
    values (${r.serial}, ${r.gtin}, ${r.lot}, ${r.verdict}, ${r.message}, ${r.contact}, ${r.clientHash}, ${r.at})
    returning id`;
  return row!.id;
}

export async function listFakeReports(
  db: Db,
  f: { status?: string; gtin?: string; limit: number; before?: Date; productOwnerId?: string },
) {
  return db<
    {
      id: string;
      serial: string;
      gtin: string;
      lotCode: string | null;
      verdict: string;
      message: string;
      contact: string | null;
      createdAt: Date;
      status: string;
      staffNote: string | null;
    }[]
  >`
    select id, serial, gtin, lot_code, verdict, message, contact, created_at, status, staff_note
    from fake_reports
    where true
      ${f.status ? db`and status = ${f.status}` : db``}
      ${f.gtin ? db`and gtin = ${f.gtin}` : db``}
      ${f.productOwnerId ? db`and gtin in (select p.gtin from products p where p.owner_id = ${f.productOwnerId})` : db``}
      ${f.before ? db`and created_at < ${f.before}` : db``}
    order by created_at desc
    limit ${f.limit}`;
}

export interface StampScan {
  id: string;
  serial: string;
  gtin: string;
  lotCode: string | null;
  at: Date;
  language: string;
  userAgentFamily: string;
  lat: number | null;
  lon: number | null;
  stampState: StampState;
  scanCount: number;
  printRunId: string;
  batchId: string;
}

/** The latest scans (bots left out) of stamps printed for one cooperative's runs, newest first. */
export async function listScansOfCooperative(db: Db, f: { cooperativeId: string; limit: number; before?: Date }) {
  return db<StampScan[]>`
    select s.id::text as id, s.serial, s.gtin, s.lot_code, s.at, s.language, s.user_agent_family,
           s.lat::float8 as lat, s.lon::float8 as lon, st.state as "stampState", st.scan_count,
           r.id as "printRunId", r.batch_id
    from scans s
      join stamps st on st.serial = s.serial
      join print_runs r on r.id = st.print_run_id and r.gtin = s.gtin
    where r.cooperative_id = ${f.cooperativeId} and s.known and not s.is_bot
      ${f.before ? db`and s.at < ${f.before}` : db``}
    order by s.at desc, s.id desc
    limit ${f.limit}`;
}
