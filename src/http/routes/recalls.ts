// Recalls that start upstream: staff recall a harvest lot, or an area over a date range of
// harvests, and every sealed batch downstream is recalled in one transaction; lifting by origin
// lifts them together; a preview says what a recall would reach before anyone confirms it. See
// src/recalls/propagate.ts.
import { z } from 'zod';
import { vietnamToday } from '../../domain/calendar';
import { dayProblems } from '../../domain/date-windows';
import { failOnProblems } from '../../errors';
import type { Tx } from '../../db/client';
import { liftByOrigin, previewRecall, propagateRecall } from '../../recalls/propagate';
import { deliverRecallWebhooks } from '../../recalls/webhooks';
import { op } from '../op';
import { day, text, uuid } from '../schemas';

// An area's range covers harvests, which lie in the past: a range reaching beyond today would
// claim, in every signed statement, more than the recall reached.
const origin = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('harvest_lot'), id: uuid }),
  z
    .strictObject({ kind: z.literal('area'), id: uuid, from: day('past').optional(), to: day('past').optional() })
    .refine((o) => !o.from || !o.to || o.from <= o.to, { message: 'from must not be after to', path: ['to'] }),
]);

const reason = text(2000, { multiline: true });
const propagateBody = z.strictObject({ origin, reason, authority: text(300), recalledOn: day('past') });
const liftBody = z.strictObject({ origin, reason });

/** The recall date and an area's range in their window, 2000-01-01 to today (a Vietnam day). */
function recallDayProblems(
  b: { origin: { kind: string; from?: string | undefined; to?: string | undefined }; recalledOn?: string | undefined },
  now: Date,
) {
  return dayProblems(
    [
      { path: 'body.recalledOn', value: b.recalledOn, kind: 'past' },
      { path: 'body.origin.from', value: b.origin.from, kind: 'past' },
      { path: 'body.origin.to', value: b.origin.to, kind: 'past' },
    ],
    vietnamToday(now),
  );
}
// The body of the recall to come, checked the same way; reason, authority and date may be left
// out (a preview needs only the origin). kind 'batch' previews POST /batches/{id}/recall.
const previewBody = z.strictObject({
  origin: z.discriminatedUnion('kind', [...origin.options, z.strictObject({ kind: z.literal('batch'), id: uuid })]),
  reason: propagateBody.shape.reason.optional(),
  authority: propagateBody.shape.authority.optional(),
  recalledOn: propagateBody.shape.recalledOn.optional(),
});

