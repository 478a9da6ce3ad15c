// /products/{id}/photos: a product's photos. An upload (multipart/form-data with a "photo" file,
// or the raw file with its Content-Type) is checked and resized before the transaction opens;
// the transaction only stores the WebP variants. A cooperative works on its own products only
// (another's product is not found); staff and admin on every product.
import { z } from 'zod';
import type { Context } from 'hono';
import { AppError, notFound } from '../../errors';
import type { Db } from '../../db/client';
import { getProduct } from '../../db/products-store';
import {
  countPhotos,
  deletePhoto,
  getPhoto,
  insertPhoto,
  listPhotos,
  photoWithHash,
  setMainPhoto,
  type ProductPhoto,
} from '../../db/photos-store';
import type { Actor } from '../../domain/roles';
import { MAX_PHOTO_BYTES, MAX_PHOTOS_PER_PRODUCT, preparePhoto, type PreparedPhoto } from '../../photos';
import { photoPath } from '../../photos/urls';
import { op } from '../op';
import { optionalText } from '../schemas';
import type { AppDeps, AppEnv } from '../types';

/** A product the caller may see and change, else NOT_FOUND (a cooperative never learns of another's). */
async function ownProduct(db: Db, actor: Actor, productId: string, opts: { forUpdate?: boolean } = {}) {
  const p = await getProduct(db, productId, opts);
  if (!p || (actor.role === 'cooperative' && p.ownerId !== actor.organizationId)) throw notFound('Product', productId);
  return p;
}

/** A photo as the API answers it: its variants' absolute URLs, never its bytes. */
export function photoJson(base: string, p: ProductPhoto) {
  return {
    id: p.id,
    isMain: p.isMain,
    altVi: p.altVi,
    altEn: p.altEn,
    width: p.originalWidth,
    height: p.originalHeight,
    sourceType: p.sourceType,
    hash: p.hash,
    createdAt: p.createdAt,
    /** the JPEG copy at the widest width that link previews use */
    preview: p.widths.length ? base + photoPath(p, p.widths[p.widths.length - 1]!, 'jpg') : null,
    variants: p.widths.map((w) => ({
      width: w,
      height: Math.max(1, Math.round((p.height * w) / p.width)),
      type: 'image/webp',
      url: base + photoPath(p, w),
    })),
  };
}

const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(1|true|on|yes)$/i.test(v.trim()));

/**
 * The upload read and prepared: a multipart form's "photo" file (with altVi, altEn, main fields)
 * or the raw body (alt texts and main in the query). Errors: 413, 415, 422 with what was wrong.
 */
export async function readPhotoUpload(c: Context<AppEnv>, deps: AppDeps): Promise<{ raw: string; value: unknown }> {
  if (!deps.photos) throw new AppError('NOT_READY', 'This server cannot process photos (no image codecs)');
  const type = c.req.header('content-type') ?? '';
  let bytes: Uint8Array;
  let declared: string | null;
  let fields: Record<string, unknown>;
  if (/^multipart\/form-data\b/i.test(type)) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The form could not be read');
    }
    const file = form.get('photo');
    if (!file || typeof file === 'string') {
      throw new AppError('VALIDATION_FAILED', 'Send the picture as the form field "photo"', [
        { path: 'body.photo', message: 'a JPEG, PNG or WebP file is required' },
      ]);
    }
    bytes = new Uint8Array(await file.arrayBuffer());
    declared = file.type || null;
    fields = { altVi: form.get('altVi'), altEn: form.get('altEn'), main: form.get('main') };
  } else if (/^(image\/|application\/octet-stream\b)/i.test(type)) {
    bytes = new Uint8Array(await c.req.arrayBuffer());
    declared = type;
    fields = { altVi: c.req.query('altVi'), altEn: c.req.query('altEn'), main: c.req.query('main') };
  } else {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the photo as multipart/form-data (field "photo") or as the raw file with Content-Type image/jpeg, image/png or image/webp',
      { contentType: type || null },
    );
  }
  const photo = await preparePhoto(deps.photos, bytes, declared);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const value = { photo, altVi: text(fields.altVi), altEn: text(fields.altEn), main: truthy(fields.main) };
  return { raw: JSON.stringify({ hash: photo.hash, altVi: value.altVi, altEn: value.altEn, main: value.main }), value };
}

const uploadBody = z.strictObject({
  photo: z.custom<PreparedPhoto>(
    (v) => typeof v === 'object' && v !== null && Array.isArray((v as PreparedPhoto).variants),
    'a prepared photo',
  ),
  altVi: optionalText(300),
  altEn: optionalText(300),
  main: z.boolean().optional(),
});

