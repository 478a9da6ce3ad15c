// Tracing, one step back and one step forward (TCVN 12850 / GS1 Global Traceability Standard):
// from a stamp, a batch or a printed lot code back to the harvest lots, areas, operators and
// supply contracts behind it; from an area or a harvest lot forward to every batch, print run,
// stamp count and scan count made from it. Every answer is a handful of set-based queries (no
// query per row), each served by an index: batch_inputs(harvest_lot_id),
// harvest_lots(area_id, harvested_on), print_runs(batch_id, seq), stamps(print_run_id, position),
// supply_contracts(area_id, starts_on) (read through the supply_contract_terms view), model_areas(area_id), model_products(product_id).
import type { Db } from './client';

export interface TracedBatch {
  id: string;
  lotCode: string;
  version: number;
  status: 'draft' | 'sealed' | 'superseded';
  productionDate: string;
  quantity: number;
  unit: string;
  product: { id: string; gtin: string; nameVi: string };
  cooperative: { id: string; name: string };
  modelId: string | null;
  recalled: boolean;
  /** Every version of the same lot code of the same product, oldest first. */
  versions: { id: string; version: number; status: string }[];
}

export interface TracedStamp {
  serial: string;
  state: 'issued' | 'active' | 'void';
  printRunId: string;
  scanCount: number;
}

export interface TraceHarvestLot {
  id: string;
  code: string;
  harvestedOn: string;
  quantity: number;
  unit: string;
  drawn: number;
  areaId: string;
  cooperativeId: string;
}

export interface TraceArea {
  id: string;
  code: string;
  name: string;
  province: string;
  commune: string | null;
  areaHa: number;
  plantingAreaCode: string | null;
}

export interface TraceOperator {
  id: string;
  name: string;
  kind: string;
}

/** A confirmed contract (pending, rejected and withdrawn ones vouch for nothing and are left out). */
export interface TraceContract {
  id: string;
  number: string;
  startsOn: string;
  /** The last day it covers: its end date, or the day it was ended. */
  endsOn: string;
  coversHarvestDate: boolean;
}

export interface BackwardInput {
  quantityUsed: number;
  harvestLot: TraceHarvestLot & { certifications: unknown[] };
  area: TraceArea;
  operator: TraceOperator;
  /** Confirmed supply contracts between the area and the batch's cooperative. */
  contracts: TraceContract[];
}

export type BatchSelector =
  | { kind: 'serial'; serial: string }
  | { kind: 'batch'; batchId: string }
  | { kind: 'lot'; gtin: string; lot: string };

const batchCols = (db: Db) => db`
  b.id, b.lot_code, b.version, b.status, b.production_date::text,
  b.quantity::float8 as quantity, b.unit, b.model_id,
  json_build_object('id', p.id, 'gtin', p.gtin, 'nameVi', p.name_vi) as product,
  json_build_object('id', o.id, 'name', o.name) as cooperative,
  exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null) as recalled`;

const versionsCol = (db: Db) => db`
  (select json_agg(json_build_object('id', v.id, 'version', v.version, 'status', v.status) order by v.version)
   from batches v where v.product_id = b.product_id and v.lot_code = b.lot_code) as versions`;

/**
 * The batch a selector names, with the stamp when it is a serial; null when there is none or
 * when `visibleTo` (a cooperative) does not own it. A lot code names the newest version of the
 * lot: corrections supersede older versions, and the newest is the sealed truth of the lot (a
 * draft only when the lot was never sealed). The answer lists every version, so older ones,
 * whose stamps may still be in circulation, can be traced by batchId.
 */