const propagateResponse = z.object({
  origin: z.object({
    kind: z.enum(['harvest_lot', 'area']),
    id: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  batches: z.number().int(),
  alreadyRecalled: z.number().int(),
  printRuns: z.number().int(),
  stamps: z.number().int(),
  stampsScanned: z.number().int(),
  buyersNotified: z.number().int().describe('buyers holding goods of the recalled batches, each sent a recall notice'),
  batchIds: z.array(z.string()),
});

const shipmentOut = z.object({
  id: z.string(),
  hop: z.number().int().describe('1: from the cooperative; 2: from its buyer to the next; … at most 5'),
  from: z.object({ id: z.string(), name: z.string() }),
  to: z.object({ id: z.string(), name: z.string() }).nullable(),
  destination: z.string().nullable(),
  batch: z.object({
    id: z.string(),
    gtin: z.string(),
    lotCode: z.string(),
    version: z.number().int(),
    productName: z.string(),
  }),
  item: z.string(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  despatchAdvice: z.string().nullable(),
  eventId: z.string(),
  shippedAt: z.string(),
  received: z.boolean(),
});
export { shipmentOut };

const previewResponse = propagateResponse.omit({ buyersNotified: true }).extend({
  buyers: z.array(z.object({ id: z.string(), name: z.string(), batches: z.number().int() })),
  shipments: z.array(shipmentOut),
  origin: z.object({
    kind: z.enum(['harvest_lot', 'area', 'batch']),
    id: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  items: z.array(
    z.object({
      id: z.string(),
      gtin: z.string(),
      productName: z.string(),
      lotCode: z.string(),
      version: z.number().int(),
      productionDate: z.string(),
      cooperative: z.string(),
      recalled: z.boolean(),
    }),
  ),
});

export const recallOps = {
  propagate: op({
    method: 'post',
    path: '/recalls',
    tag: 'Recalls',
    summary: 'Recall every sealed batch made from a harvest lot, or from an area’s harvests in a date range',
    description:
      'In one transaction, every sealed batch that drew on the harvest lot (or on the area’s lots harvested within ' +
      '[from, to], both optional and inclusive) is recalled with its own signed statement naming the origin. Batches whose ' +
      'lot is already under an open recall are left as they are and counted in alreadyRecalled. printRuns, stamps (not void) ' +
      'and stampsScanned (scanned at least once) cover the batches recalled by this call. An origin with nothing ' +
      'downstream answers 201 with zeros; an unknown harvest lot or area answers 404.',
    roles: ['admin', 'staff'],
    body: propagateBody,
    response: propagateResponse,
    status: 201,
    async handler({ db, body, actor, audit, now, deps, afterCommit }) {
      failOnProblems('The recall is not valid', recallDayProblems(body, now));
      // The buyers' webhooks go out once the recall is committed; a receiver that is down waits for the retries.
      afterCommit(() => deliverRecallWebhooks(deps));
      const result = await propagateRecall(
        db as Tx,
        deps.keyring,
        body,
        { keyId: actor.keyId, name: actor.name, role: actor.role },
        now,
      );
      await audit({
        action: 'recall_propagate',
        entity: body.origin.kind,
        entityId: body.origin.id,
        after: { ...result, reason: body.reason, authority: body.authority, recalledOn: body.recalledOn },
      });
      return result;
    },
  }),
  lift: op({
    method: 'post',
    path: '/recalls/lift',
    tag: 'Recalls',
    summary: 'Lift every open recall started by a harvest lot or an area (they stay in the history)',
    description:
      'Matches recalls by origin kind and id; for an area, from/to when given narrow it to the recall issued with that ' +
      'range. Answers how many recalls were lifted (0 when none was open); an unknown harvest lot or area answers 404.',
    roles: ['admin', 'staff'],
    body: liftBody,
    response: z.object({ lifted: z.number().int(), batchIds: z.array(z.string()) }),
    status: 200,
    async handler({ db, body, audit, now }) {
      failOnProblems('The recall is not valid', recallDayProblems(body, now));
      const result = await liftByOrigin(db as Tx, body.origin, body.reason, now);
      await audit({
        action: 'recall_lift',
        entity: body.origin.kind,
        entityId: body.origin.id,
        after: { ...result, origin: body.origin, reason: body.reason },
      });
      return result;
    },
  }),
  preview: op({
    method: 'post',
    path: '/recalls/preview',
    tag: 'Recalls',
    summary: 'What a recall would reach, before confirming it (writes nothing)',
    description:
      'Takes the body of POST /recalls (reason, authority and recalledOn optional, checked when given), or an origin ' +
      '{ kind: "batch", id } for POST /batches/{id}/recall, and answers the counts that recall would report now: the same ' +
      'downstream batches, batches already under recall, print runs, stamps and scanned stamps, plus the batches listed ' +
      '(those it would recall first). Nothing is locked or written; a recall confirmed later may differ if the data changed ' +
      'in between. A batch that is a draft answers 409 BATCH_NOT_SEALED, one already under recall 409 BATCH_RECALLED.',
    roles: ['admin', 'staff'],
    body: previewBody,
    response: previewResponse,
    status: 200,
    async handler({ db, body, now }) {
      failOnProblems('The recall is not valid', recallDayProblems(body, now));
      return previewRecall(db, body.origin);
    },
  }),
};
