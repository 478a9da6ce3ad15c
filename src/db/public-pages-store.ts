// The reads behind the public pages (src/http/public, src/scanning/batch-view.ts): narrow queries
// across tables, one per thing a page shows, kept together so that what each page costs in round
// trips can be read in one place. The stamp's own scan (one statement) is in scans-store.
import type { PhotoRef } from '../photos';
import { mainPhotoJson } from './photos-store';
import type { Db } from './client';
import type { Listing } from './products-store';
import type { StampState } from './print-runs-store';

/** The producer named on a product page. */
export interface ProducerLine {
  name: string;
  province: string;
  commune: string | null;
}

/** A value-chain model as the pages link to it. */
export interface ModelLink {
  slug: string;
  name: string;
}

export async function productPageProducer(db: Db, organizationId: string): Promise<ProducerLine | null> {
  const [row] = await db<ProducerLine[]>`
    select name, province, commune from organizations where id = ${organizationId}`;
  return row ?? null;
}

/** The models a product belongs to, oldest first. */
export async function modelsOfProduct(db: Db, productId: string): Promise<ModelLink[]> {
  return db<ModelLink[]>`
    select m.slug, m.name from value_chain_models m join model_products mp on mp.model_id = m.id
    where mp.product_id = ${productId} order by m.year_founded`;
}

/**
 * The batch page of a lot starts from its first version on record (drafts are not public); the
 * batch view follows the corrections from there.
 */
export async function firstRecordedBatchOfLot(db: Db, productId: string, lotCode: string): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`
    select id from batches
    where product_id = ${productId} and lot_code = ${lotCode} and status <> 'draft' order by version limit 1`;
  return row?.id ?? null;
}

/** The newest sealed version of a lot: the linkset's traceability link points at its signed record. */
export async function latestSealedBatchOfLot(db: Db, productId: string, lotCode: string): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`
    select id from batches
    where product_id = ${productId} and lot_code = ${lotCode} and status = 'sealed' order by version desc limit 1`;
  return row?.id ?? null;
}

/** The linkset's retailers. */
export async function listingsOfProduct(db: Db, productId: string): Promise<Listing[]> {
  return db<
    Listing[]
  >`select channel, url from product_listings where product_id = ${productId} and ended_on is null order by channel`;
}

/** What the authenticity check (/verify) answers from, without recording a scan. */
export interface StampCheck {
  state: StampState;
  scanCount: number;
  /** the GTIN and lot printed on the stamp, for the caller to judge the address against */
  gtin: string;
  lotCode: string;
  /** any version of the stamp's lot is under an open recall */
  recalled: boolean;
}

/** The stamp with this serial, whatever address it was asked for under (serials are unique on their own). */
export async function stampCheck(db: Db, serial: string): Promise<StampCheck | null> {
  const [row] = await db<StampCheck[]>`
    select s.state, s.scan_count, r.gtin, r.lot_code, exists (
      select 1 from batches b join batches v on v.product_id = b.product_id and v.lot_code = b.lot_code
        join batch_recalls x on x.batch_id = v.id and x.lifted_at is null where b.id = r.batch_id) as recalled
    from stamps s join print_runs r on r.id = s.print_run_id
    where s.serial = ${serial}`;
  return row ?? null;
}

export interface OpenRecall {
  reason: string;
  authority: string;
  recalledOn: string;
}

/** The open recall of any version of this batch's lot, if there is one. */
export async function openRecallOf(db: Db, batchId: string): Promise<OpenRecall | null> {
  const [row] = await db<OpenRecall[]>`
    select x.reason, x.authority, x.recalled_on::text
    from batches b join batches v on v.product_id = b.product_id and v.lot_code = b.lot_code
      join batch_recalls x on x.batch_id = v.id and x.lifted_at is null
    where b.id = ${batchId} order by x.created_at desc limit 1`;
  return row ?? null;
}

// --- the batch view: loaded once per batch and cached a few seconds (src/scanning/batch-view.ts)

/** One version of a batch in its correction chain. */
export interface ChainVersion {
  id: string;
  version: number;
  status: string;
  jws: string | null;
  supersedeReason: string | null;
  modelId: string | null;
}

/** The batch and the versions that corrected it, oldest first: the last one is what the pages show. */
export async function correctionChain(db: Db, batchId: string): Promise<ChainVersion[]> {
  return db<ChainVersion[]>`
    with recursive chain as (
      select id, version, status, record_jws, supersede_reason, superseded_by_id, model_id
      from batches where id = ${batchId}
      union all
      select b.id, b.version, b.status, b.record_jws, b.supersede_reason, b.superseded_by_id, b.model_id
      from batches b join chain c on b.id = c.superseded_by_id
    )
    select id, version, status, record_jws as jws, supersede_reason, model_id from chain order by version`;
}

/** The live product details a batch page shows beside the signed record. */
export interface PublicProduct {
  gtin: string;
  nameVi: string;
  nameEn: string | null;
  imageUrl: string | null;
  listings: Listing[];
  /** the main photo (src/db/photos-store.ts), read with the rest so a stamp page costs no extra query */
  photo: PhotoRef | null;
}

export async function publicProduct(db: Db, productId: string): Promise<PublicProduct | null> {
  const [row] = await db<PublicProduct[]>`
    select gtin, name_vi, name_en, image_url,
           coalesce((select json_agg(json_build_object('channel', l.channel, 'url', l.url) order by l.channel)
                     from product_listings l where l.product_id = p.id and l.ended_on is null), '[]'::json) as listings,
           ${mainPhotoJson(db)} as photo
    from products p where p.id = ${productId}`;
  return row ?? null;
}

/** The live producer details a batch page shows, contacts included. */
export interface PublicCooperative {
  name: string;
  address: string | null;
  commune: string | null;
  province: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

export async function publicCooperative(db: Db, organizationId: string): Promise<PublicCooperative | null> {
  const [row] = await db<PublicCooperative[]>`
    select name, address, commune, province, contact_name, contact_phone, contact_email
    from organizations where id = ${organizationId}`;
  return row ?? null;
}

/** The model named on the batch, else the (oldest) model the product belongs to. */
export async function modelOfBatch(db: Db, modelId: string | null, productId: string): Promise<ModelLink | null> {
  const [row] = await db<ModelLink[]>`
    select m.slug, m.name from value_chain_models m
    where m.id = ${modelId} or (${modelId}::uuid is null and exists (
      select 1 from model_products mp where mp.model_id = m.id and mp.product_id = ${productId}))
    order by m.year_founded limit 1`;
  return row ?? null;
}