export async function findTracedBatch(
  db: Db,
  sel: BatchSelector,
  visibleTo: string | null,
): Promise<{ batch: TracedBatch; stamp: TracedStamp | null } | null> {
  const own = visibleTo ? db`and b.cooperative_id = ${visibleTo}` : db``;
  if (sel.kind === 'serial') {
    const [row] = await db<(TracedBatch & { stamp: TracedStamp })[]>`
      select ${batchCols(db)}, ${versionsCol(db)},
             json_build_object('serial', s.serial, 'state', s.state, 'printRunId', s.print_run_id, 'scanCount', s.scan_count) as stamp
      from stamps s
      join print_runs r on r.id = s.print_run_id
      join batches b on b.id = r.batch_id
      join products p on p.id = b.product_id
      join organizations o on o.id = b.cooperative_id
      where s.serial = ${sel.serial} ${own}`;
    if (!row) return null;
    const { stamp, ...batch } = row;
    return { batch, stamp };
  }
  const [row] =
    sel.kind === 'batch'
      ? await db<TracedBatch[]>`
        select ${batchCols(db)}, ${versionsCol(db)}
        from batches b join products p on p.id = b.product_id join organizations o on o.id = b.cooperative_id
        where b.id = ${sel.batchId} ${own}`
      : await db<TracedBatch[]>`
        select ${batchCols(db)}, ${versionsCol(db)}
        from products p join batches b on b.product_id = p.id join organizations o on o.id = b.cooperative_id
        where p.gtin = ${sel.gtin} and b.lot_code = ${sel.lot} ${own}
        order by b.version desc
        limit 1`;
  return row ? { batch: row, stamp: null } : null;
}

interface InputRow {
  quantityUsed: number;
  lotId: string;
  lotCode: string;
  harvestedOn: string;
  lotQuantity: number;
  lotUnit: string;
  lotDrawn: number;
  lotCooperativeId: string;
  certifications: unknown[];
  areaId: string;
  areaCode: string;
  areaName: string;
  province: string;
  commune: string | null;
  areaHa: number;
  plantingAreaCode: string | null;
  operatorId: string;
  operatorName: string;
  operatorKind: string;
  contracts: TraceContract[];
}

/** The inputs of one batch with their harvest lots, areas, operators and the batch cooperative's contracts: one query. */
export async function backwardInputs(db: Db, batchId: string): Promise<BackwardInput[]> {
  const rows = await db<InputRow[]>`
    select i.quantity::float8 as "quantityUsed",
           h.id as "lotId", h.code as "lotCode", h.harvested_on::text, h.quantity::float8 as "lotQuantity",
           h.unit as "lotUnit", h.drawn::float8 as "lotDrawn", h.cooperative_id as "lotCooperativeId", h.certifications,
           a.id as "areaId", a.code as "areaCode", a.name as "areaName", a.province, a.commune, a.area_ha::float8,
           a.planting_area_code,
           op.id as "operatorId", op.name as "operatorName", op.kind as "operatorKind",
           coalesce((
             select json_agg(json_build_object(
                      'id', sc.id, 'number', sc.number, 'startsOn', sc.starts_on, 'endsOn', sc.last_day,
                      'coversHarvestDate', h.harvested_on between sc.starts_on and sc.last_day)
                    order by sc.starts_on, sc.number)
             from supply_contract_terms sc where sc.area_id = a.id and sc.cooperative_id = b.cooperative_id
           ), '[]'::json) as contracts
    from batch_inputs i
    join batches b on b.id = i.batch_id
    join harvest_lots h on h.id = i.harvest_lot_id
    join raw_material_areas a on a.id = h.area_id
    join organizations op on op.id = a.operator_id
    where i.batch_id = ${batchId}
    order by h.harvested_on, h.code`;
  return rows.map((r) => ({
    quantityUsed: r.quantityUsed,
    harvestLot: {
      id: r.lotId,
      code: r.lotCode,
      harvestedOn: r.harvestedOn,
      quantity: r.lotQuantity,
      unit: r.lotUnit,
      drawn: r.lotDrawn,
      areaId: r.areaId,
      cooperativeId: r.lotCooperativeId,
      certifications: r.certifications,
    },
    area: {
      id: r.areaId,
      code: r.areaCode,
      name: r.areaName,
      province: r.province,
      commune: r.commune,
      areaHa: r.areaHa,
      plantingAreaCode: r.plantingAreaCode,
    },
    operator: { id: r.operatorId, name: r.operatorName, kind: r.operatorKind },
    contracts: r.contracts,
  }));
}

// ---- forward ----

export type ForwardOrigin =
  | { kind: 'area'; areaId: string; from: string | null; to: string | null }
  | { kind: 'harvest_lot'; harvestLotId: string };

export interface ForwardStart {
  area: TraceArea;
  operator: TraceOperator;
  harvestLot: TraceHarvestLot | null;
  /** The cooperative may start here: it operates the area or holds a contract for it (area), or recorded the lot (harvest lot). */
  visible: boolean;
}

export interface ForwardPrintRun {
  id: string;
  templateId: string;
  count: number;
  createdAt: Date;
  stamps: { issued: number; active: number; void: number };
  scans: number;
}

