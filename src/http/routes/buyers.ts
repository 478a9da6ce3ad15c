// Buyers: what they received and shipped on, their recall notices (acknowledged through the API or
// the console), and the webhook that receives those notices signed (Standard Webhooks). A buyer
// key sees only its own; staff and admins see every notice, and which are still open past 24 hours.
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import {
  listBuyerEnterprises,
  deleteBuyerWebhook,
  getBuyerWebhook,
  listReceipts,
  listShipments,
  putBuyerWebhook,
} from '../../db/buyers-store';
import { acknowledgeRecallNotice, getRecallNotice, listRecallNotices } from '../../db/recall-notices-store';
import { newWebhookSecret } from '../../domain/webhook-signature';
import type { Actor } from '../../domain/roles';
import { op } from '../op';
import { day, pageQuery, text, toPage, uuid } from '../schemas';
import { getBatch } from '../../db/batches-store';
import type { Tx } from '../../db/client';
import { recordSale } from '../../buyers/sales';
import { vietnamToday } from '../../domain/calendar';
import { dayProblems } from '../../domain/date-windows';
import { UNITS } from '../../db/harvests-store';
import { failOnProblems, forbidden } from '../../errors';
import { webhookAddressProblem } from '../../domain/webhook-address';
import { shipmentOut } from './recalls';

/** Circular 17/2021: a recall decision must reach every affected batch within 24 hours. */
export const NOTICE_ACK_WITHIN_MS = 24 * 60 * 60 * 1000;

// The address itself is judged in the handler, against WEBHOOK_ALLOW_LOOPBACK (webhook-address.ts).
const webhookUrl = z.url({ error: 'must be a URL' }).max(2000);

const before = (cursor: string | undefined) => (cursor ? Number(cursor) : null);

function ownOrganization(actor: Actor): string {
  if (!actor.organizationId) throw new AppError('FORBIDDEN', 'This operation is for a buyer key');
  return actor.organizationId;
}

