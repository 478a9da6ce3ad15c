// Derived EPCIS events: read a record, build its events (src/domain/epcis-derive.ts), hash them
// and make the stored set equal to what the record says now, all in the caller's transaction. The
// write paths (harvest lots, sealing, corrections, print runs and stamp changes, recalls and lifts)
// call syncDerivedEvents next to their own statements; fillEpcisEvents back-fills the records that
// have none (those written before migration 00016) and is safe to run again.
import {
  type BatchFacts,
  batchEvents,
  declaredErroneous,
  type EpcisBase,
  type HarvestLotFacts,
  harvestLotEvents,
  type PrintRunFacts,
  printRunEvents,
  type RecallFacts,
  recallEvents,
} from '../domain/epcis-derive';
import type { EpcisEvent } from '../domain/epcis-event';
import { epcisEventHash } from '../domain/epcis-event-hash';
import type { Db, Sql, Tx } from './client';
import { epcisEventRow } from './epcis-store';

export type DerivedRecordKind = 'harvest_lot' | 'batch' | 'print_run' | 'recall';
export interface DerivedRecord {
  kind: DerivedRecordKind;
  id: string;
}

/** Used until a base URL is pinned (tests, tools): the default PUBLIC_BASE_URL of a dev server. */
export const DEFAULT_EPCIS_BASE_URL = 'http://localhost:3000';

/** Pins the origin of our identifiers the first time (later calls keep the first). */
export async function pinEpcisBaseUrl(db: Db, baseUrl: string): Promise<void> {
  await db`insert into epcis_identity (base_url) values (${baseUrl.replace(/\/+$/, '')}) on conflict do nothing`;
}

export async function epcisBase(db: Db): Promise<EpcisBase> {
  const [row] = await db<{ baseUrl: string }[]>`select base_url from epcis_identity`;
  return { baseUrl: row?.baseUrl ?? DEFAULT_EPCIS_BASE_URL };
}