export interface ForwardBatch extends Omit<TracedBatch, 'versions' | 'quantity' | 'unit'> {
  quantity: number;
  unit: string;
  /** What the batch drew from the origin's harvest lots (in the lots' unit). */
  drawn: number;
  printRuns: ForwardPrintRun[];
  /** Non-bot scans of the batch's stamps so far. */
  scans: number;
}

/** Figures of the whole trace, whatever page is read: from the runs' stored counters and one aggregate. */
export interface ForwardTotals {
  harvestLots: number;
  batches: number;
  /** batches under an open recall */
  recalled: number;
  printRuns: number;
  stampsPrinted: number;
  stamps: { issued: number; active: number; void: number };
  scans: number;
  /** buyers that goods of the traced batches were shipped to (at any hop; a cooperative key: its own sales only) */
  buyers: number;
  /** shipments of the traced batches: the cooperative's sales and the buyers' shipments onward */
  shipments: number;
}

export interface ForwardAnswer {
  harvestLots: TraceHarvestLot[];
  /** One page of the batches, in production order (day, lot code, version). */
  batches: ForwardBatch[];
  /** The cursor of the page after this one, or null on the last page. */
  nextCursor: string | null;
  totals: ForwardTotals;
  models: { id: string; slug: string; name: string }[];
}

const areaCols = (db: Db) => db`
  a.id as "areaId", a.code as "areaCode", a.name as "areaName", a.province, a.commune, a.area_ha::float8,
  a.planting_area_code, op.id as "operatorId", op.name as "operatorName", op.kind as "operatorKind"`;

const lotCols = (db: Db) => db`
  h.id, h.code, h.harvested_on::text, h.quantity::float8 as quantity, h.unit, h.drawn::float8 as drawn,
  h.area_id, h.cooperative_id`;

/** The area (and lot) a forward trace starts from, with whether `visibleTo` may start there; null when unknown. */
export async function findForwardStart(
  db: Db,
  origin: ForwardOrigin,
  visibleTo: string | null,
): Promise<ForwardStart | null> {
  type Row = Omit<
    InputRow,
    | 'quantityUsed'
    | 'contracts'
    | 'certifications'
    | 'lotQuantity'
    | 'lotUnit'
    | 'lotDrawn'
    | 'lotId'
    | 'lotCode'
    | 'harvestedOn'
    | 'lotCooperativeId'
  > & { visible: boolean };
  let row: Row | undefined;
  let lot: TraceHarvestLot | null = null;
  if (origin.kind === 'area') {
    [row] = await db<Row[]>`
      select ${areaCols(db)},
             ${
               visibleTo
                 ? db`(a.operator_id = ${visibleTo} or exists (select 1 from supply_contract_terms sc where sc.area_id = a.id and sc.cooperative_id = ${visibleTo}))`
                 : db`true`
             } as visible
      from raw_material_areas a join organizations op on op.id = a.operator_id
      where a.id = ${origin.areaId}`;
  } else {
    const rows = await db<(Row & { lot: TraceHarvestLot })[]>`
      select ${areaCols(db)},
             ${visibleTo ? db`h.cooperative_id = ${visibleTo}` : db`true`} as visible,
             json_build_object('id', h.id, 'code', h.code, 'harvestedOn', h.harvested_on, 'quantity', h.quantity,
                               'unit', h.unit, 'drawn', h.drawn, 'areaId', h.area_id, 'cooperativeId', h.cooperative_id) as lot
      from harvest_lots h join raw_material_areas a on a.id = h.area_id join organizations op on op.id = a.operator_id
      where h.id = ${origin.harvestLotId}`;
    const first = rows[0];
    row = first;
    if (first) lot = { ...first.lot, quantity: Number(first.lot.quantity), drawn: Number(first.lot.drawn) };
  }
  if (!row) return null;
  return {
    area: {
      id: row.areaId,
      code: row.areaCode,
      name: row.areaName,
      province: row.province,
      commune: row.commune,
      areaHa: row.areaHa,
      plantingAreaCode: row.plantingAreaCode,
    },
    operator: { id: row.operatorId, name: row.operatorName, kind: row.operatorKind },
    harvestLot: lot,
    visible: row.visible,
  };
}

