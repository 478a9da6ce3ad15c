// What buyers received and shipped on (kept beside the EPCIS events that say so, in the capture's
// or the cooperative's transaction), their own repacked lots, their webhook, and the capture jobs.
// Every shipment row names the batch its goods come from, so a trace or a recall reaches every
// holder of a batch in one indexed lookup, however many hops away.
import type { Db } from './client';

export interface ShipmentRow {
  id: string;
  fromOrgId: string;
  toOrgId: string | null;
  destination: string | null;
  batchId: string;
  item: string;
  quantity: number | null;
  unit: string | null;
  despatchAdvice: string | null;
  hop: number;
  eventId: string;
  shippedAt: Date;
}

export interface ReceiptRow {
  buyerId: string;
  shipmentId: string;
  fromOrgId: string;
  batchId: string;
  item: string;
  quantity: number | null;
  unit: string | null;
  eventId: string;
  receivedAt: Date;
}

export async function insertShipments(db: Db, rows: ShipmentRow[]): Promise<{ id: string }[]> {
  if (!rows.length) return [];
  return db<{ id: string }[]>`
    insert into buyer_shipments ${db(
      rows.map((r) => ({ ...r, quantity: r.quantity === null ? null : String(r.quantity) })) as never,
      'id',
      'fromOrgId',
      'toOrgId',
      'destination',
      'batchId',
      'item',
      'quantity',
      'unit',
      'despatchAdvice',
      'hop',
      'eventId',
      'shippedAt',
    )} returning id`;
}

/** Whether this organization already shipped this item to that one under this despatch advice. */
export async function shipmentExists(
  db: Db,
  s: { fromOrgId: string; toOrgId: string; despatchAdvice: string; item: string },
): Promise<boolean> {
  const rows = await db`
    select 1 from buyer_shipments
    where from_org_id = ${s.fromOrgId} and to_org_id = ${s.toOrgId} and despatch_advice = ${s.despatchAdvice}
      and item = ${s.item}
    limit 1`;
  return rows.length > 0;
}

/** The organizations owning products with these GTINs (a buyer may not repack into another's GTIN). */
export async function productOwnersByGtin(db: Db, gtins: string[]): Promise<{ gtin: string; ownerId: string }[]> {
  if (!gtins.length) return [];
  return db`select gtin, owner_id from products where gtin = any(${gtins}::text[])`;
}

export async function insertReceipts(db: Db, rows: ReceiptRow[]): Promise<void> {
  if (!rows.length) return;
  await db`
    insert into buyer_receipts ${db(
      rows.map((r) => ({ ...r, quantity: r.quantity === null ? null : String(r.quantity) })) as never,
      'buyerId',
      'shipmentId',
      'fromOrgId',
      'batchId',
      'item',
      'quantity',
      'unit',
      'eventId',
      'receivedAt',
    )}`;
}

export async function insertBuyerLots(
  db: Db,
  rows: { buyerId: string; item: string; batchId: string; eventId: string }[],
): Promise<void> {
  if (!rows.length) return;
  await db`insert into buyer_lots ${db(rows as never, 'buyerId', 'item', 'batchId', 'eventId')} on conflict do nothing`;
}

/** The batches (every version, sealed or superseded) of a product's lot, by GTIN-14 and lot code. */
export async function batchesOfLots(
  db: Db,
  lots: { gtin14: string; lot: string }[],
): Promise<{ gtin14: string; lot: string; batchId: string; cooperativeId: string }[]> {
  if (!lots.length) return [];
  return db`
    select p.gtin as gtin14, b.lot_code as lot, b.id as batch_id, b.cooperative_id
    from unnest(${lots.map((l) => l.gtin14)}::text[], ${lots.map((l) => l.lot)}::text[]) as q(g, l)
    join products p on p.gtin = q.g
    join batches b on b.product_id = p.id and b.lot_code = q.l and b.status <> 'draft'`;
}

/** A shipment to this organization, as a receipt may name it. */
export interface InboundShipment {
  id: string;
  fromOrgId: string;
  batchId: string;
  item: string;
  despatchAdvice: string | null;
  hop: number;
}

/** The shipments to this organization carrying one of these despatch advice numbers. */
export async function shipmentsToByDespatchAdvice(
  db: Db,
  toOrgId: string,
  numbers: string[],
): Promise<InboundShipment[]> {
  if (!numbers.length) return [];
  return db<InboundShipment[]>`
    select id, from_org_id, batch_id, item, despatch_advice, hop from buyer_shipments
    where to_org_id = ${toOrgId} and despatch_advice = any(${numbers}::text[])`;
}

