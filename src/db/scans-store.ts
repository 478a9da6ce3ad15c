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

/** A stamp as one of its scans found it: its state, its batch and the count after this scan. */
export interface ScannedStamp {
  serial: string;
  state: StampState;
  printRunId: string;
  batchId: string;
  /** the GTIN and lot printed on the stamp: its canonical address */
  gtin: string;
  lotCode: string;
  scanCount: number;
  firstScannedAt: Date | null;
}

/**
 * The stamp the scan addressed; `other_product` when the serial is on record but under another
 * product or lot than the address names (the scan is logged, not counted on that stamp); null
 * when the serial is not on record at all.
 */
export type ScanResult = ScannedStamp | 'other_product' | null;

/**
 * Records several scans in one statement (one commit). A serial is unique on its own, so each is
 * looked up by serial and then judged against its address: the GTIN, and the lot without regard to
 * case (the rule of addressesStamp in src/domain/stamp-verdict.ts). Each stamp's counter moves by
 * the number of its non-bot scans at a matching address under the row lock, and each such scan
 * gets the count as it stood after it, in arrival order. Returns one result per input, in input order.
 */
export async function recordStampScans(db: Db, inputs: ScanInput[]): Promise<ScanResult[]> {
  const col = <T>(f: (s: ScanInput) => T) => inputs.map(f);
  const rows = await db<
    {
      n: number;
      issued: boolean;
      matches: boolean;
      serial: string;
      state: StampState | null;
      printRunId: string | null;
      batchId: string | null;
      gtin: string | null;
      lotCode: string | null;
      scanCount: number | null;
      firstScannedAt: Date | null;
    }[]
  >`
    with input as (
      select * from unnest(${col((s) => s.serial)}::text[], ${col((s) => s.gtin)}::text[], ${col((s) => s.lot)}::text[],
                           ${col((s) => s.clientHash)}::text[], ${col((s) => s.userAgentFamily)}::text[], ${col((s) => s.language)}::text[],
                           ${col((s) => (s.isBot ? 't' : 'f'))}::text[]::bool[], ${col((s) => s.at.toISOString())}::timestamptz[])
        with ordinality as t(serial, gtin, lot, client_hash, family, lang, is_bot, at, n)
    ),
    issued as (
      select st.serial, r.gtin, r.lot_code
        from stamps st join print_runs r on r.id = st.print_run_id
       where st.serial in (select serial from input)
    ),
    judged as (
      select i.*, x.serial is not null as issued,
             coalesce(x.gtin = i.gtin and (i.lot is null or lower(x.lot_code) = lower(i.lot)), false) as matches
        from input i left join issued x on x.serial = i.serial
    ),
    agg as (
      select serial, (count(*) filter (where not is_bot))::int as k, min(at) filter (where not is_bot) as first_at
        from judged where matches group by serial
    ),
    counted as (
      update stamps st set
        scan_count = st.scan_count + agg.k,
        first_scanned_at = case when agg.k > 0 then coalesce(st.first_scanned_at, agg.first_at) else st.first_scanned_at end
      from agg
      where st.serial = agg.serial
      returning st.serial, st.state, st.print_run_id, st.scan_count, st.first_scanned_at
    ),
    logged as (
      insert into scans (serial, gtin, lot_code, known, at, client_hash, user_agent_family, language, is_bot)
      select serial, gtin, lot, matches, at, client_hash, family, lang, is_bot from judged
    )
    select j.n::int, j.issued, j.matches, j.serial, c.state, c.print_run_id, r.batch_id, r.gtin, r.lot_code,
           c.scan_count, c.first_scanned_at
      from judged j
      left join counted c on j.matches and c.serial = j.serial
      left join print_runs r on r.id = c.print_run_id
     order by j.n`;
  // the k non-bot scans of a stamp in this batch saw counts after-k+1 … after, in arrival order
  const nonBot = new Map<string, number>();
  for (const [i, s] of inputs.entries())
    if (!s.isBot && rows[i]!.matches) nonBot.set(s.serial, (nonBot.get(s.serial) ?? 0) + 1);
  const seen = new Map<string, number>();
  return inputs.map((s, i) => {
    const r = rows[i]!;
    if (!r.matches) return r.issued ? 'other_product' : null;
    let count = r.scanCount!;
    if (!s.isBot) {
      const n = (seen.get(s.serial) ?? 0) + 1;
      seen.set(s.serial, n);
      count = r.scanCount! - nonBot.get(s.serial)! + n;
    }
    return {
      serial: r.serial,
      state: r.state!,
      printRunId: r.printRunId!,
      batchId: r.batchId!,
      gtin: r.gtin!,
      lotCode: r.lotCode!,
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
    -- the time bound lets PostgreSQL look in the last month's partition only
    where at >= ${notBefore} and id = (select id from scans where serial = ${serial} and client_hash = ${clientHash} and at >= ${notBefore}
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

/** A position in a newest-first list: the last row's time and id (ids break ties between equal times). */
export interface NewestFirst {
  at: Date;
  id: string;
}

export async function listFakeReports(
  db: Db,
  f: { status?: string; gtin?: string; limit: number; before?: Date; after?: NewestFirst; productOwnerId?: string },
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
      ${f.after ? db`and (created_at, id) < (${f.after.at}, ${f.after.id}::uuid)` : db``}
    order by created_at desc, id desc
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
export async function listScansOfCooperative(
  db: Db,
  f: { cooperativeId: string; limit: number; before?: Date; after?: NewestFirst },
) {
  return db<StampScan[]>`
    select s.id::text as id, s.serial, s.gtin, s.lot_code, s.at, s.language, s.user_agent_family,
           s.lat::float8 as lat, s.lon::float8 as lon, st.state as "stampState", st.scan_count,
           r.id as "printRunId", r.batch_id
    from scans s
      join stamps st on st.serial = s.serial
      join print_runs r on r.id = st.print_run_id and r.gtin = s.gtin
    where r.cooperative_id = ${f.cooperativeId} and s.known and not s.is_bot
      ${f.before ? db`and s.at < ${f.before}` : db``}
      ${f.after ? db`and (s.at, s.id) < (${f.after.at}, ${f.after.id}::bigint)` : db``}
    order by s.at desc, s.id desc
    limit ${f.limit}`;
}
