// Production batches: drafts with their inputs (harvest lots drawn) and process events, sealed
// records, corrections that supersede them, and recalls. The mass-balance and immutability rules
// are enforced by triggers (migrations/00002_batches.sql); this module only reads and writes rows.
import {
  NO_VALID_OCOP_RATING,
  RECORD_TYPE,
  RECORD_VERSION,
  type BatchRecord,
  type TestResult,
} from '../domain/batch-record';
import { ratingInForce } from '../domain/ocop';
import type { Db } from './client';
import { inTransaction, syncDerivedEvents } from './epcis-derived-store';
import type { Unit } from './harvests-store';

export const EVENT_TYPES = [
  'harvesting',
  'receiving',
  'drying',
  'processing',
  'packing',
  'inspection',
  'shipping',
  'other',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface BatchEventInput {
  type: EventType;
  occurredAt: string;
  placeOrganizationId: string | null;
  placeAreaId: string | null;
  productCode: string;
  locationCode: string;
  recordedBy: string;
  details: string | null;
}

export interface BatchFields {
  productId: string;
  cooperativeId: string;
  modelId: string | null;
  lotCode: string;
  productionDate: string;
  packingDate: string | null;
  expiryDate: string | null;
  quantity: number;
  unit: Unit;
  standards: string[];
  testResults: TestResult[];
  carriesOcop: boolean;
}

export interface Recall {
  id: string;
  reason: string;
  authority: string;
  recalledOn: string;
  origin: { kind: 'batch' | 'harvest_lot' | 'area'; id?: string };
  statementJws: string;
  recordedBy: { keyId: string | null; name: string; role: string };
  createdAt: Date;
  liftedAt: Date | null;
  liftReason: string | null;
}

export interface Batch extends BatchFields {
  id: string;
  version: number;
  supersedesId: string | null;
  supersedeReason: string | null;
  supersededById: string | null;
  status: 'draft' | 'sealed' | 'superseded';
  sealedAt: Date | null;
  sealedBy: BatchRecord['sealedBy'] | null;
  recordSha256: string | null;
  recordKid: string | null;
  inputs: { harvestLotId: string; quantity: number }[];
  events: (BatchEventInput & { id: string })[];
  recalls: Recall[];
  recalled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const batchCols = (db: Db) => db`
  b.id, b.product_id, b.cooperative_id, b.model_id,
  b.lot_code, b.version, b.supersedes_id, b.supersede_reason,
  b.superseded_by_id, b.production_date::text,
  b.packing_date::text, b.expiry_date::text, b.quantity::float8 as quantity,
  b.unit, b.standards, b.test_results, b.carries_ocop, b.status,
  b.sealed_at, b.sealed_by, b.record_sha256, b.record_kid,
  b.created_at, b.updated_at`;

const eventCols = (db: Db) => db`
  id, type, occurred_at, place_organization_id,
  place_area_id, product_code, location_code,
  recorded_by, details`;

const recallCols = (db: Db) => db`
  id, reason, authority, recalled_on::text, origin, statement_jws,
  recorded_by, created_at, lifted_at, lift_reason`;

type BatchRow = Omit<Batch, 'inputs' | 'events' | 'recalls' | 'recalled'>;

async function complete(db: Db, rows: BatchRow[]): Promise<Batch[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [inputs, events, recalls] = await Promise.all([
    db<{ batchId: string; harvestLotId: string; quantity: number }[]>`
      select batch_id, harvest_lot_id, quantity::float8 as quantity
      from batch_inputs where batch_id = any(${ids}::uuid[]) order by harvest_lot_id`,
    db<(Batch['events'][number] & { batchId: string })[]>`
      select batch_id, ${eventCols(db)} from batch_events
      where batch_id = any(${ids}::uuid[]) order by occurred_at, id`,
    db<(Recall & { batchId: string })[]>`
      select batch_id, ${recallCols(db)} from batch_recalls
      where batch_id = any(${ids}::uuid[]) order by created_at, id`,
  ]);
  return rows.map((r) => {
    const own = <T extends { batchId: string }>(xs: T[]) =>
      xs.filter((x) => x.batchId === r.id).map(({ batchId: _b, ...rest }) => rest);
    const rc = own(recalls) as Recall[];
    return {
      ...r,
      inputs: own(inputs),
      events: own(events).map((e) => ({ ...e, occurredAt: new Date(e.occurredAt).toISOString() })),
      recalls: rc,
      recalled: rc.some((x) => x.liftedAt === null),
    };
  });
}

export async function getBatch(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Batch | null> {
  const rows = opts.forUpdate
    ? await db<BatchRow[]>`select ${batchCols(db)} from batches b where b.id = ${id} for update`
    : await db<BatchRow[]>`select ${batchCols(db)} from batches b where b.id = ${id}`;
  return (await complete(db, rows))[0] ?? null;
}

export async function listBatches(
  db: Db,
  f: {
    productId?: string;
    cooperativeId?: string;
    status?: string;
    lotCode?: string;
    harvestLotId?: string;
    visibleTo?: string | null;
    after?: number;
    limit: number;
    newestFirst?: boolean;
  },
) {
  const rows = await db<(BatchRow & { seq: number })[]>`
    select b.seq, ${batchCols(db)} from batches b
    where true
      ${f.productId ? db`and b.product_id = ${f.productId}` : db``}
      ${f.cooperativeId ? db`and b.cooperative_id = ${f.cooperativeId}` : db``}
      ${f.status ? db`and b.status = ${f.status}` : db``}
      ${f.lotCode ? db`and b.lot_code = ${f.lotCode}` : db``}
      ${f.harvestLotId ? db`and exists (select 1 from batch_inputs i where i.batch_id = b.id and i.harvest_lot_id = ${f.harvestLotId})` : db``}
      ${f.visibleTo ? db`and b.cooperative_id = ${f.visibleTo}` : db``}
      ${
        f.newestFirst
          ? db`${f.after ? db`and b.seq < ${f.after}` : db``} order by b.seq desc`
          : db`and b.seq > ${f.after ?? 0} order by b.seq`
      }
    limit ${f.limit + 1}`;
  const full = await complete(db, rows);
  return full.map((b, i) => ({ ...b, seq: rows[i]!.seq }));
}

export async function batchExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db`select 1 from batches where id = ${id}`;
  return !!row;
}

/** A batch of this product with this lot code and version exists (drafts included). */
export async function batchVersionExists(
  db: Db,
  productId: string,
  lotCode: string,
  version: number,
): Promise<boolean> {
  const [row] =
    await db`select 1 from batches where product_id = ${productId} and lot_code = ${lotCode} and version = ${version}`;
  return !!row;
}

export async function insertBatch(
  db: Db,
  b: BatchFields & { version?: number; supersedesId?: string | null; supersedeReason?: string | null },
): Promise<string> {
  const [row] = await db<{ id: string }[]>`
    insert into batches (product_id, cooperative_id, model_id, lot_code, version, supersedes_id, supersede_reason,
                         production_date, packing_date, expiry_date, quantity, unit, standards, test_results, carries_ocop)
    values (${b.productId}, ${b.cooperativeId}, ${b.modelId}, ${b.lotCode}, ${b.version ?? 1}, ${b.supersedesId ?? null},
            ${b.supersedeReason ?? null}, ${b.productionDate}, ${b.packingDate}, ${b.expiryDate}, ${b.quantity}, ${b.unit},
            ${b.standards}, ${db.json(b.testResults as never)}, ${b.carriesOcop})
    returning id`;
  return row!.id;
}

export async function updateBatchDraft(db: Db, id: string, p: Partial<BatchFields>, now: Date) {
  const values: Record<string, unknown> = {
    model_id: p.modelId,
    lot_code: p.lotCode,
    production_date: p.productionDate,
    packing_date: p.packingDate,
    expiry_date: p.expiryDate,
    quantity: p.quantity,
    unit: p.unit,
    standards: p.standards,
    test_results: p.testResults === undefined ? undefined : db.json(p.testResults as never),
    carries_ocop: p.carriesOcop,
    updated_at: now,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  await db`update batches set ${db(values as never)} where id = ${id}`;
}

/** Inputs are written in a fixed order (by harvest lot id) so that concurrent batches lock lots alike. */
export async function replaceInputs(db: Db, batchId: string, inputs: { harvestLotId: string; quantity: number }[]) {
  await db`delete from batch_inputs where batch_id = ${batchId}`;
  for (const i of [...inputs].sort((a, b) => a.harvestLotId.localeCompare(b.harvestLotId))) {
    await db`insert into batch_inputs (batch_id, harvest_lot_id, quantity) values (${batchId}, ${i.harvestLotId}, ${i.quantity})`;
  }
}

/**
 * Deletes a draft with its inputs (releasing what they drew from harvest lots) and events. The
 * triggers refuse it for a sealed batch (BATCH_SEALED), whatever the caller checked before.
 */
export async function deleteDraftBatch(db: Db, id: string) {
  await db`delete from batch_inputs where batch_id = ${id}`;
  await db`delete from batch_events where batch_id = ${id}`;
  await db`delete from batches where id = ${id}`;
}

/** Removes one event of a draft; false when the batch has no such event. */
export async function deleteEvent(db: Db, batchId: string, eventId: string): Promise<boolean> {
  const deleted = await db`delete from batch_events where id = ${eventId} and batch_id = ${batchId}`;
  return deleted.count > 0;
}

export async function insertEvent(db: Db, batchId: string, e: BatchEventInput): Promise<string> {
  const [row] = await db<{ id: string }[]>`
    insert into batch_events (batch_id, type, occurred_at, place_organization_id, place_area_id, product_code,
                              location_code, recorded_by, details)
    values (${batchId}, ${e.type}, ${e.occurredAt}, ${e.placeOrganizationId}, ${e.placeAreaId}, ${e.productCode},
            ${e.locationCode}, ${e.recordedBy}, ${e.details})
    returning id`;
  return row!.id;
}

/**
 * The record as the live rows say it is. Sealing signs this; verification rebuilds it and
 * compares with what was signed.
 */
export async function buildRecord(
  db: Db,
  batchId: string,
  sealedAt: Date,
  sealedBy: BatchRecord['sealedBy'],
): Promise<BatchRecord> {
  const [b] = await db<
    (BatchRow & { supersedesReason: string | null })[]
  >`select ${batchCols(db)} from batches b where b.id = ${batchId}`;
  if (!b) throw new TypeError(`batch ${batchId} does not exist`);
  const [product] = await db<BatchRecord['product'][]>`
    select id, gtin, name_vi, name_en, ocop_group from products where id = ${b.productId}`;
  const ratings = await db<
    {
      stars: number;
      decisionNumber: string;
      issuingLevel: 'province' | 'central' | 'district';
      decisionDate: string;
      validUntil: string;
    }[]
  >`
    select stars, decision_number, issuing_level,
           decision_date::text, valid_until::text
    from ocop_ratings where product_id = ${b.productId}`;
  const [coop] = await db<BatchRecord['cooperative'][]>`
    select id, name, address, province, commune, gln from organizations where id = ${b.cooperativeId}`;
  const inputs = await db<
    {
      quantityUsed: number;
      lotId: string;
      lotCode: string;
      harvestedOn: string;
      lotQuantity: number;
      lotUnit: string;
      certifications: BatchRecord['inputs'][number]['harvestLot']['certifications'];
      areaId: string;
      areaCode: string;
      areaName: string;
      province: string;
      commune: string | null;
      areaHa: number;
      location: BatchRecord['inputs'][number]['area']['location'];
    }[]
  >`
    select i.quantity::float8 as "quantityUsed", h.id as "lotId", h.code as "lotCode", h.harvested_on::text,
           h.quantity::float8 as "lotQuantity", h.unit as "lotUnit", h.certifications,
           a.id as "areaId", a.code as "areaCode", a.name as "areaName", a.province, a.commune,
           a.area_ha::float8, a.location
    from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id join raw_material_areas a on a.id = h.area_id
    where i.batch_id = ${batchId}
    order by h.harvested_on, h.code, h.id`;
  const events = await db<
    {
      id: string;
      type: string;
      occurredAt: Date;
      placeKind: 'organization' | 'area';
      placeId: string;
      placeName: string;
      productCode: string;
      locationCode: string;
      recordedBy: string;
      details: string | null;
    }[]
  >`
    select e.id, e.type, e.occurred_at,
           case when e.place_area_id is null then 'organization' else 'area' end as "placeKind",
           coalesce(e.place_organization_id, e.place_area_id) as "placeId",
           coalesce(o.name, a.name) as "placeName",
           e.product_code, e.location_code, e.recorded_by, e.details
    from batch_events e
      left join organizations o on o.id = e.place_organization_id
      left join raw_material_areas a on a.id = e.place_area_id
    where e.batch_id = ${batchId}
    order by e.occurred_at, e.id`;
  const rating = ratingInForce(ratings, b.productionDate);
  return {
    type: RECORD_TYPE,
    version: RECORD_VERSION,
    batch: {
      id: b.id,
      version: b.version,
      supersedes: b.supersedesId ? { id: b.supersedesId, reason: b.supersedeReason ?? '' } : null,
      lotCode: b.lotCode,
      productionDate: b.productionDate,
      packingDate: b.packingDate,
      expiryDate: b.expiryDate,
      quantity: b.quantity,
      unit: b.unit,
      standards: b.standards,
      testResults: b.testResults,
      carriesOcop: b.carriesOcop,
      modelId: b.modelId,
    },
    product: product!,
    ocop: rating ? { status: 'valid', rating } : { status: NO_VALID_OCOP_RATING, rating: null },
    cooperative: coop!,
    inputs: inputs.map((i) => ({
      quantityUsed: i.quantityUsed,
      harvestLot: {
        id: i.lotId,
        code: i.lotCode,
        harvestedOn: i.harvestedOn,
        quantity: i.lotQuantity,
        unit: i.lotUnit,
        certifications: i.certifications,
      },
      area: {
        id: i.areaId,
        code: i.areaCode,
        name: i.areaName,
        province: i.province,
        commune: i.commune,
        areaHa: i.areaHa,
        location: i.location,
      },
    })),
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt: new Date(e.occurredAt).toISOString(),
      place: { kind: e.placeKind, id: e.placeId, name: e.placeName },
      productCode: e.productCode,
      locationCode: e.locationCode,
      recordedBy: e.recordedBy,
      details: e.details,
    })),
    sealedAt: sealedAt.toISOString(),
    sealedBy,
  };
}