/** Runs fn in the caller's transaction, or in a new one when given the pool. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ('savepoint' in db) return fn(db as Tx);
  return (db as Sql).begin((tx) => fn(tx as unknown as Tx)) as Promise<T>;
}

// The facts of each record kind ----------------------------------------------------------------

async function harvestLotFacts(db: Db, ids: string[]): Promise<Map<string, HarvestLotFacts>> {
  const rows = await db<(Omit<HarvestLotFacts, 'cooperative' | 'area'> & Record<string, unknown>)[]>`
    select h.id, h.code, h.harvested_on::text as "harvestedOn", h.quantity::float8 as quantity, h.unit,
           h.certifications, h.cooperative_id as "coopId", c.gln as "coopGln",
           a.id as "areaId", a.code as "areaCode", a.name as "areaName", a.crops as "areaCrops",
           op.gln as "operatorGln"
      from harvest_lots h
      join organizations c on c.id = h.cooperative_id
      join raw_material_areas a on a.id = h.area_id
      join organizations op on op.id = a.operator_id
     where h.id = any(${ids}::uuid[])`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        code: r.code,
        harvestedOn: r.harvestedOn,
        quantity: r.quantity,
        unit: r.unit,
        certifications: (r.certifications as HarvestLotFacts['certifications']) ?? [],
        cooperative: { id: r.coopId as string, gln: (r.coopGln as string | null) ?? null },
        area: {
          id: r.areaId as string,
          code: r.areaCode as string,
          name: r.areaName as string,
          crops: (r.areaCrops as string[]) ?? [],
          operatorGln: (r.operatorGln as string | null) ?? null,
        },
      },
    ]),
  );
}

interface BatchRow extends Omit<BatchFacts, 'cooperative' | 'inputs'> {
  status: 'draft' | 'sealed' | 'superseded';
  supersededById: string | null;
  supersededAt: Date | null;
  coopId: string;
  coopGln: string | null;
  inputs: BatchFacts['inputs'] | null;
}

async function batchRows(db: Db, ids: string[]): Promise<Map<string, BatchRow>> {
  const rows = await db<BatchRow[]>`
    select b.id, b.version, p.gtin, b.lot_code as "lotCode", b.production_date::text as "productionDate",
           b.expiry_date::text as "expiryDate", b.quantity::float8 as quantity, b.unit, b.sealed_at as "sealedAt",
           b.record_sha256 as "recordSha256", b.supersedes_id as "supersedesId",
           b.supersede_reason as "supersedeReason", b.status, b.superseded_by_id as "supersededById",
           b.superseded_at as "supersededAt", b.cooperative_id as "coopId", c.gln as "coopGln",
           (select json_agg(json_build_object('harvestLotId', i.harvest_lot_id, 'quantity', i.quantity::float8,
                                              'unit', h.unit) order by h.seq)
              from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
             where i.batch_id = b.id) as inputs
      from batches b
      join products p on p.id = b.product_id
      join organizations c on c.id = b.cooperative_id
     where b.id = any(${ids}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r]));
}

const batchFacts = (r: BatchRow): BatchFacts => ({
  id: r.id,
  version: r.version,
  gtin: r.gtin,
  lotCode: r.lotCode,
  productionDate: r.productionDate,
  expiryDate: r.expiryDate,
  quantity: r.quantity,
  unit: r.unit,
  sealedAt: r.sealedAt,
  recordSha256: r.recordSha256,
  supersedesId: r.supersedesId,
  supersedeReason: r.supersedeReason,
  cooperative: { id: r.coopId, gln: r.coopGln },
  inputs: r.inputs ?? [],
});

async function printRunFacts(db: Db, ids: string[]): Promise<PrintRunFacts[]> {
  const runs = await db<(Omit<PrintRunFacts, 'cooperative' | 'stamps'> & { coopId: string; coopGln: string | null })[]>`
    select r.id, r.base_url as "baseUrl", r.gtin, r.lot_code as "lotCode", r.created_at as "createdAt",
           r.cooperative_id as "coopId", c.gln as "coopGln"
      from print_runs r join organizations c on c.id = r.cooperative_id
     where r.id = any(${ids}::uuid[])`;
  if (!runs.length) return [];
  const stamps = await db<(PrintRunFacts['stamps'][number] & { runId: string })[]>`
    select print_run_id as "runId", serial, position, state, state_changed_at as "stateChangedAt",
           activated_at as "activatedAt"
      from stamps where print_run_id = any(${runs.map((r) => r.id)}::uuid[]) order by print_run_id, position`;
  const byRun = new Map<string, PrintRunFacts['stamps']>();
  for (const { runId, ...s } of stamps) {
    const list = byRun.get(runId) ?? [];
    list.push(s);
    byRun.set(runId, list);
  }
  return runs.map((run) => ({
    ...run,
    cooperative: { id: run.coopId, gln: run.coopGln },
    stamps: byRun.get(run.id) ?? [],
  }));
}

async function recallFacts(db: Db, ids: string[]): Promise<Map<string, RecallFacts>> {
  const rows = await db<(Omit<RecallFacts, 'cooperative'> & { coopId: string; coopGln: string | null })[]>`
    select x.id, p.gtin, b.lot_code as "lotCode", b.id as "batchId", x.reason, x.authority,
           x.recalled_on::text as "recalledOn", x.created_at as "createdAt", x.lifted_at as "liftedAt",
           x.lift_reason as "liftReason", b.cooperative_id as "coopId", c.gln as "coopGln"
      from batch_recalls x
      join batches b on b.id = x.batch_id
      join products p on p.id = b.product_id
      join organizations c on c.id = b.cooperative_id
     where x.id = any(${ids}::uuid[])`;
  return new Map(rows.map((r) => [r.id, { ...r, cooperative: { id: r.coopId, gln: r.coopGln } }]));
}

// Building -------------------------------------------------------------------------------------

export interface DerivedEvent {
  record: DerivedRecord;
  ownerId: string;
  document: EpcisEvent;
}

async function withIds(events: EpcisEvent[]): Promise<EpcisEvent[]> {
  return Promise.all(events.map(async (e) => ({ ...e, eventID: await epcisEventHash(e) })));
}

/**
 * The events the records stand for now, each with its eventID: what syncDerivedEvents stores and
 * what a drift check compares the stored events with.
 */
