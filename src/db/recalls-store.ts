// Recalls that start upstream (a harvest lot, or an area over a range of harvest days): the sealed
// batches that drew on it, what their lots printed, and the recalls written and lifted together by
// origin. Every statement is set-based and runs in the caller's transaction (src/recalls/propagate.ts).
import type { Db } from './client';
import { inTransaction, syncDerivedEvents } from './epcis-derived-store';
import type { Recall } from './batches-store';

export type RecallOrigin =
  | { kind: 'harvest_lot'; id: string }
  | { kind: 'area'; id: string; from?: string | undefined; to?: string | undefined };

/** A sealed batch (the version on record) that drew on the origin. */
export interface RecallCandidate {
  id: string;
  /** its lot is already under an open recall */
  recalled: boolean;
  gtin: string;
  lotCode: string;
  version: number;
  recordSha256: string | null;
}

/**
 * The candidates of a recall from this origin, in id order. `lock` takes their row locks (the
 * recall itself); without it the same selection is only read (the preview).
 */
export async function sealedBatchesDrawingOn(
  db: Db,
  origin: RecallOrigin,
  opts: { lock: boolean },
): Promise<RecallCandidate[]> {
  const lots =
    origin.kind === 'harvest_lot'
      ? db`select ${origin.id}::uuid as id`
      : db`select h.id from harvest_lots h where h.area_id = ${origin.id}
           and (${origin.from ?? null}::date is null or h.harvested_on >= ${origin.from ?? null}::date)
           and (${origin.to ?? null}::date is null or h.harvested_on <= ${origin.to ?? null}::date)`;
  // Locking the batch rows (in a fixed order) serialises against single-batch recalls, which
  // take the same lock before checking for an open recall.
  return db<RecallCandidate[]>`
    select b.id, p.gtin, b.lot_code, b.version, b.record_sha256, exists (
             select 1 from batches v join batch_recalls x on x.batch_id = v.id and x.lifted_at is null
             where v.product_id = b.product_id and v.lot_code = b.lot_code) as recalled
    from batches b join products p on p.id = b.product_id
    where b.status = 'sealed'
      and exists (select 1 from batch_inputs i where i.batch_id = b.id and i.harvest_lot_id in (${lots}))
    order by b.id
    ${opts.lock ? db`for update of b` : db``}`;
}

export interface DownstreamCounts {
  printRuns: number;
  stamps: number;
  stampsScanned: number;
}

/**
 * Print runs of these batches (any version of their lots: stamps are printed for the version
 * current at the time, and every version of a recalled lot shows the recall), their stamps that
 * are not void, and of those the ones scanned at least once.
 */
export async function downstreamCounts(db: Db, batchIds: string[]): Promise<DownstreamCounts> {
  const [counts] = await db<DownstreamCounts[]>`
    with runs as (
      select distinct r.id, r.stamps_issued + r.stamps_active as live from batches b
        join batches v on v.product_id = b.product_id and v.lot_code = b.lot_code
        join print_runs r on r.batch_id = v.id
      where b.id = any(${batchIds}::uuid[]))
    -- the stamps not void are the runs' stored counters; which were scanned, the stamps' own
    select (select count(*) from runs)::int as "printRuns",
           (select coalesce(sum(live), 0) from runs)::int as stamps,
           (select count(*) from runs r join stamps s on s.print_run_id = r.id
             where s.state <> 'void' and s.scan_count > 0)::int as "stampsScanned"`;
  return { printRuns: counts?.printRuns ?? 0, stamps: counts?.stamps ?? 0, stampsScanned: counts?.stampsScanned ?? 0 };
}

/** One statement for all the recalls of one origin: each batch with its own signed statement. */
export async function insertOriginRecalls(
  db: Db,
  recalls: { batchId: string; statementJws: string }[],
  r: Pick<Recall, 'reason' | 'authority' | 'recalledOn' | 'origin' | 'recordedBy'> & { at: Date },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const rows = await tx<{ id: string }[]>`
      insert into batch_recalls (batch_id, reason, authority, recalled_on, origin, statement_jws, recorded_by, created_at)
      select t.b, ${r.reason}, ${r.authority}, ${r.recalledOn}, ${tx.json(r.origin as never)}, t.j,
             ${tx.json(r.recordedBy as never)}, ${r.at}
      from unnest(${recalls.map((x) => x.batchId)}::uuid[], ${recalls.map((x) => x.statementJws)}::text[]) as t(b, j)
      returning id`;
    await syncDerivedEvents(
      tx,
      rows.map((x) => ({ kind: 'recall' as const, id: x.id })),
    );
  });
}

export interface BatchRecallState {
  id: string;
  status: 'draft' | 'sealed' | 'superseded';
  /** this batch itself is under an open recall */
  recalled: boolean;
}

/** A batch's status and whether it is itself under an open recall (the preview of a one-batch recall). */
export async function batchRecallState(db: Db, batchId: string): Promise<BatchRecallState | null> {
  const [row] = await db<BatchRecallState[]>`
    select b.id, b.status,
           exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null) as recalled
    from batches b where b.id = ${batchId}`;
  return row ?? null;
}

/** A batch a recall would reach, as the preview lists it. */
export interface RecallPreviewBatch {
  id: string;
  gtin: string;
  productName: string;
  lotCode: string;
  version: number;
  productionDate: string;
  cooperative: string;
}

/** These batches with their product and cooperative, by production date. */
export async function recallPreviewBatches(db: Db, batchIds: string[]): Promise<RecallPreviewBatch[]> {
  if (!batchIds.length) return [];
  return db<RecallPreviewBatch[]>`
    select b.id, p.gtin, p.name_vi as "productName", b.lot_code, b.version,
           b.production_date::text, o.name as cooperative
    from batches b join products p on p.id = b.product_id join organizations o on o.id = b.cooperative_id
    where b.id = any(${batchIds}::uuid[])
    order by b.production_date, b.lot_code, b.version`;
}

/**
 * Lifts every open recall started by this origin (kind and id; for an area, from/to narrow it to
 * the recall issued with that range) and returns the batches they belonged to.
 */
export async function liftRecallsByOrigin(db: Db, origin: RecallOrigin, reason: string, at: Date): Promise<string[]> {
  const from = origin.kind === 'area' ? (origin.from ?? null) : null;
  const to = origin.kind === 'area' ? (origin.to ?? null) : null;
  return inTransaction(db, async (tx) => {
    const rows = await tx<{ id: string; batchId: string }[]>`
      update batch_recalls set lifted_at = ${at}, lift_reason = ${reason}
      where lifted_at is null and origin->>'kind' = ${origin.kind} and origin->>'id' = ${origin.id}
        and (${from}::text is null or origin->>'from' = ${from}::text)
        and (${to}::text is null or origin->>'to' = ${to}::text)
      returning id, batch_id`;
    await syncDerivedEvents(
      tx,
      rows.map((x) => ({ kind: 'recall' as const, id: x.id })),
    );
    return rows.map((x) => x.batchId);
  });
}