export async function markSealed(
  db: Db,
  id: string,
  s: { sealedAt: Date; sealedBy: BatchRecord['sealedBy']; jws: string; sha256: string; kid: string },
) {
  await inTransaction(db, async (tx) => {
    const [row] = await tx<{ supersedesId: string | null }[]>`
      update batches set status = 'sealed', sealed_at = ${s.sealedAt}, sealed_by = ${tx.json(s.sealedBy as never)},
        record_jws = ${s.jws}, record_sha256 = ${s.sha256}, record_kid = ${s.kid}, updated_at = ${s.sealedAt}
      where id = ${id}
      returning supersedes_id`;
    // its EPCIS events (made from its harvest lots, sealed), and the version it corrects names them
    const records = [{ kind: 'batch' as const, id }];
    if (row?.supersedesId) records.push({ kind: 'batch', id: row.supersedesId });
    await syncDerivedEvents(tx, records);
  });
}

export async function markSuperseded(db: Db, id: string, byId: string, at: Date) {
  await inTransaction(db, async (tx) => {
    await tx`update batches set status = 'superseded', superseded_by_id = ${byId}, superseded_at = ${at} where id = ${id}`;
    // the old version's events get their error declaration (EPCIS 2.0 §7.4.1.3)
    await syncDerivedEvents(tx, [
      { kind: 'batch', id },
      { kind: 'batch', id: byId },
    ]);
  });
}