export async function buildDerivedEvents(db: Db, records: DerivedRecord[]): Promise<DerivedEvent[]> {
  const b = await epcisBase(db);
  const ids = (kind: DerivedRecordKind) => [...new Set(records.filter((r) => r.kind === kind).map((r) => r.id))];
  const out: DerivedEvent[] = [];

  const lots = ids('harvest_lot');
  if (lots.length) {
    for (const h of (await harvestLotFacts(db, lots)).values()) {
      for (const document of await withIds(harvestLotEvents(b, h)))
        out.push({ record: { kind: 'harvest_lot', id: h.id }, ownerId: h.cooperative.id, document });
    }
  }

  const batchIds = ids('batch');
  if (batchIds.length) {
    const rows = await batchRows(db, batchIds);
    const successors = [...rows.values()].flatMap((r) => (r.supersededById ? [r.supersededById] : []));
    const next = successors.length ? await batchRows(db, successors) : new Map<string, BatchRow>();
    for (const r of rows.values()) {
      if (r.status === 'draft') continue;
      let events = await withIds(batchEvents(b, batchFacts(r)));
      if (r.status === 'superseded' && r.supersededAt) {
        const successor = r.supersededById ? next.get(r.supersededById) : undefined;
        const corrective =
          successor && successor.status !== 'draft'
            ? (await withIds(batchEvents(b, batchFacts(successor)))).map((e) => e.eventID!)
            : [];
        events = events.map((e) => declaredErroneous(e, r.supersededAt!, corrective));
      }
      for (const document of events) out.push({ record: { kind: 'batch', id: r.id }, ownerId: r.coopId, document });
    }
  }

  const runIds = ids('print_run');
  if (runIds.length) {
    for (const run of await printRunFacts(db, runIds)) {
      for (const document of await withIds(printRunEvents(b, run)))
        out.push({ record: { kind: 'print_run', id: run.id }, ownerId: run.cooperative.id, document });
    }
  }

  const recalls = ids('recall');
  if (recalls.length) {
    for (const x of (await recallFacts(db, recalls)).values()) {
      for (const document of await withIds(recallEvents(b, x)))
        out.push({ record: { kind: 'recall', id: x.id }, ownerId: x.cooperative.id, document });
    }
  }
  return out;
}

const CHUNK = 200;

/**
 * Makes the stored events of these records equal to what the records stand for now: new events
 * are inserted, a changed document (an error declaration added) replaces the stored one under
 * the same eventID, and events the records no longer stand for are removed. Run it in the
 * transaction that changed the records.
 */