/** What a buyer holds: for each item it received (or repacked), the batch it came from and at which hop. */
export async function buyerHoldings(
  db: Db,
  buyerId: string,
  items: string[],
): Promise<{ item: string; batchId: string; hop: number }[]> {
  if (!items.length) return [];
  return db`
    select r.item, r.batch_id, max(s.hop)::int as hop
    from buyer_receipts r join buyer_shipments s on s.id = r.shipment_id
    where r.buyer_id = ${buyerId} and r.item = any(${items}::text[])
    group by r.item, r.batch_id
    union
    select l.item, l.batch_id,
           (select max(s.hop) from buyer_receipts r join buyer_shipments s on s.id = r.shipment_id
            where r.buyer_id = l.buyer_id and r.batch_id = l.batch_id)::int as hop
    from buyer_lots l
    where l.buyer_id = ${buyerId} and l.item = any(${items}::text[])`;
}

/** Organizations named by a destination: by GLN (/414/…) or by id (a UUID in the URI). */
export async function organizationsByRef(
  db: Db,
  refs: { gln: string | null; id: string | null }[],
): Promise<{ id: string; gln: string | null; kind: string }[]> {
  const glns = refs.map((r) => r.gln).filter((g): g is string => !!g);
  const ids = refs.map((r) => r.id).filter((g): g is string => !!g);
  if (!glns.length && !ids.length) return [];
  return db`
    select id, gln, kind from organizations
    where gln = any(${glns}::text[]) or id = any(${ids}::uuid[])`;
}

// ---- lists ----

export interface ShipmentView {
  id: string;
  seq: number;
  hop: number;
  from: { id: string; name: string };
  to: { id: string; name: string } | null;
  destination: string | null;
  batch: { id: string; gtin: string; lotCode: string; version: number; productName: string };
  item: string;
  quantity: number | null;
  unit: string | null;
  despatchAdvice: string | null;
  eventId: string;
  shippedAt: Date;
  /** the receiving organization captured its receipt of this shipment */
  received: boolean;
}

const shipmentView = (db: Db) => db`
  s.id, s.seq, s.hop, json_build_object('id', f.id, 'name', f.name) as "from",
  case when t.id is null then null else json_build_object('id', t.id, 'name', t.name) end as "to",
  s.destination,
  json_build_object('id', b.id, 'gtin', p.gtin, 'lotCode', b.lot_code, 'version', b.version, 'productName', p.name_vi) as batch,
  s.item, s.quantity::float8 as quantity, s.unit, s.despatch_advice, s.event_id, s.shipped_at,
  exists (select 1 from buyer_receipts r where r.shipment_id = s.id) as received`;

/** Shipments from or to an organization, newest first (keyset on seq). */
export async function listShipments(
  db: Db,
  f: { orgId: string; direction: 'from' | 'to' | 'either'; before: number | null; limit: number },
): Promise<ShipmentView[]> {
  const who =
    f.direction === 'from'
      ? db`s.from_org_id = ${f.orgId}`
      : f.direction === 'to'
        ? db`s.to_org_id = ${f.orgId}`
        : db`(s.from_org_id = ${f.orgId} or s.to_org_id = ${f.orgId})`;
  return db<ShipmentView[]>`
    select ${shipmentView(db)}
    from buyer_shipments s
    join organizations f on f.id = s.from_org_id
    left join organizations t on t.id = s.to_org_id
    join batches b on b.id = s.batch_id join products p on p.id = b.product_id
    where ${who} and (${f.before}::bigint is null or s.seq < ${f.before})
    order by s.seq desc
    limit ${f.limit + 1}`;
}

/**
 * The shipments of these batches, hop by hop (cooperative → buyer → next buyer…, at most
 * `maxHop`), for the forward trace and the recall preview.
 */
export async function shipmentsOfBatches(db: Db, batchIds: string[], maxHop = 5): Promise<ShipmentView[]> {
  if (!batchIds.length) return [];
  return db<ShipmentView[]>`
    select ${shipmentView(db)}
    from buyer_shipments s
    join organizations f on f.id = s.from_org_id
    left join organizations t on t.id = s.to_org_id
    join batches b on b.id = s.batch_id join products p on p.id = b.product_id
    where s.batch_id = any(${batchIds}::uuid[]) and s.hop <= ${maxHop}
    order by s.batch_id, s.hop, s.shipped_at, s.seq`;
}

export interface ReceiptView {
  id: string;
  seq: number;
  from: { id: string; name: string };
  batch: { id: string; gtin: string; lotCode: string; version: number; productName: string };
  item: string;
  quantity: number | null;
  unit: string | null;
  despatchAdvice: string | null;
  eventId: string;
  receivedAt: Date;
}

export async function listReceipts(
  db: Db,
  f: { buyerId: string; before: number | null; limit: number },
): Promise<ReceiptView[]> {
  return db<ReceiptView[]>`
    select r.id, r.seq, json_build_object('id', f.id, 'name', f.name) as "from",
           json_build_object('id', b.id, 'gtin', p.gtin, 'lotCode', b.lot_code, 'version', b.version, 'productName', p.name_vi) as batch,
           r.item, r.quantity::float8 as quantity, r.unit, s.despatch_advice, r.event_id, r.received_at
    from buyer_receipts r
    join buyer_shipments s on s.id = r.shipment_id
    join organizations f on f.id = r.from_org_id
    join batches b on b.id = r.batch_id join products p on p.id = b.product_id
    where r.buyer_id = ${f.buyerId} and (${f.before}::bigint is null or r.seq < ${f.before})
    order by r.seq desc
    limit ${f.limit + 1}`;
}