const noticeOut = z.object({
  id: z.string(),
  buyerId: z.string(),
  buyerName: z.string(),
  recallIds: z.array(z.string()),
  batches: z.array(
    z.object({
      id: z.string(),
      gtin: z.string(),
      lotCode: z.string(),
      version: z.number().int(),
      productName: z.string(),
      cooperative: z.string(),
    }),
  ),
  reason: z.string(),
  authority: z.string(),
  recalledOn: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.object({ keyId: z.string(), name: z.string(), role: z.string() }).nullable(),
  lastDelivery: z
    .object({
      attempt: z.number().int(),
      status: z.enum(['pending', 'delivered', 'failed', 'gave_up', 'no_webhook']),
      at: z.string(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
    })
    .nullable(),
});

const saleBody = z.strictObject({
  buyerId: uuid,
  quantity: z.number().positive().max(1e9),
  unit: z.enum(UNITS, { error: `must be one of: ${UNITS.join(', ')}` }).optional(),
  despatchAdvice: text(100),
  shippedOn: day('past'),
});

export const buyerOps = {
  enterprises: op({
    method: 'get',
    path: '/buyers',
    tag: 'Buyers',
    summary: 'The buyer enterprises a cooperative may record a sale to (id, name, province), by name',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db }) {
      return { items: await listBuyerEnterprises(db) };
    },
  }),
  recordSale: op({
    method: 'post',
    path: '/batches/:id/shipments',
    tag: 'Buyers',
    summary: 'Record a sale (shipment) of a sealed lot to a buyer enterprise',
    description:
      'Stores the shipment and its EPCIS shipping event (owned by the cooperative, bizStep shipping, the despatch advice ' +
      'as a desadv business transaction, the buyer as destination) in one transaction. The buyer’s receiving event quotes ' +
      'the despatch advice number to show it received the lot; a recall of the batch notifies the buyer. A cooperative ' +
      'key records sales of its own batches only.',
    roles: ['admin', 'cooperative'],
    body: saleBody,
    async handler({ db, params, body, actor, now, deps, audit }) {
      const batch = await getBatch(db, params.id);
      if (!batch) throw notFound('Batch', params.id);
      if (actor.role === 'cooperative' && batch.cooperativeId !== actor.organizationId) throw forbidden();
      failOnProblems(
        'The sale is not valid',
        dayProblems([{ path: 'body.shippedOn', value: body.shippedOn, kind: 'past' }], vietnamToday(now)),
      );
      const sale = await recordSale(db as Tx, deps.config.PUBLIC_BASE_URL, batch.id, body);
      await audit({ action: 'sale', entity: 'batch', entityId: batch.id, after: sale });
      return sale;
    },
  }),
  receipts: op({
    method: 'get',
    path: '/buyer/receipts',
    tag: 'Buyers',
    summary: 'What this buyer received (from its captured receiving events), newest first',
    roles: ['buyer'],
    query: z.strictObject(pageQuery),
    async handler({ db, actor, query }) {
      const rows = await listReceipts(db, {
        buyerId: ownOrganization(actor),
        before: before(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  shipments: op({
    method: 'get',
    path: '/buyer/shipments',
    tag: 'Buyers',
    summary:
      'Shipments to this buyer (sales recorded by cooperatives, upstream buyers’ shipping) and from it, newest first',
    description:
      'A cooperative key lists the sales and shipments it recorded (from it); a buyer key the shipments to it and from it.',
    roles: ['buyer', 'cooperative'],
    query: z.strictObject({ direction: z.enum(['from', 'to', 'either']).default('either'), ...pageQuery }),
    response: z.object({ items: z.array(shipmentOut), nextCursor: z.string().nullable() }),
    async handler({ db, actor, query }) {
      const rows = await listShipments(db, {
        orgId: ownOrganization(actor),
        direction: actor.role === 'cooperative' ? 'from' : query.direction,
        before: before(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  notices: op({
    method: 'get',
    path: '/recall-notices',
    tag: 'Buyers',
    summary: 'Recall notices, newest first, each with its webhook’s last delivery',
    description:
      'A buyer key lists its own notices; staff and admins every buyer’s. `overdue=true` keeps only the notices not ' +
      'acknowledged within 24 hours of the recall (Circular 17/2021/TT-BNNPTNT).',
    roles: ['admin', 'staff', 'buyer'],
    query: z.strictObject({ overdue: z.enum(['true', 'false']).default('false'), ...pageQuery }),
    response: z.object({ items: z.array(noticeOut), nextCursor: z.string().nullable() }),
    async handler({ db, actor, query, now }) {
      const rows = await listRecallNotices(db, {
        buyerId: actor.role === 'buyer' ? ownOrganization(actor) : null,
        openBefore: query.overdue === 'true' ? new Date(now.getTime() - NOTICE_ACK_WITHIN_MS) : null,
        before: before(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  notice: op({
    method: 'get',
    path: '/recall-notices/:id',
    tag: 'Buyers',
    summary: 'One recall notice',
    roles: ['admin', 'staff', 'buyer'],
    response: noticeOut,
    async handler({ db, actor, params }) {
      const n = await getRecallNotice(db, params.id);
      if (!n || (actor.role === 'buyer' && n.buyerId !== actor.organizationId))
        throw notFound('Recall notice', params.id);
      return n;
    },
  }),
  acknowledge: op({
    method: 'post',
    path: '/recall-notices/:id/ack',
    tag: 'Buyers',
    summary: 'Acknowledge a recall notice (the buyer has taken the goods off sale)',
    description: 'Only the buyer the notice was sent to; acknowledging again keeps the first time.',
    roles: ['buyer'],
    status: 200,
    response: noticeOut,
    async handler({ db, actor, params, now, audit }) {
      const by = { keyId: actor.keyId, name: actor.name, role: actor.role };
      if (!(await acknowledgeRecallNotice(db, params.id, ownOrganization(actor), by, now)))
        throw notFound('Recall notice', params.id);
      const n = (await getRecallNotice(db, params.id))!;
      await audit({
        action: 'acknowledge',
        entity: 'recall_notice',
        entityId: n.id,
        after: { acknowledgedAt: n.acknowledgedAt },
      });
      return n;
    },
  }),
  webhook: op({
    method: 'get',
    path: '/buyer/webhook',
    tag: 'Buyers',
    summary: 'This buyer’s webhook URL (never its secret)',
    roles: ['buyer'],
    async handler({ db, actor }) {
      const w = await getBuyerWebhook(db, ownOrganization(actor));
      if (!w) throw notFound('Webhook');
      return w;
    },
  }),
  setWebhook: op({
    method: 'put',
    path: '/buyer/webhook',
    tag: 'Buyers',
    summary:
      'Set the URL that receives recall notices; the first time (or with rotateSecret) answers a new secret, once',
    description:
      'Deliveries are signed as Standard Webhooks say (headers webhook-id, webhook-timestamp, webhook-signature: ' +
      '"v1," and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the base64-decoded part of the secret ' +
      'after "whsec_"). The secret is shown only in this answer; rotateSecret=true replaces it. The URL must be a public ' +
      'https address: IP addresses of loopback, private, link-local or reserved ranges, names of a local network and ' +
      'user:password@ are refused (http to 127.0.0.1 or localhost only with WEBHOOK_ALLOW_LOOPBACK=true).',
    roles: ['buyer'],
    body: z.strictObject({ url: webhookUrl, rotateSecret: z.boolean().default(false) }),
    async handler({ db, actor, body, now, audit, deps }) {
      const buyerId = ownOrganization(actor);
      const problem = webhookAddressProblem(body.url, { allowLoopbackHttp: deps.config.WEBHOOK_ALLOW_LOOPBACK });
      failOnProblems('The webhook address is not allowed', problem ? [{ path: 'body.url', message: problem }] : []);
      const had = await getBuyerWebhook(db, buyerId);
      const secret = !had || body.rotateSecret ? newWebhookSecret() : null;
      const w = await putBuyerWebhook(db, buyerId, body.url, secret, now);
      await audit({
        action: had ? 'update' : 'create',
        entity: 'buyer_webhook',
        entityId: buyerId,
        after: { url: w.url, secretRotated: !!secret },
      });
      return secret ? { ...w, secret } : w;
    },
  }),
  deleteWebhook: op({
    method: 'delete',
    path: '/buyer/webhook',
    tag: 'Buyers',
    summary: 'Stop receiving recall notices by webhook (they still wait in the console)',
    roles: ['buyer'],
    async handler({ db, actor, audit }) {
      const buyerId = ownOrganization(actor);
      if (!(await deleteBuyerWebhook(db, buyerId))) throw notFound('Webhook');
      await audit({ action: 'delete', entity: 'buyer_webhook', entityId: buyerId });
      return { deleted: true };
    },
  }),
};
