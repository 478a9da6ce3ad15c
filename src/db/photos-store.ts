// Product photos and their WebP variants (migration 00014). The bytes live in PostgreSQL on every
// runtime; pages read only a photo's reference (id, hash, widths), the media route the bytes.
import type { Db } from './client';
import type { PhotoRef, PreparedPhoto } from '../photos';

export interface ProductPhoto extends PhotoRef {
  productId: string;
  isMain: boolean;
  sourceType: string;
  /** the picture's size as uploaded (upright) */
  originalWidth: number;
  originalHeight: number;
  createdAt: Date;
}

/**
 * A product's main photo as JSON (a PhotoRef), or null; for queries whose product row is `p`.
 * The widest variant gives the <img> width and height.
 */
export const mainPhotoJson = (db: Db) => db`(
  select json_build_object('id', ph.id, 'hash', ph.content_hash, 'altVi', ph.alt_vi, 'altEn', ph.alt_en,
           'width', (select v.width from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp' order by v.width desc limit 1),
           'height', (select v.height from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp' order by v.width desc limit 1),
           'widths', (select json_agg(v.width order by v.width) from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp'))
  from product_photos ph where ph.product_id = p.id and ph.is_main)`;

const photoCols = (db: Db) => db`
  ph.id, ph.product_id, ph.content_hash as hash, ph.source_type, ph.alt_vi, ph.alt_en, ph.is_main,
  ph.width as original_width, ph.height as original_height, ph.created_at,
  (select v.width from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp' order by v.width desc limit 1) as width,
  (select v.height from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp' order by v.width desc limit 1) as height,
  coalesce((select array_agg(v.width order by v.width) from product_photo_variants v where v.photo_id = ph.id and v.format = 'webp'), '{}') as widths`;

export async function listPhotos(db: Db, productId: string): Promise<ProductPhoto[]> {
  return db<ProductPhoto[]>`
    select ${photoCols(db)} from product_photos ph
    where ph.product_id = ${productId}
    order by ph.is_main desc, ph.created_at, ph.id`;
}

export async function getPhoto(db: Db, productId: string, photoId: string): Promise<ProductPhoto | null> {
  const [row] = await db<ProductPhoto[]>`
    select ${photoCols(db)} from product_photos ph where ph.product_id = ${productId} and ph.id = ${photoId}`;
  return row ?? null;
}

export async function countPhotos(db: Db, productId: string): Promise<number> {
  const [row] = await db<
    { n: number }[]
  >`select count(*)::int as n from product_photos where product_id = ${productId}`;
  return row!.n;
}

export async function photoWithHash(db: Db, productId: string, hash: string): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`
    select id from product_photos where product_id = ${productId} and content_hash = ${hash}`;
  return row?.id ?? null;
}

/** Stores a prepared photo and its variants; the first photo of a product (or `main`) becomes its main photo. */
export async function insertPhoto(
  db: Db,
  productId: string,
  photo: PreparedPhoto,
  opts: { altVi: string | null; altEn: string | null; main: boolean },
): Promise<ProductPhoto> {
  const [existing] = await db<{ has: boolean }[]>`
    select exists (select 1 from product_photos where product_id = ${productId} and is_main) as has`;
  const main = opts.main || !existing!.has;
  if (main) await db`update product_photos set is_main = false where product_id = ${productId} and is_main`;
  const [row] = await db<{ id: string }[]>`
    insert into product_photos (product_id, content_hash, source_type, width, height, alt_vi, alt_en, is_main)
    values (${productId}, ${photo.hash}, ${photo.sourceType}, ${photo.width}, ${photo.height},
            ${opts.altVi}, ${opts.altEn}, ${main})
    returning id`;
  for (const v of [...photo.variants, photo.preview]) {
    await db`
      insert into product_photo_variants (photo_id, width, height, format, mime, bytes, etag)
      values (${row!.id}, ${v.width}, ${v.height}, ${v.format}, ${v.mime}, ${v.bytes}, ${v.etag})`;
  }
  return (await getPhoto(db, productId, row!.id))!;
}

/** Deletes a photo (its variants go with it); when it was the main photo, the oldest left takes its place. */
export async function deletePhoto(db: Db, productId: string, photoId: string): Promise<boolean> {
  const gone = await db<{ isMain: boolean }[]>`
    delete from product_photos where product_id = ${productId} and id = ${photoId} returning is_main`;
  if (!gone.length) return false;
  if (gone[0]!.isMain) {
    await db`
      update product_photos set is_main = true
      where id = (select id from product_photos where product_id = ${productId} order by created_at, id limit 1)`;
  }
  return true;
}

export async function setMainPhoto(db: Db, productId: string, photoId: string): Promise<boolean> {
  const [row] = await db`select 1 from product_photos where product_id = ${productId} and id = ${photoId}`;
  if (!row) return false;
  await db`update product_photos set is_main = false where product_id = ${productId} and is_main and id <> ${photoId}`;
  await db`update product_photos set is_main = true where id = ${photoId}`;
  return true;
}

export interface PhotoFile {
  hash: string;
  mime: string;
  etag: string;
  bytes: Uint8Array;
}

/** One variant's bytes, for the media route. */
export async function photoFile(
  db: Db,
  photoId: string,
  width: number,
  format: 'webp' | 'jpeg' = 'webp',
): Promise<PhotoFile | null> {
  const [row] = await db<PhotoFile[]>`
    select ph.content_hash as hash, v.mime, v.etag, v.bytes
    from product_photo_variants v join product_photos ph on ph.id = v.photo_id
    where v.photo_id = ${photoId} and v.width = ${width} and v.format = ${format}`;
  return row ?? null;
}

/** A product's main photo reference, or null. */
export async function mainPhotoOf(db: Db, productId: string): Promise<PhotoRef | null> {
  const [row] = await db<{ photo: PhotoRef | null }[]>`
    select ${mainPhotoJson(db)} as photo from products p where p.id = ${productId}`;
  return row?.photo ?? null;
}
