// /listings: a product's pages on e-commerce platforms with the day each went live and the day it
// ended (target 4 of the programme report counts them by year). A cooperative keeps its own
// products' listings: another's listing or product is simply not found. Staff read them all.
import { z } from 'zod';
import { vietnamToday } from '../../domain/calendar';
import { LISTING_PLATFORMS, listingDateProblems, PLATFORM_NAMES } from '../../domain/listings';
import type { Actor } from '../../domain/roles';
import type { Db } from '../../db/client';
import {
  deleteListing,
  getListing,
  insertListing,
  listListings,
  updateListing,
  type ListingFields,
} from '../../db/listings-store';
import { getProduct } from '../../db/products-store';
import { failOnProblems, notFound } from '../../errors';
import { op } from '../op';
import { day, httpUrl, pageFilter, pageQuery, text, toPage, uuid } from '../schemas';

const platform = z.enum(LISTING_PLATFORMS, {
  error: `must be one of: ${LISTING_PLATFORMS.join(', ')}`,
});

const DATES_RULE = 'a listing cannot end before the day it went live';

const listingBody = z
  .strictObject({
    productId: uuid,
    platform,
    /** Free text naming the shop or channel; the platform's name when not sent. */
    channel: text(100).optional(),
    url: httpUrl,
    wentLiveOn: day('past'),
    endedOn: day('past').nullish(),
  })
  .refine((b) => !b.endedOn || b.endedOn >= b.wentLiveOn, { path: ['endedOn'], message: DATES_RULE });

const listingPatch = z
  .strictObject({
    platform,
    channel: text(100),
    url: httpUrl,
    wentLiveOn: day('past'),
    endedOn: day('past').nullable(),
  })
  .partial()
  .refine((b) => !b.endedOn || !b.wentLiveOn || b.endedOn >= b.wentLiveOn, {
    path: ['endedOn'],
    message: DATES_RULE,
  });

/** The product, when the caller may keep its listings (a cooperative: its own only; else not found). */
async function ownProduct(db: Db, actor: Actor, productId: string, forUpdate = false) {
  const product = await getProduct(db, productId, { forUpdate });
  if (!product || (actor.role === 'cooperative' && product.ownerId !== actor.organizationId))
    throw notFound('Product', productId);
  return product;
}

async function visibleListing(db: Db, actor: Actor, id: string, forUpdate = false) {
  const listing = await getListing(db, id, { forUpdate });
  if (!listing || (actor.role === 'cooperative' && listing.ownerId !== actor.organizationId))
    throw notFound('Listing', id);
  return listing;
}

function checkDates(l: ListingFields, now: Date) {
  failOnProblems('The listing is not valid', listingDateProblems(l, vietnamToday(now)));
}

export const listingOps = {
  list: op({
    method: 'get',
    path: '/listings',
    tag: 'Listings',
    summary: 'List e-commerce listings with their dates',
    description:
      'Filters: productId, ownerId, platform, live=true (not ended) or live=false (ended). A cooperative key sees ' +
      'only its own products’ listings.',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      productId: uuid.optional(),
      ownerId: uuid.optional(),
      platform: platform.optional(),
      live: z.enum(['true', 'false']).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listListings(db, {
        ...pageFilter(query, actor),
        productId: query.productId,
        ownerId: query.ownerId,
        platform: query.platform,
        live: query.live === undefined ? undefined : query.live === 'true',
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/listings/:id',
    tag: 'Listings',
    summary: 'Get one listing',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      return visibleListing(db, actor, params.id!);
    },
  }),
  create: op({
    method: 'post',
    path: '/listings',
    tag: 'Listings',
    summary: 'Record that a product went live on an e-commerce platform',
    description:
      `platform is one of ${LISTING_PLATFORMS.join(', ')}; channel is free text (the shop's name), the platform's ` +
      'name when not sent. wentLiveOn and endedOn are days not after today; endedOn must not be before wentLiveOn ' +
      '(400 VALIDATION_FAILED). One live listing per product and address (409 DUPLICATE). A cooperative key records ' +
      'listings of its own products only (another’s product is 404).',
    roles: ['admin', 'cooperative'],
    body: listingBody,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      const product = await ownProduct(db, actor, body.productId, true);
      const fields: ListingFields = {
        platform: body.platform,
        channel: body.channel ?? PLATFORM_NAMES[body.platform].vi,
        url: body.url,
        wentLiveOn: body.wentLiveOn,
        endedOn: body.endedOn ?? null,
      };
      checkDates(fields, now);
      const listing = await insertListing(db, product.id, fields);
      await audit({ action: 'create', entity: 'product_listing', entityId: listing.id, after: listing });
      return listing;
    },
  }),
  update: op({
    method: 'patch',
    path: '/listings/:id',
    tag: 'Listings',
    summary: 'Change a listing, or record the day it ended',
    description: 'Send endedOn to record that the listing ended (null to reopen it); the same date rules as creating.',
    roles: ['admin', 'cooperative'],
    body: listingPatch,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await visibleListing(db, actor, params.id!, true);
      const fields: ListingFields = {
        platform: body.platform ?? before.platform,
        channel: body.channel ?? before.channel,
        url: body.url ?? before.url,
        wentLiveOn: body.wentLiveOn ?? before.wentLiveOn,
        endedOn: body.endedOn === undefined ? before.endedOn : body.endedOn,
      };
      checkDates(fields, now);
      const after = await updateListing(db, before.id, fields);
      await audit({ action: 'update', entity: 'product_listing', entityId: before.id, before, after });
      return after;
    },
  }),
  remove: op({
    method: 'delete',
    path: '/listings/:id',
    tag: 'Listings',
    summary: 'Delete a listing recorded by mistake',
    description: 'A listing that really ended is kept with its endedOn, so that the yearly report still counts it.',
    roles: ['admin', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const before = await visibleListing(db, actor, params.id!, true);
      await deleteListing(db, before.id);
      await audit({ action: 'delete', entity: 'product_listing', entityId: before.id, before });
      return { deleted: true, id: before.id };
    },
  }),
};
