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
  scanId: number;
  /** null when no stamp with this serial belongs to this product and lot */
  stamp: {
    serial: string;
    state: StampState;
    printRunId: string;
    batchId: string;
    scanCount: number;
    firstScannedAt: Date | null;
    recalled: boolean;
  } | null;
}

export async function recordStampScan(db: Db, s: ScanInput): Promise<StampLookup> {
  const [row] = await db<{
    scanId: number; serial: string | null; state: StampState | null; printRunId: string | null; batchId: string | null;
    scanCount: number | null; firstScannedAt: Date | null; recalled: boolean | null;
  }[]>`
    with counted as (
      update stamps st set
        scan_count = st.scan_count + ${s.isBot ? 0 : 1},
        first_scanned_at = case when ${s.isBot} then st.first_scanned_at else coalesce(st.first_scanned_at, ${s.at}) end
      from print_runs r
      where st.serial = ${s.serial} and r.id = st.print_run_id and r.gtin = ${s.gtin}
        and (${s.lot}::text is null or r.lot_code = ${s.lot})
      returning st.serial, st.state, st.print_run_id, r.batch_id, st.scan_count, st.first_scanned_at
    ),
    logged as (
      insert into scans (serial, gtin, lot_code, known, at, client_hash, user_agent_family, language, is_bot)
      select ${s.serial}, ${s.gtin}, ${s.lot}, exists (select 1 from counted), ${s.at}, ${s.clientHash},
             ${s.userAgentFamily}, ${s.language}, ${s.isBot}
      returning id
    )
    select l.id as "scanId", c.serial, c.state, c.print_run_id as "printRunId", c.batch_id as "batchId",
           c.scan_count as "scanCount", c.first_scanned_at as "firstScannedAt",
           case when c.batch_id is null then null else exists (
             select 1 from batches b join batches v on v.product_id = b.product_id and v.lot_code = b.lot_code
               join batch_recalls x on x.batch_id = v.id and x.lifted_at is null
             where b.id = c.batch_id) end as recalled
    from logged l left join counted c on true`;
  const r = row!;
  return {
    scanId: Number(r.scanId),
    stamp: r.serial
      ? {
          serial: r.serial,
          state: r.state!,
          printRunId: r.printRunId!,
          batchId: r.batchId!,
          scanCount: r.scanCount!,
          firstScannedAt: r.firstScannedAt,
          recalled: !!r.recalled,
        }
      : null,
  };
}

export async function addScanPosition(db: Db, scanId: number, clientHash: string, lat: number, lon: number, notBefore: Date) {
  const updated = await db`
    update scans set lat = round(${lat}::numeric, 2), lon = round(${lon}::numeric, 2)
    where id = ${scanId} and client_hash = ${clientHash} and at >= ${notBefore} and lat is null`;
  return updated.count > 0;
}

export async function insertFakeReport(
  db: Db,
  r: { serial: string; gtin: string; lot: string | null; verdict: string; message: string; contact: string | null; clientHash: string; at: Date },
) {
  const [row] = await db<{ id: string }[]>`
    insert into fake_reports (serial, gtin, lot_code, verdict, message, contact, client_hash, created_at)
    values (${r.serial}, ${r.gtin}, ${r.lot}, ${r.verdict}, ${r.message}, ${r.contact}, ${r.clientHash}, ${r.at})
    returning id`;
  return row!.id;
}

export async function listFakeReports(db: Db, f: { status?: string; gtin?: string; limit: number; before?: Date }) {
  return db<{ id: string; serial: string; gtin: string; lotCode: string | null; verdict: string; message: string; contact: string | null; createdAt: Date; status: string; staffNote: string | null }[]>`
    select id, serial, gtin, lot_code as "lotCode", verdict, message, contact, created_at as "createdAt", status, staff_note as "staffNote"
    from fake_reports
    where true
      ${f.status ? db`and status = ${f.status}` : db``}
      ${f.gtin ? db`and gtin = ${f.gtin}` : db``}
      ${f.before ? db`and created_at < ${f.before}` : db``}
    order by created_at desc
    limit ${f.limit}`;
}