function originLots(db: Db, origin: ForwardOrigin) {
  return origin.kind === 'harvest_lot'
    ? db`h.id = ${origin.harvestLotId}`
    : db`h.area_id = ${origin.areaId}
         ${origin.from ? db`and h.harvested_on >= ${origin.from}` : db``}
         ${origin.to ? db`and h.harvested_on <= ${origin.to}` : db``}`;
}

/** The batches that drew on the origin's lots, with what each drew (a CTE named drawn). */
const drawnCte = (db: Db, lotFilter: ReturnType<typeof originLots>) => db`
  drawn as (
    select i.batch_id, sum(i.quantity) as drawn
    from batch_inputs i
    where i.harvest_lot_id in (select h.id from harvest_lots h where ${lotFilter})
    group by i.batch_id
  )`;

type ForwardBatchRow = Omit<ForwardBatch, 'printRuns' | 'scans'> & { productId: string; seq: number };

/**
 * One page of the batches made from the origin's lots, in production order (day, lot code,
 * version, then the batch's seq), after the batch whose seq is `after` (0: from the start).
 * Keyset paging: a page reads `limit + 1` batches past the cursor's key, never an offset. Each
 * batch comes with its print runs (stamps by state from the runs' counters; scans summed from
 * the stamps' own counters, bounded by the page). Two round trips.
 */
export async function forwardBatchPage(
  db: Db,
  origin: ForwardOrigin,
  visibleTo: string | null,
  page: { after: number; limit: number },
): Promise<ForwardBatchRow[]> {
  const own = visibleTo ? db`and b.cooperative_id = ${visibleTo}` : db``;
  const past = page.after
    ? db`and (b.production_date, b.lot_code, b.version, b.seq) >
             (select c.production_date, c.lot_code, c.version, c.seq from batches c where c.seq = ${page.after})`
    : db``;
  const rows = await db<ForwardBatchRow[]>`
    with ${drawnCte(db, originLots(db, origin))}
    select b.seq, ${batchCols(db)}, b.product_id, d.drawn::float8 as drawn
    from drawn d
    join batches b on b.id = d.batch_id
    join products p on p.id = b.product_id
    join organizations o on o.id = b.cooperative_id
    where true ${own} ${past}
    order by b.production_date, b.lot_code, b.version, b.seq
    limit ${page.limit + 1}`;
  return rows;
}

/** The print runs of these batches, oldest first, with stored stamp counters and their scans. */
async function printRunsOf(db: Db, batchIds: string[]): Promise<Map<string, ForwardPrintRun[]>> {
  const runsOf = new Map<string, ForwardPrintRun[]>();
  if (!batchIds.length) return runsOf;
  const runs = await db<(ForwardPrintRun & { batchId: string })[]>`
    select r.id, r.batch_id, r.template_id, r.count, r.created_at,
           json_build_object('issued', r.stamps_issued, 'active', r.stamps_active, 'void', r.stamps_void) as stamps,
           c.scans
    from print_runs r
    -- lateral: each run's stamps are read through stamps (print_run_id, position); a plain
    -- join grouped by run lets the planner hash-join a sequential scan of every stamp
    cross join lateral (
      select coalesce(sum(s.scan_count), 0)::int as scans from stamps s where s.print_run_id = r.id
    ) c
    where r.batch_id = any(${batchIds}::uuid[])
    order by r.seq`;
  for (const { batchId, ...run } of runs) {
    const list = runsOf.get(batchId) ?? [];
    list.push(run);
    runsOf.set(batchId, list);
  }
  return runsOf;
}

/** Batches rows with their print runs and scans. */
export async function withPrintRuns(db: Db, rows: ForwardBatchRow[]): Promise<(ForwardBatch & { seq: number })[]> {
  const runsOf = await printRunsOf(
    db,
    rows.map((b) => b.id),
  );
  return rows.map(({ productId: _p, ...b }) => {
    const printRuns = runsOf.get(b.id) ?? [];
    return { ...b, printRuns, scans: printRuns.reduce((n, r) => n + r.scans, 0) };
  });
}

/**
 * Everything made from the origin's harvest lots, a page of batches at a time. Batches of every
 * status are listed (drafts draw on lots too, and superseded versions may have stamps in
 * circulation), each with its status. `visibleTo` (a cooperative) sees only its own lots and
 * batches. The totals cover the whole trace, not the page: the runs' stored counters, and the
 * stamps' scan counters summed in one aggregate.
 */
