// /products: OCOP products, their listings and their rating history. A cooperative manages its
// own products; ratings are official decisions, recorded by the provincial association (admin).
import { z } from 'zod';
import { AppError, forbidden, notFound, failOnProblems } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import { ratingProblems } from '../../domain/ocop';
import {
  getProduct,
  insertProduct,
  insertRating,
  listProducts,
  updateProduct,
  withCurrentRating,
} from '../../db/products-store';
import { getOrganization } from '../../db/organizations-store';
import type { Db } from '../../db/client';
import { listPhotos } from '../../db/photos-store';
import { op } from '../op';
import { photoJson } from './photos';
import { day, filterText, gtin, httpUrl, optionalText, pageQuery, text, pageFilter, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const listing = z.strictObject({ channel: text(100), url: httpUrl });

const productFields = {
  gtin,
  nameVi: text(300),
  nameEn: optionalText(300),
  ocopGroup: z.number().int().min(1).max(6),
  ocopSubgroup: optionalText(200),
  ownerId: uuid,
  shelfLifeDays: z.number().int().positive().max(36500).nullish(),
  standards: z.array(text(100)).max(30).default([]),
  imageUrl: httpUrl.nullish(),
  listings: z.array(listing).max(50).default([]),
};
const createProduct = z.strictObject(productFields);
const patchProduct = z
  .strictObject({
    ...productFields,
    standards: productFields.standards.removeDefault(),
    listings: productFields.listings.removeDefault(),
  })
  .partial();

const createRating = z.strictObject({
  stars: z.number().int().min(1).max(5),
  decisionNumber: text(100),
  issuingLevel: z.enum(['province', 'central', 'district']),
  decisionDate: day('past'),
});

async function checkOwner(db: Db, actor: Actor, ownerId: string) {
  if (actor.role === 'cooperative' && actor.organizationId !== ownerId) {
    throw forbidden('A cooperative key may register products only for its own organization');
  }
  const org = await getOrganization(db, ownerId);
  if (!org || org.kind === 'association_unit') {
    throw new AppError('VALIDATION_FAILED', 'The owner is not valid', [
      {
        path: 'body.ownerId',
        message: org ? 'must be a cooperative, group or enterprise' : 'no organization has this id',
      },
    ]);
  }
}

const orNull = <T>(v: T | null | undefined) => (v === undefined ? null : v);

export const productOps = {
  create: op({
    method: 'post',
    path: '/products',
    tag: 'Products',
    summary: 'Register an OCOP product',
    description: 'GTIN-8/12/13/14 with a valid GS1 check digit; stored as GTIN-14.',
    roles: ['admin', 'cooperative'],
    body: createProduct,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      await checkOwner(db, actor, body.ownerId);
      const product = await insertProduct(
        db,
        {
          ...body,
          nameEn: orNull(body.nameEn),
          ocopSubgroup: orNull(body.ocopSubgroup),
          shelfLifeDays: orNull(body.shelfLifeDays),
          imageUrl: orNull(body.imageUrl),
        },
        vietnamToday(now),
      );
      await audit({ action: 'create', entity: 'product', entityId: product.id, after: product });
      return withCurrentRating(product, vietnamToday(now));
    },
  }),
  list: op({
    method: 'get',
    path: '/products',
    tag: 'Products',
    summary: 'List products',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      ownerId: uuid.optional(),
      ocopGroup: z.coerce.number().int().min(1).max(6).optional(),
      gtin: gtin.optional(),
      q: filterText(100).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor, now }) {
      const rows = await listProducts(db, pageFilter(query, actor));
      const page = toPage(rows, query.limit);
      return { ...page, items: page.items.map((p) => withCurrentRating(p as never, vietnamToday(now))) };
    },
  }),
  get: op({
    method: 'get',
    path: '/products/:id',
    tag: 'Products',
    summary: 'Get a product with its listings, rating history and photos',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor, now, deps }) {
      const p = await getProduct(db, params.id!);
      if (!p || (actor.role === 'cooperative' && p.ownerId !== actor.organizationId))
        throw notFound('Product', params.id);
      const photos = (await listPhotos(db, p.id)).map((ph) => photoJson(deps.config.PUBLIC_BASE_URL, ph));
      return { ...withCurrentRating(p, vietnamToday(now)), photos };
    },
  }),
  update: op({
    method: 'patch',
    path: '/products/:id',
    tag: 'Products',
    summary: 'Change a product',
    description:
      'Sending listings replaces the list of live listings: an address sent again keeps its dates, a new one goes live ' +
      'today, one left out is removed. To record that a listing ended (kept for the yearly report), use PATCH /listings/{id}.',
    roles: ['admin', 'cooperative'],
    body: patchProduct,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await getProduct(db, params.id!, { forUpdate: true });
      if (!before) throw notFound('Product', params.id);
      if (actor.role === 'cooperative' && before.ownerId !== actor.organizationId) throw forbidden();
      if (body.ownerId && body.ownerId !== before.ownerId) await checkOwner(db, actor, body.ownerId);
      const after = await updateProduct(db, before.id, body as never, now);
      await audit({ action: 'update', entity: 'product', entityId: before.id, before, after });
      return withCurrentRating(after!, vietnamToday(now));
    },
  }),
  addRating: op({
    method: 'post',
    path: '/products/:id/ratings',
    tag: 'Products',
    summary: 'Record an OCOP rating decision for a product',
    description: 'Valid for 36 months from the decision date; validUntil is derived, never sent.',
    roles: ['admin'],
    body: createRating,
    idempotent: true,
    async handler({ db, params, body, audit, now }) {
      const product = await getProduct(db, params.id!, { forUpdate: true });
      if (!product) throw notFound('Product', params.id);
      failOnProblems('The rating is not valid', ratingProblems(body, vietnamToday(now)));
      const rating = await insertRating(db, product.id, body);
      await audit({
        action: 'create',
        entity: 'ocop_rating',
        entityId: rating.id,
        after: { productId: product.id, ...rating },
      });
      return rating;
    },
  }),
};
