// Recalls that start upstream: a harvest lot, or an area over a date range of harvests. Every
// sealed batch that drew on it is recalled in the caller's transaction, each with its own signed
// statement naming the origin; lifting by origin lifts them together and keeps the history.
// Lookups and counts are set-based; only the signing runs per batch.
import { AppError } from '../errors';
import type { Db, Tx } from '../db/client';
import type { Recall } from '../db/batches-store';
import type { Keyring } from '../db/keyring';
import { recallStatement } from './recall';
import { signRecord } from '../signing';
import type { Sealer } from '../sealing/seal';

export type RecallOrigin =
  | { kind: 'harvest_lot'; id: string }
  | { kind: 'area'; id: string; from?: string | undefined; to?: string | undefined };

export interface PropagateInput {
  origin: RecallOrigin;
  reason: string;
  authority: string;
  recalledOn: string;
}

export interface PropagateResult {
  origin: RecallOrigin;
  /** batches recalled by this call */
  batches: number;
  /** downstream batches whose lot was already under an open recall: left as they were */
  alreadyRecalled: number;
  /** print runs of the recalled batches (any version of their lots) */
  printRuns: number;
  /** stamps of those runs that are not void */
  stamps: number;
  /** of those, stamps scanned at least once since production */
  stampsScanned: number;
  batchIds: string[];
}

/** The origin as stored in batch_recalls.origin and signed into each statement. */
function storedOrigin(origin: RecallOrigin): Recall['origin'] {
  if (origin.kind === 'harvest_lot') return { kind: 'harvest_lot', id: origin.id };
  const o: Record<string, string> = { kind: 'area', id: origin.id };
  if (origin.from) o.from = origin.from;
  if (origin.to) o.to = origin.to;
  return o as Recall['origin'];
}

async function assertOriginExists(tx: Db, origin: RecallOrigin) {
  const rows = origin.kind === 'harvest_lot'
    ? await tx`select 1 from harvest_lots where id = ${origin.id}`
    : await tx`select 1 from raw_material_areas where id = ${origin.id}`;
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', origin.kind === 'harvest_lot' ? 'Harvest lot not found' : 'Area not found', { id: origin.id });
  }
}

/** Sealed batches (the version on record) that drew on the origin. */
interface Candidate { id: string; recalled: boolean; gtin: string; lotCode: string; version: number; recordSha256: string | null }

/**
 * The candidates of a recall from this origin, in id order; `lock` takes their row locks (the
 * recall itself), without it the same selection is only read (the preview).
 */
async function downstreamBatches(tx: Db, origin: RecallOrigin, lock = true): Promise<Candidate[]> {
  const lots = origin.kind === 'harvest_lot'
    ? tx`select ${origin.id}::uuid as id`
    : tx`select h.id from harvest_lots h where h.area_id = ${origin.id}
           and (${origin.from ?? null}::date is null or h.harvested_on >= ${origin.from ?? null}::date)
           and (${origin.to ?? null}::date is null or h.harvested_on <= ${origin.to ?? null}::date)`;
  // Locking the batch rows (in a fixed order) serialises against single-batch recalls, which
  // take the same lock before checking for an open recall.
  return tx<Candidate[]>`
    select b.id, p.gtin, b.lot_code, b.version, b.record_sha256, exists (
             select 1 from batches v join batch_recalls x on x.batch_id = v.id and x.lifted_at is null
             where v.product_id = b.product_id and v.lot_code = b.lot_code) as recalled
    from batches b join products p on p.id = b.product_id
    where b.status = 'sealed'
      and exists (select 1 from batch_inputs i where i.batch_id = b.id and i.harvest_lot_id in (${lots}))
    order by b.id
    ${lock ? tx`for update of b` : tx``}`;
}

/**
 * Print runs of these batches (any version of their lots: stamps are printed for the version
 * current at the time, and every version of a recalled lot shows the recall), their stamps that
 * are not void, and of those the ones scanned at least once.
 */
async function downstreamCounts(db: Db, batchIds: string[]): Promise<{ printRuns: number; stamps: number; stampsScanned: number }> {
  const [counts] = await db<{ printRuns: number; stamps: number; stampsScanned: number }[]>`
    with runs as (
      select distinct r.id from batches b
        join batches v on v.product_id = b.product_id and v.lot_code = b.lot_code
        join print_runs r on r.batch_id = v.id
      where b.id = any(${batchIds}::uuid[]))
    select (select count(*) from runs)::int as "printRuns",
           count(s.serial)::int as stamps,
           count(s.serial) filter (where s.scan_count > 0)::int as "stampsScanned"
    from runs r join stamps s on s.print_run_id = r.id and s.state <> 'void'`;
  return { printRuns: counts?.printRuns ?? 0, stamps: counts?.stamps ?? 0, stampsScanned: counts?.stampsScanned ?? 0 };
}