export async function getStoredRecord(db: Db, id: string) {
  const [row] = await db<
    {
      jws: string | null;
      sha256: string | null;
      kid: string | null;
      sealedAt: Date | null;
      sealedBy: BatchRecord['sealedBy'] | null;
      status: string;
    }[]
  >`
    select record_jws as jws, record_sha256 as sha256, record_kid as kid, sealed_at, sealed_by, status
    from batches where id = ${id}`;
  return row ?? null;
}

export async function insertRecall(
  db: Db,
  batchId: string,
  r: Pick<Recall, 'reason' | 'authority' | 'recalledOn' | 'origin' | 'statementJws' | 'recordedBy'>,
): Promise<Recall> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx<Recall[]>`
      insert into batch_recalls (batch_id, reason, authority, recalled_on, origin, statement_jws, recorded_by)
      values (${batchId}, ${r.reason}, ${r.authority}, ${r.recalledOn}, ${tx.json(r.origin as never)}, ${r.statementJws},
              ${tx.json(r.recordedBy as never)})
      returning ${recallCols(tx)}`;
    await syncDerivedEvents(tx, [{ kind: 'recall', id: row!.id }]);
    return row!;
  });
}

/** The batch a recall belongs to, or null when no recall has this id. */
export async function batchOfRecall(db: Db, recallId: string): Promise<string | null> {
  const [row] = await db<{ batchId: string }[]>`select batch_id from batch_recalls where id = ${recallId}`;
  return row?.batchId ?? null;
}

export async function liftRecall(db: Db, recallId: string, reason: string, at: Date): Promise<Recall | null> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx<Recall[]>`
      update batch_recalls set lifted_at = ${at}, lift_reason = ${reason}
      where id = ${recallId} and lifted_at is null
      returning ${recallCols(tx)}`;
    if (row) await syncDerivedEvents(tx, [{ kind: 'recall', id: row.id }]);
    return row ?? null;
  });
}