export async function syncDerivedEvents(db: Db, records: DerivedRecord[]): Promise<number> {
  if (!records.length) return 0;
  const events = await buildDerivedEvents(db, records);
  for (const kind of new Set(records.map((r) => r.kind))) {
    const recordIds = [...new Set(records.filter((r) => r.kind === kind).map((r) => r.id))];
    const keep = events.filter((e) => e.record.kind === kind).map((e) => e.document.eventID!);
    await db`
      delete from epcis_events
       where source = 'derived' and record_kind = ${kind} and record_id = any(${recordIds}::uuid[])
         and event_id <> all(${keep}::text[])`;
  }
  let written = 0;
  for (let i = 0; i < events.length; i += CHUNK) {
    const rows = events.slice(i, i + CHUNK).map((e) =>
      epcisEventRow({
        document: e.document,
        ownerId: e.ownerId,
        source: 'derived',
        recordKind: e.record.kind,
        recordId: e.record.id,
      }),
    );
    const result = await db`
      insert into epcis_events (event_id, event_type, event_time, action, biz_step, disposition, read_point,
                                biz_location, epcs, epc_classes, lots, owner_id, source, record_kind, record_id, document)
      select event_id, event_type, event_time, action, biz_step, disposition, read_point, biz_location, epcs,
             epc_classes, lots, owner_id, 'derived', record_kind, record_id, document
        from jsonb_to_recordset(${db.json(rows as never)}::jsonb) as x(
          event_id text, event_type text, event_time timestamptz, action text, biz_step text, disposition text,
          read_point text, biz_location text, epcs text[], epc_classes text[], lots text[], owner_id uuid,
          record_kind text, record_id uuid, document jsonb)
       order by event_time, event_id
      on conflict (event_id) do update set document = excluded.document
       where epcis_events.source = 'derived' and epcis_events.document is distinct from excluded.document`;
    written += result.count;
  }
  return written;
}

export interface FillResult {
  records: number;
  events: number;
}

/** Records of each kind with no derived event yet, a page at a time. */
const MISSING: Record<DerivedRecordKind, (db: Db, limit: number) => Promise<{ id: string }[]>> = {
  harvest_lot: (db, limit) => db<{ id: string }[]>`
    select h.id from harvest_lots h
     where not exists (select 1 from epcis_events e where e.record_kind = 'harvest_lot' and e.record_id = h.id)
     order by h.seq limit ${limit}`,
  batch: (db, limit) => db<{ id: string }[]>`
    select b.id from batches b
     where b.status <> 'draft'
       and not exists (select 1 from epcis_events e where e.record_kind = 'batch' and e.record_id = b.id)
     order by b.seq limit ${limit}`,
  print_run: (db, limit) => db<{ id: string }[]>`
    select r.id from print_runs r
     where not exists (select 1 from epcis_events e where e.record_kind = 'print_run' and e.record_id = r.id)
     order by r.seq limit ${limit}`,
  recall: (db, limit) => db<{ id: string }[]>`
    select x.id from batch_recalls x
     where not exists (select 1 from epcis_events e where e.record_kind = 'recall' and e.record_id = x.id)
     order by x.created_at, x.id limit ${limit}`,
};

/**
 * Back-fills the events of records that have none (records written before migration 00016), a
 * page of records per transaction; running it again finds nothing to do. Harvest lots and
 * batches come before the print runs and recalls that refer to them.
 */
export async function fillEpcisEvents(
  sql: Sql,
  opts: {
    pageSize?: number;
    onProgress?: (kind: DerivedRecordKind, done: number) => void;
    /** checked between pages: true stops the back-fill (the next run goes on from there) */
    stop?: () => boolean;
  } = {},
): Promise<FillResult> {
  const result: FillResult = { records: 0, events: 0 };
  for (const kind of ['harvest_lot', 'batch', 'print_run', 'recall'] as const) {
    const pageSize = opts.pageSize ?? (kind === 'print_run' ? 50 : 500);
    let done = 0;
    let previous = '';
    for (;;) {
      if (opts.stop?.()) return result;
      const page = await sql.begin(async (tx) => {
        const ids = await MISSING[kind](tx as unknown as Tx, pageSize);
        // a record that stands for no event would come back for ever: stop rather than loop
        if (!ids.length || ids.map((r) => r.id).join() === previous) return 0;
        previous = ids.map((r) => r.id).join();
        result.events += await syncDerivedEvents(
          tx as unknown as Tx,
          ids.map((r) => ({ kind, id: r.id })),
        );
        return ids.length;
      });
      if (!page) break;
      done += page;
      result.records += page;
      opts.onProgress?.(kind, done);
    }
  }
  return result;
}