// ---- webhooks ----

export interface BuyerWebhook {
  buyerId: string;
  url: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function getBuyerWebhook(db: Db, buyerId: string): Promise<BuyerWebhook | null> {
  const [row] = await db<BuyerWebhook[]>`
    select buyer_id, url, created_at, updated_at from buyer_webhooks where buyer_id = ${buyerId}`;
  return row ?? null;
}

/** Sets the URL; a new secret replaces the old one when given (creation and rotation). */
export async function putBuyerWebhook(
  db: Db,
  buyerId: string,
  url: string,
  secret: string | null,
  at: Date,
): Promise<BuyerWebhook> {
  const [row] = secret
    ? await db<BuyerWebhook[]>`
        insert into buyer_webhooks (buyer_id, url, secret, created_at, updated_at)
        values (${buyerId}, ${url}, ${secret}, ${at}, ${at})
        on conflict (buyer_id) do update set url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at
        returning buyer_id, url, created_at, updated_at`
    : await db<BuyerWebhook[]>`
        update buyer_webhooks set url = ${url}, updated_at = ${at} where buyer_id = ${buyerId}
        returning buyer_id, url, created_at, updated_at`;
  return row!;
}

export async function deleteBuyerWebhook(db: Db, buyerId: string): Promise<boolean> {
  return (await db`delete from buyer_webhooks where buyer_id = ${buyerId} returning buyer_id`).length > 0;
}

// ---- capture jobs ----

export interface CaptureJob {
  id: string;
  seq: number;
  ownerId: string;
  status: 'running' | 'success' | 'failed';
  eventCount: number;
  errors: { eventIndex: number; field: string; message: string }[] | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const jobCols = (db: Db) => db`id, seq, owner_id, status, event_count, errors, created_at, finished_at`;

export async function insertCaptureJob(db: Db, ownerId: string, at: Date): Promise<CaptureJob> {
  const [row] = await db<CaptureJob[]>`
    insert into epcis_capture_jobs (owner_id, status, created_at) values (${ownerId}, 'running', ${at})
    returning ${jobCols(db)}`;
  return row!;
}

export async function finishCaptureJob(
  db: Db,
  id: string,
  r: { status: 'success' | 'failed'; eventCount: number; errors: CaptureJob['errors']; at: Date },
): Promise<CaptureJob> {
  const [row] = await db<CaptureJob[]>`
    update epcis_capture_jobs
    set status = ${r.status}, event_count = ${r.eventCount}, errors = ${r.errors ? db.json(r.errors as never) : null},
        finished_at = ${r.at}
    where id = ${id}
    returning ${jobCols(db)}`;
  return row!;
}

export async function getCaptureJob(db: Db, id: string, ownerId: string | null): Promise<CaptureJob | null> {
  const [row] = await db<CaptureJob[]>`
    select ${jobCols(db)} from epcis_capture_jobs
    where id = ${id} and (${ownerId}::uuid is null or owner_id = ${ownerId})`;
  return row ?? null;
}

export async function listCaptureJobs(
  db: Db,
  f: { ownerId: string | null; before: number | null; limit: number },
): Promise<CaptureJob[]> {
  return db<CaptureJob[]>`
    select ${jobCols(db)} from epcis_capture_jobs
    where (${f.ownerId}::uuid is null or owner_id = ${f.ownerId})
      and (${f.before}::bigint is null or seq < ${f.before})
    order by seq desc
    limit ${f.limit + 1}`;
}

/** The enterprises a cooperative may sell to, by name (the organizations of kind enterprise). */
export async function listBuyerEnterprises(db: Db): Promise<{ id: string; name: string; province: string }[]> {
  return db`select id, name, province from organizations where kind = 'enterprise' order by name, seq limit 1000`;
}

/** Sealed batches (current versions), newest production first, with what a sale needs: for the demo. */
export async function sealedBatchesForSale(
  db: Db,
  limit: number,
): Promise<
  {
    id: string;
    gtin: string;
    lotCode: string;
    productionDate: string;
    quantity: number;
    unit: string;
    cooperativeId: string;
  }[]
> {
  return db`
    select b.id, p.gtin, b.lot_code, b.production_date::text, b.quantity::float8 as quantity, b.unit, b.cooperative_id
    from batches b join products p on p.id = b.product_id
    where b.status = 'sealed'
    order by b.production_date desc, b.seq desc
    limit ${limit}`;
}

/** The batches under an open recall, with the recall's words (the demo notices its buyers). */
export async function openRecalls(
  db: Db,
): Promise<{ batchId: string; reason: string; authority: string; recalledOn: string; createdAt: Date }[]> {
  return db`
    select batch_id, reason, authority, recalled_on::text, created_at from batch_recalls
    where lifted_at is null order by created_at, id`;
}
