// OCOP products with their e-commerce listings and rating history.
import type { Db } from './client';
import { escapeLike } from './organizations-store';
import { ratingInForce, type OcopRating } from '../domain/ocop';
import { vietnamToday } from '../domain/calendar';
import { platformOfChannel, type ListingPlatform } from '../domain/listings';

export interface Listing {
  channel: string;
  url: string;
}

/** A listing as a product's create/update sends it: dates and platform are optional there. */
export interface ListingInput extends Listing {
  platform?: ListingPlatform | undefined;
  wentLiveOn?: string | undefined;
  endedOn?: string | null | undefined;
}

export interface Rating extends OcopRating {
  id: string;
}

export interface Product {
  id: string;
  gtin: string;
  nameVi: string;
  nameEn: string | null;
  ocopGroup: number;
  ocopSubgroup: string | null;
  ownerId: string;
  shelfLifeDays: number | null;
  standards: string[];
  imageUrl: string | null;
  /** The listings live now (not ended); the dated records are under /listings. */
  listings: Listing[];
  ratings: Rating[];
  createdAt: Date;
  updatedAt: Date;
}

export type ProductInput = Omit<Product, 'id' | 'ratings' | 'createdAt' | 'updatedAt' | 'listings'> & {
  listings: ListingInput[];
};

const cols = (db: Db) => db`
  p.id, p.gtin, p.name_vi, p.name_en, p.ocop_group,
  p.ocop_subgroup, p.owner_id, p.shelf_life_days,
  p.standards, p.image_url,
  coalesce((select json_agg(json_build_object('channel', l.channel, 'url', l.url) order by l.channel, l.url)
            from product_listings l where l.product_id = p.id and l.ended_on is null), '[]'::json) as listings,
  coalesce((select json_agg(json_build_object('id', r.id, 'stars', r.stars, 'decisionNumber', r.decision_number,
              'issuingLevel', r.issuing_level, 'decisionDate', r.decision_date, 'validUntil', r.valid_until)
              order by r.decision_date desc, r.decision_number)
            from ocop_ratings r where r.product_id = p.id), '[]'::json) as ratings,
  p.created_at, p.updated_at`;

/** Adds the rating in force today, so clients need not re-derive it. */
export function withCurrentRating(p: Product, today: string) {
  return { ...p, currentRating: ratingInForce(p.ratings, today) };
}

/**
 * Sets the product's live listings to the list sent: a live listing at an address sent again keeps
 * its dates (its channel text is updated); one not sent is removed (a listing that really ended is
 * ended through /listings, which keeps it for the report); a new address goes live on the day sent,
 * else today. Ended listings are history and stay as they are.
 */
async function replaceListings(db: Db, productId: string, listings: ListingInput[], today: string | undefined) {
  const urls = listings.map((l) => l.url);
  await db`delete from product_listings
            where product_id = ${productId} and ended_on is null and not (url = any(${urls}::text[]))`;
  for (const l of listings) {
    const platform = l.platform ?? platformOfChannel(l.channel);
    const [kept] = await db<{ id: string }[]>`
      update product_listings set channel = ${l.channel}, updated_at = now()
       where product_id = ${productId} and url = ${l.url} and ended_on is null
       returning id`;
    if (kept) continue;
    // Without a clock (scripts), today in Vietnam as the database sees it.
    await db`
      insert into product_listings (product_id, channel, url, platform, went_live_on, ended_on)
      values (${productId}, ${l.channel}, ${l.url}, ${platform},
              coalesce(${l.wentLiveOn ?? today ?? null}::date, ((now() at time zone 'UTC') + interval '7 hours')::date),
              ${l.endedOn ?? null})`;
  }
}

export async function insertProduct(db: Db, p: ProductInput, today?: string): Promise<Product> {
  const [row] = await db<{ id: string }[]>`
    insert into products (gtin, name_vi, name_en, ocop_group, ocop_subgroup, owner_id, shelf_life_days, standards, image_url)
    values (${p.gtin}, ${p.nameVi}, ${p.nameEn}, ${p.ocopGroup}, ${p.ocopSubgroup}, ${p.ownerId},
            ${p.shelfLifeDays}, ${p.standards}, ${p.imageUrl})
    returning id`;
  await replaceListings(db, row!.id, p.listings, today);
  return (await getProduct(db, row!.id))!;
}

export async function updateProduct(db: Db, id: string, p: Partial<ProductInput>, now: Date) {
  const values: Record<string, unknown> = {
    gtin: p.gtin,
    name_vi: p.nameVi,
    name_en: p.nameEn,
    ocop_group: p.ocopGroup,
    ocop_subgroup: p.ocopSubgroup,
    owner_id: p.ownerId,
    shelf_life_days: p.shelfLifeDays,
    standards: p.standards,
    image_url: p.imageUrl,
    updated_at: now,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  const updated = await db`update products set ${db(values as never)} where id = ${id} returning id`;
  if (!updated.length) return null;
  if (p.listings) await replaceListings(db, id, p.listings, vietnamToday(now));
  return getProduct(db, id);
}

export async function getProduct(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Product | null> {
  if (opts.forUpdate) await db`select 1 from products where id = ${id} for update`;
  const [row] = await db<Product[]>`select ${cols(db)} from products p where p.id = ${id}`;
  return row ?? null;
}

export async function getProductByGtin(db: Db, gtin14: string): Promise<Product | null> {
  const [row] = await db<Product[]>`select ${cols(db)} from products p where p.gtin = ${gtin14}`;
  return row ?? null;
}

/** Only the GTIN, for statements and stamps that name the product by it. */
export async function gtinOfProduct(db: Db, id: string): Promise<string | null> {
  const [row] = await db<{ gtin: string }[]>`select gtin from products where id = ${id}`;
  return row?.gtin ?? null;
}

export async function listProducts(
  db: Db,
  f: {
    ownerId?: string;
    ocopGroup?: number;
    gtin?: string;
    q?: string;
    visibleTo?: string | null;
    after?: number;
    limit: number;
  },
) {
  return db<(Product & { seq: number })[]>`
    select p.seq, ${cols(db)} from products p
    where true
      ${f.ownerId ? db`and p.owner_id = ${f.ownerId}` : db``}
      ${f.ocopGroup ? db`and p.ocop_group = ${f.ocopGroup}` : db``}
      ${f.gtin ? db`and p.gtin = ${f.gtin}` : db``}
      ${f.q ? db`and (p.name_vi ilike ${`%${escapeLike(f.q)}%`} or p.name_en ilike ${`%${escapeLike(f.q)}%`})` : db``}
      ${f.visibleTo ? db`and p.owner_id = ${f.visibleTo}` : db``}
      and p.seq > ${f.after ?? 0}
    order by p.seq
    limit ${f.limit + 1}`;
}

export async function insertRating(db: Db, productId: string, r: Omit<OcopRating, 'validUntil'>): Promise<Rating> {
  const [row] = await db<Rating[]>`
    insert into ocop_ratings (product_id, stars, decision_number, issuing_level, decision_date)
    values (${productId}, ${r.stars}, ${r.decisionNumber}, ${r.issuingLevel}, ${r.decisionDate})
    returning id, stars, decision_number, issuing_level,
              decision_date::text, valid_until::text`;
  return row!;
}
