// Dated e-commerce listings of OCOP products (product_listings): the platform, the shop page, the
// day it went live and the day it ended. Target (4) of the programme report counts them by year.
import type { Db } from './client';
import type { ListingPlatform } from '../domain/listings';

export interface ListingRecord {
  id: string;
  productId: string;
  productName: string;
  ownerId: string;
  channel: string;
  platform: ListingPlatform;
  url: string;
  wentLiveOn: string;
  endedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListingFields {
  channel: string;
  platform: ListingPlatform;
  url: string;
  wentLiveOn: string;
  endedOn: string | null;
}

const cols = (db: Db) => db`
  l.id, l.product_id, p.name_vi as product_name, p.owner_id, l.channel, l.platform, l.url,
  l.went_live_on::text as went_live_on, l.ended_on::text as ended_on, l.created_at, l.updated_at`;

export async function listListings(
  db: Db,
  f: {
    productId?: string | undefined;
    ownerId?: string | undefined;
    platform?: ListingPlatform | undefined;
    live?: boolean | undefined;
    visibleTo?: string | null | undefined;
    after?: number;
    limit: number;
  },
) {
  return db<(ListingRecord & { seq: number })[]>`
    select l.seq, ${cols(db)}
      from product_listings l join products p on p.id = l.product_id
     where l.seq > ${f.after ?? 0}
       ${f.productId ? db`and l.product_id = ${f.productId}` : db``}
       ${f.ownerId ? db`and p.owner_id = ${f.ownerId}` : db``}
       ${f.visibleTo ? db`and p.owner_id = ${f.visibleTo}` : db``}
       ${f.platform ? db`and l.platform = ${f.platform}` : db``}
       ${f.live === true ? db`and l.ended_on is null` : f.live === false ? db`and l.ended_on is not null` : db``}
     order by l.seq
     limit ${f.limit + 1}`;
}

export async function getListing(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = opts.forUpdate
    ? await db<ListingRecord[]>`
        select ${cols(db)} from product_listings l join products p on p.id = l.product_id
         where l.id = ${id} for update of l`
    : await db<ListingRecord[]>`
        select ${cols(db)} from product_listings l join products p on p.id = l.product_id where l.id = ${id}`;
  return row ?? null;
}

export async function insertListing(db: Db, productId: string, l: ListingFields): Promise<ListingRecord> {
  const [row] = await db<{ id: string }[]>`
    insert into product_listings (product_id, channel, platform, url, went_live_on, ended_on)
    values (${productId}, ${l.channel}, ${l.platform}, ${l.url}, ${l.wentLiveOn}, ${l.endedOn})
    returning id`;
  return (await getListing(db, row!.id))!;
}

export async function updateListing(db: Db, id: string, l: ListingFields): Promise<ListingRecord> {
  await db`
    update product_listings
       set channel = ${l.channel}, platform = ${l.platform}, url = ${l.url},
           went_live_on = ${l.wentLiveOn}, ended_on = ${l.endedOn}, updated_at = now()
     where id = ${id}`;
  return (await getListing(db, id))!;
}

export async function deleteListing(db: Db, id: string): Promise<void> {
  await db`delete from product_listings where id = ${id}`;
}