export async function propagateRecall(tx: Tx, keyring: Keyring, input: PropagateInput, by: Sealer, now: Date): Promise<PropagateResult> {
  await assertOriginExists(tx, input.origin);
  const candidates = await downstreamBatches(tx, input.origin);
  const origin = storedOrigin(input.origin);
  // One key, statements signed in memory, one insert: a recall of a thousand batches is a
  // handful of statements rather than a thousand round trips.
  const fresh = candidates.filter((c) => !c.recalled);
  const batchIds = fresh.map((c) => c.id);
  if (fresh.length) {
    const key = await keyring.current(tx);
    const recallInput = { reason: input.reason, authority: input.authority, recalledOn: input.recalledOn, origin };
    const jws: string[] = [];
    for (const c of fresh) {
      const { id, gtin, lotCode, version, recordSha256 } = c;
      jws.push((await signRecord(recallStatement({ id, gtin, lotCode, version, recordSha256 }, recallInput, by, now), key)).jws);
    }
    await tx`
      insert into batch_recalls (batch_id, reason, authority, recalled_on, origin, statement_jws, recorded_by, created_at)
      select t.b, ${input.reason}, ${input.authority}, ${input.recalledOn}, ${tx.json(origin as never)}, t.j, ${tx.json(by as never)}, ${now}
      from unnest(${batchIds}::uuid[], ${jws}::text[]) as t(b, j)`;
  }
  return {
    origin: input.origin,
    batches: batchIds.length,
    alreadyRecalled: candidates.length - batchIds.length,
    ...(await downstreamCounts(tx, batchIds)),
    batchIds,
  };
}

/** A batch a recall would reach (or has already reached), as the preview lists it. */
export interface PreviewBatch {
  id: string;
  gtin: string;
  productName: string;
  lotCode: string;
  version: number;
  productionDate: string;
  cooperative: string;
  /** its lot is already under an open recall: a recall from the origin leaves it as it is */
  recalled: boolean;
}

export type PreviewOrigin = RecallOrigin | { kind: 'batch'; id: string };

export interface RecallPreview extends Omit<PropagateResult, 'origin'> {
  origin: PreviewOrigin;
  /** the batches recalled by a recall now (batchIds), then those already under recall, by production date */
  items: PreviewBatch[];
}

/**
 * What a recall from this origin would do, read only: the same candidate selection and counts
 * as propagateRecall (for an area or a harvest lot) without taking a lock or writing anything.
 * For one batch it applies recallBatch's rules: a draft cannot be recalled, nor a batch already
 * under an open recall (the same errors), and the counts cover its lot's print runs.
 */
export async function previewRecall(db: Db, origin: PreviewOrigin): Promise<RecallPreview> {
  let candidates: { id: string; recalled: boolean }[];
  if (origin.kind === 'batch') {
    const [b] = await db<{ id: string; status: string; recalled: boolean }[]>`
      select b.id, b.status, exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null) as recalled
      from batches b where b.id = ${origin.id}`;
    if (!b) throw new AppError('NOT_FOUND', 'Batch not found', { id: origin.id });
    if (b.status === 'draft') throw new AppError('BATCH_NOT_SEALED', 'Only sealed batches can be recalled; a draft can simply be changed');
    if (b.recalled) throw new AppError('BATCH_RECALLED', 'This batch is already under recall');
    candidates = [{ id: b.id, recalled: false }];
  } else {
    await assertOriginExists(db, origin);
    candidates = await downstreamBatches(db, origin, false);
  }
  const batchIds = candidates.filter((c) => !c.recalled).map((c) => c.id);
  const items = candidates.length
    ? await db<PreviewBatch[]>`
        select b.id, p.gtin, p.name_vi as "productName", b.lot_code, b.version,
               b.production_date::text, o.name as cooperative
        from batches b join products p on p.id = b.product_id join organizations o on o.id = b.cooperative_id
        where b.id = any(${candidates.map((c) => c.id)}::uuid[])
        order by b.production_date, b.lot_code, b.version`
    : [];
  const fresh = new Set(batchIds);
  const listed = items.map((i) => ({ ...i, recalled: !fresh.has(i.id) }));
  return {
    origin,
    batches: batchIds.length,
    alreadyRecalled: candidates.length - batchIds.length,
    ...(await downstreamCounts(db, batchIds)),
    batchIds,
    items: [...listed.filter((i) => !i.recalled), ...listed.filter((i) => i.recalled)],
  };
}

/**
 * Lifts every open recall started by this origin (kind and id; for an area, from/to narrow it
 * to the recall issued with that range). The recalls stay in the history.
 */
export async function liftByOrigin(tx: Tx, origin: RecallOrigin, reason: string, now: Date): Promise<{ lifted: number; batchIds: string[] }> {
  await assertOriginExists(tx, origin);
  const from = origin.kind === 'area' ? origin.from ?? null : null;
  const to = origin.kind === 'area' ? origin.to ?? null : null;
  const rows = await tx<{ batchId: string }[]>`
    update batch_recalls set lifted_at = ${now}, lift_reason = ${reason}
    where lifted_at is null and origin->>'kind' = ${origin.kind} and origin->>'id' = ${origin.id}
      and (${from}::text is null or origin->>'from' = ${from}::text)
      and (${to}::text is null or origin->>'to' = ${to}::text)
    returning batch_id`;
  return { lifted: rows.length, batchIds: rows.map((r) => r.batchId) };
}