const orNull = <T>(v: T | null | undefined) => (v === undefined ? null : v);

export const photoOps = {
  upload: op({
    method: 'post',
    path: '/products/:id/photos',
    tag: 'Products',
    summary: 'Upload a product photo',
    description: `A JPEG, PNG or WebP picture of at most ${MAX_PHOTO_BYTES / 1048576} MB and 40 megapixels, as multipart/form-data (file field "photo"; optional fields altVi, altEn, main=true) or as the raw file with its Content-Type (then altVi, altEn and main in the query). The type is read from the file's bytes: a PDF, SVG or other file named .jpg is refused (415). The service keeps WebP copies 160, 320, 640 and 1024 pixels wide (never wider than the original), made without the file's metadata (no EXIF, no GPS), and serves them from /media/photos/… with a year-long cache. At most ${MAX_PHOTOS_PER_PRODUCT} photos a product; the first becomes the main photo that the public pages show.`,
    roles: ['admin', 'staff', 'cooperative'],
    body: uploadBody,
    readBody: readPhotoUpload,
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['photo'],
            properties: {
              photo: { type: 'string', format: 'binary' },
              altVi: { type: 'string', maxLength: 300 },
              altEn: { type: 'string', maxLength: 300 },
              main: { type: 'boolean' },
            },
          },
        },
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
      },
    },
    idempotent: true,
    async handler({ db, params, body, actor, audit, deps }) {
      const product = await ownProduct(db, actor, params.id, { forUpdate: true });
      if ((await countPhotos(db, product.id)) >= MAX_PHOTOS_PER_PRODUCT) {
        throw new AppError(
          'CONFLICT',
          `A product may have at most ${MAX_PHOTOS_PER_PRODUCT} photos: delete one first`,
          {
            max: MAX_PHOTOS_PER_PRODUCT,
          },
        );
      }
      const same = await photoWithHash(db, product.id, body.photo.hash);
      if (same) throw new AppError('DUPLICATE', 'This product already has this photo', { photoId: same });
      const photo = await insertPhoto(db, product.id, body.photo, {
        altVi: orNull(body.altVi),
        altEn: orNull(body.altEn),
        main: body.main ?? false,
      });
      const answer = photoJson(deps.config.PUBLIC_BASE_URL, photo);
      const { variants: _v, ...summary } = answer;
      await audit({
        action: 'create',
        entity: 'product_photo',
        entityId: photo.id,
        after: { productId: product.id, ...summary },
      });
      return answer;
    },
  }),
  list: op({
    method: 'get',
    path: '/products/:id/photos',
    tag: 'Products',
    summary: "List a product's photos",
    description: 'The main photo first; each with the URLs of its WebP widths.',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor, deps }) {
      const product = await ownProduct(db, actor, params.id);
      return { items: (await listPhotos(db, product.id)).map((p) => photoJson(deps.config.PUBLIC_BASE_URL, p)) };
    },
  }),
  setMain: op({
    method: 'post',
    path: '/products/:id/photos/:photoId/main',
    tag: 'Products',
    summary: "Make a photo the product's main photo",
    description: 'The main photo is the one the stamp, product and model pages show.',
    roles: ['admin', 'staff', 'cooperative'],
    status: 200,
    async handler({ db, params, actor, audit, deps }) {
      const product = await ownProduct(db, actor, params.id, { forUpdate: true });
      if (!(await setMainPhoto(db, product.id, params.photoId))) throw notFound('Photo', params.photoId);
      await audit({ action: 'update', entity: 'product_photo', entityId: params.photoId, after: { isMain: true } });
      return photoJson(deps.config.PUBLIC_BASE_URL, (await getPhoto(db, product.id, params.photoId))!);
    },
  }),
  remove: op({
    method: 'delete',
    path: '/products/:id/photos/:photoId',
    tag: 'Products',
    summary: 'Delete a product photo',
    description: 'Its files go with it. When it was the main photo, the oldest photo left becomes the main one.',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const product = await ownProduct(db, actor, params.id, { forUpdate: true });
      const before = await getPhoto(db, product.id, params.photoId);
      if (!before || !(await deletePhoto(db, product.id, params.photoId))) throw notFound('Photo', params.photoId);
      await audit({
        action: 'delete',
        entity: 'product_photo',
        entityId: before.id,
        before: {
          productId: product.id,
          hash: before.hash,
          isMain: before.isMain,
          altVi: before.altVi,
          altEn: before.altEn,
        },
      });
      return { deleted: true, id: before.id };
    },
  }),
};