export async function forwardTrace(
  db: Db,
  origin: ForwardOrigin,
  areaId: string,
  visibleTo: string | null,
  page: { after: number; limit: number } = { after: 0, limit: 50 },
): Promise<ForwardAnswer> {
  const lotFilter = originLots(db, origin);
  const ownLots = visibleTo ? db`and h.cooperative_id = ${visibleTo}` : db``;
  const ownBatches = visibleTo ? db`where b.cooperative_id = ${visibleTo}` : db``;

  const [harvestLots, batchRows, [totals]] = await Promise.all([
    db<TraceHarvestLot[]>`
      select ${lotCols(db)} from harvest_lots h
      where ${lotFilter} ${ownLots}
      order by h.harvested_on, h.seq`,
    forwardBatchPage(db, origin, visibleTo, page),
    db<(Omit<ForwardTotals, 'harvestLots' | 'stamps'> & { issued: number; active: number; void: number })[]>`
      with ${drawnCte(db, lotFilter)},
      traced as (select b.id, b.product_id, b.model_id from drawn d join batches b on b.id = d.batch_id ${ownBatches}),
      runs as (
        select r.id, r.count, r.stamps_issued, r.stamps_active, r.stamps_void
        from print_runs r where r.batch_id in (select id from traced)
      )
      select (select count(*) from traced)::int as batches,
             (select count(*) from traced t
              where exists (select 1 from batch_recalls x where x.batch_id = t.id and x.lifted_at is null))::int as recalled,
             (select count(*) from runs)::int as "printRuns",
             (select coalesce(sum(count), 0) from runs)::int as "stampsPrinted",
             (select coalesce(sum(stamps_issued), 0) from runs)::int as issued,
             (select coalesce(sum(stamps_active), 0) from runs)::int as active,
             (select coalesce(sum(stamps_void), 0) from runs)::int as void,
             (select coalesce(sum(s.scan_count), 0) from runs r join stamps s on s.print_run_id = r.id)::bigint::float8 as scans,
             (select count(distinct x.to_org_id) from buyer_shipments x
              where x.batch_id in (select id from traced) and (${visibleTo === null} or x.hop = 1))::int as buyers,
             (select count(*) from buyer_shipments x
              where x.batch_id in (select id from traced) and (${visibleTo === null} or x.hop = 1))::int as shipments`,
  ]);

  const more = batchRows.length > page.limit;
  const pageRows = more ? batchRows.slice(0, page.limit) : batchRows;
  const productIds = [...new Set(pageRows.map((b) => b.productId))];
  const modelIds = [...new Set(pageRows.map((b) => b.modelId).filter((m): m is string => !!m))];
  const [batches, models] = await Promise.all([
    withPrintRuns(db, pageRows),
    db<{ id: string; slug: string; name: string }[]>`
      select m.id, m.slug, m.name from value_chain_models m
      where exists (select 1 from model_areas ma where ma.model_id = m.id and ma.area_id = ${areaId})
         or exists (select 1 from model_products mp where mp.model_id = m.id and mp.product_id = any(${productIds}::uuid[]))
         or m.id = any(${modelIds}::uuid[])
      order by m.seq`,
  ]);
  const t = totals!;
  return {
    harvestLots,
    batches: batches.map(({ seq: _s, ...b }) => b),
    nextCursor: more ? String(pageRows[pageRows.length - 1]!.seq) : null,
    totals: {
      harvestLots: harvestLots.length,
      batches: t.batches,
      recalled: t.recalled,
      printRuns: t.printRuns,
      stampsPrinted: t.stampsPrinted,
      stamps: { issued: t.issued, active: t.active, void: t.void },
      scans: t.scans,
      buyers: t.buyers,
      shipments: t.shipments,
    },
    models,
  };
}

/** Every batch of the trace, a keyset page at a time (for the CSV export: memory stays flat). */
export async function* forwardBatchesAll(
  db: Db,
  origin: ForwardOrigin,
  visibleTo: string | null,
  pageSize = 500,
): AsyncGenerator<ForwardBatch[]> {
  let after = 0;
  for (;;) {
    const rows = await forwardBatchPage(db, origin, visibleTo, { after, limit: pageSize });
    const more = rows.length > pageSize;
    const pageRows = more ? rows.slice(0, pageSize) : rows;
    if (pageRows.length) yield (await withPrintRuns(db, pageRows)).map(({ seq: _s, ...b }) => b);
    if (!more) return;
    after = pageRows[pageRows.length - 1]!.seq;
  }
}
