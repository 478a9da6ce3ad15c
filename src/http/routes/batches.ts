// /batches: production batches built from harvest lots, their process events, sealing and the
// signed record, corrections that supersede a sealed batch, and recalls.
import { deliverRecallWebhooks } from '../../recalls/webhooks';
import { z } from 'zod';
import { AppError, failOnProblems, forbidden, notFound } from '../../errors';
import { credentialUrls, didDocumentPath } from '../../domain/untp-common';
import { draftDateProblems, recordDayProblems } from '../../domain/batch-rules';
import { vietnamToday } from '../../domain/calendar';
import { dayProblems } from '../../domain/date-windows';
import { CSET82 } from '../../domain/identifiers';
import {
  EVENT_TYPES,
  deleteDraftBatch,
  deleteEvent,
  getBatch,
  getStoredRecord,
  insertEvent,
  listBatches,
  markSuperseded,
  replaceInputs,
  updateBatchDraft,
  type Batch,
  type BatchFields,
} from '../../db/batches-store';
import { UNITS } from '../../db/harvests-store';
import { getProduct } from '../../db/products-store';
import type { Db, Tx } from '../../db/client';
import { checkDraftInputs, checkDraftModel, processStep, writeDraftBatch } from '../../sealing/draft';
import { sealBatch } from '../../sealing/seal';
import { runChecksAfterSeal } from '../../checks/record';
import { checkSettings } from '../../checks/run';
import { verifyBatchRecord } from '../../sealing/verify';
import { liftBatchRecall, recallBatch } from '../../recalls/recall';
import { decodeJwsPayload } from '../../signing';
import { op } from '../op';
import { day, filterText, instant, optionalText, pageQuery, text, pageFilter, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const testResult = z.strictObject({
  name: text(200),
  value: text(200),
  unit: optionalText(50),
  lab: optionalText(200),
  date: day('past').nullish(),
});

const event = z
  .strictObject({
    type: z.enum(EVENT_TYPES),
    occurredAt: instant('past'),
    placeOrganizationId: uuid.nullish(),
    placeAreaId: uuid.nullish(),
    productCode: optionalText(100),
    locationCode: optionalText(100),
    recordedBy: optionalText(200),
    details: optionalText(2000, { multiline: true }),
  })
  .refine((e) => !!e.placeOrganizationId !== !!e.placeAreaId, {
    message: 'name the place: either placeOrganizationId or placeAreaId',
    path: ['placeOrganizationId'],
  });

const input = z.strictObject({ harvestLotId: uuid, quantity: z.number().positive('must be more than zero').max(1e9) });

const batchFields = {
  productId: uuid,
  modelId: uuid.nullish(),
  lotCode: z
    .string()
    .regex(CSET82, 'a lot code (GS1 AI 10) has 1–20 characters: letters, digits and !"%&\'()*+,-./:;<=>?_'),
  productionDate: day('past'),
  packingDate: day('past').nullish(),
  expiryDate: day('end').nullish(),
  quantity: z.number().positive('must be more than zero').max(1e9),
  unit: z.enum(UNITS),
  standards: z.array(text(100)).max(30).default([]),
  testResults: z.array(testResult).max(100).default([]),
  carriesOcop: z.boolean().default(true),
  inputs: z.array(input).max(200).default([]),
  events: z.array(event).max(200).default([]),
};
const createBatch = z.strictObject(batchFields);
const patchBatch = z
  .strictObject({
    modelId: batchFields.modelId,
    lotCode: batchFields.lotCode,
    productionDate: batchFields.productionDate,
    packingDate: batchFields.packingDate,
    expiryDate: batchFields.expiryDate,
    quantity: batchFields.quantity,
    unit: batchFields.unit,
    standards: batchFields.standards.removeDefault(),
    testResults: batchFields.testResults.removeDefault(),
    carriesOcop: z.boolean(),
    inputs: batchFields.inputs.removeDefault(),
  })
  .partial();
const reason = text(2000, { multiline: true });
const supersedeBody = z.strictObject({ ...batchFields, productId: uuid.optional(), reason });
const recallBody = z.strictObject({ reason, authority: text(300), recalledOn: day('past') });

function sealerOf(actor: Actor) {
  return { keyId: actor.keyId, name: actor.name, role: actor.role };
}

async function loadOwned(
  db: Db,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean; write?: boolean } = {},
): Promise<Batch> {
  const batch = await getBatch(db, id, opts);
  if (!batch) throw notFound('Batch', id);
  if (actor.role === 'cooperative' && batch.cooperativeId !== actor.organizationId) {
    if (opts.write) throw forbidden();
    throw notFound('Batch', id);
  }
  return batch;
}

export const batchOps = {
  create: op({
    method: 'post',
    path: '/batches',
    tag: 'Batches',
    summary: 'Create a draft batch from harvest lots',
    description: 'Drawing more from a harvest lot than remains answers 409 HARVEST_OVERDRAWN with what remains.',
    roles: ['admin', 'cooperative'],
    body: createBatch,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      const id = await writeDraftBatch(db as Tx, actor, body, now);
      const batch = await getBatch(db, id);
      await audit({ action: 'create', entity: 'batch', entityId: id, after: batch });
      return batch;
    },
  }),
  list: op({
    method: 'get',
    path: '/batches',
    tag: 'Batches',
    summary: 'List batches',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      productId: uuid.optional(),
      cooperativeId: uuid.optional(),
      harvestLotId: uuid.optional(),
      status: z.enum(['draft', 'sealed', 'superseded']).optional(),
      lotCode: filterText(20).optional(),
      order: z.enum(['oldest', 'newest']).optional(),
      ...pageQuery,
    }),
    description: '`order=newest` lists the latest batches first (the cursor then pages further back).',
    async handler({ db, query, actor }) {
      const rows = await listBatches(db, { ...pageFilter(query, actor), newestFirst: query.order === 'newest' });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Get a batch with its inputs, events and recalls',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      return loadOwned(db, actor, params.id!);
    },
  }),
  update: op({
    method: 'patch',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Change a draft batch',
    description: 'Sealed batches answer 409 BATCH_SEALED. Sending inputs replaces the whole list.',
    roles: ['admin', 'cooperative'],
    body: patchBatch,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (before.status !== 'draft')
        throw new AppError('BATCH_SEALED', 'This batch is sealed; record a correction instead', { id: before.id });
      const productionDate = body.productionDate ?? before.productionDate;
      const dates = {
        productionDate,
        packingDate: body.packingDate === undefined ? before.packingDate : body.packingDate,
        expiryDate: body.expiryDate === undefined ? before.expiryDate : body.expiryDate,
      };
      const today = vietnamToday(now);
      failOnProblems('The batch is not valid', [
        ...draftDateProblems(dates, today),
        ...recordDayProblems({ expiryDate: body.expiryDate, testResults: body.testResults }, today),
      ]);
      await checkDraftModel(db, body.modelId, before.cooperativeId);
      await checkDraftInputs(db, before.cooperativeId, productionDate, body.inputs ?? before.inputs);
      const { inputs: _i, ...fields } = body;
      await updateBatchDraft(db, before.id, fields as Partial<BatchFields>, now);
      if (body.inputs) await replaceInputs(db, before.id, body.inputs);
      const after = await getBatch(db, before.id);
      await audit({ action: 'update', entity: 'batch', entityId: before.id, before, after });
      return after;
    },
  }),
  remove: op({
    method: 'delete',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Delete a draft batch',
    description:
      'What its inputs drew from harvest lots is released. Sealed batches answer 409 BATCH_SEALED (correct them with /supersede).',
    roles: ['admin', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const before = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (before.status !== 'draft')
        throw new AppError('BATCH_SEALED', 'This batch is sealed and cannot be deleted; record a correction instead', {
          id: before.id,
        });
      await deleteDraftBatch(db, before.id);
      await audit({ action: 'delete', entity: 'batch', entityId: before.id, before });
      return { id: before.id, deleted: true };
    },
  }),
  removeEvent: op({
    method: 'delete',
    path: '/batches/:id/events/:eventId',
    tag: 'Batches',
    summary: 'Remove a process event from a draft batch',
    roles: ['admin', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const batch = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (batch.status !== 'draft')
        throw new AppError('BATCH_SEALED', 'This batch is sealed; its events cannot change', { id: batch.id });
      const event = batch.events.find((e) => e.id === params.eventId);
      if (!event || !(await deleteEvent(db, batch.id, event.id))) throw notFound('Event', params.eventId);
      await audit({ action: 'remove_event', entity: 'batch', entityId: batch.id, before: event });
      return getBatch(db, batch.id);
    },
  }),
  addEvent: op({
    method: 'post',
    path: '/batches/:id/events',
    tag: 'Batches',
    summary: 'Add a process event to a draft batch',
    roles: ['admin', 'cooperative'],
    body: event,
    async handler({ db, params, body, actor, audit, now }) {
      const batch = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (batch.status !== 'draft')
        throw new AppError('BATCH_SEALED', 'This batch is sealed; its events cannot change', { id: batch.id });
      failOnProblems(
        'The event is not valid',
        dayProblems([{ path: 'body.occurredAt', value: body.occurredAt, kind: 'past' }], vietnamToday(now)),
      );
      const product = await getProduct(db, batch.productId);
      const id = await insertEvent(db, batch.id, await processStep(db, actor, body, product!.gtin, batch.lotCode, 0));
      const after = await getBatch(db, batch.id);
      await audit({
        action: 'add_event',
        entity: 'batch',
        entityId: batch.id,
        after: after!.events.find((e) => e.id === id),
      });
      return after;
    },
  }),
  seal: op({
    method: 'post',
    path: '/batches/:id/seal',
    tag: 'Batches',
    summary: 'Seal a batch and sign its record',
    roles: ['admin', 'cooperative'],
    status: 200,
    async handler({ db, params, actor, audit, now, deps, afterCommit }) {
      await loadOwned(db, actor, params.id!, { write: true });
      const sealed = await sealBatch(db as Tx, deps.keyring, params.id!, sealerOf(actor), now);
      // The link checks of this batch, once the seal is saved; a failure there is logged, never the seal's.
      if (deps.config.CHECKS_AFTER_SEAL) {
        afterCommit(() => runChecksAfterSeal(deps.sql, checkSettings(deps.config), params.id!, deps.clock));
      }
      const batch = await getBatch(db, params.id!);
      await audit({
        action: 'seal',
        entity: 'batch',
        entityId: params.id!,
        after: { status: 'sealed', recordSha256: sealed.sha256, kid: sealed.kid },
      });
      return { batch, record: { jws: sealed.jws, sha256: sealed.sha256, kid: sealed.kid, payload: sealed.record } };
    },
  }),
  supersede: op({
    method: 'post',
    path: '/batches/:id/supersede',
    tag: 'Batches',
    summary: 'Correct a sealed batch: a new sealed version that names the one it replaces and why',
    description:
      'The old version stays verifiable and is shown as superseded; its draws on harvest lots pass to the correction.',
    roles: ['admin', 'cooperative'],
    body: supersedeBody,
    idempotent: true,
    async handler({ db, params, body, actor, audit, now, deps, afterCommit }) {
      const old = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (old.status === 'draft') throw new AppError('BATCH_NOT_SEALED', 'A draft is changed directly, not superseded');
      if (old.status === 'superseded') {
        throw new AppError('BATCH_SUPERSEDED', 'This version has already been corrected; correct the newest version', {
          supersededById: old.supersededById,
        });
      }
      if (body.productId && body.productId !== old.productId) {
        failOnProblems('The batch is not valid', [
          { path: 'body.productId', message: 'a correction keeps the product of the batch it corrects' },
        ]);
      }
      const { reason, ...rest } = body;
      const tx = db as Tx;
      // The correction may draw on the same harvest lots: the old version is marked superseded
      // (which releases its draws, see batch_guard) after the new row exists and before the
      // correction's inputs draw again.
      const newId = await writeDraftBatch(
        tx,
        actor,
        { ...rest, productId: old.productId },
        now,
        {
          version: old.version + 1,
          supersedesId: old.id,
          supersedeReason: reason,
        },
        (id) => markSuperseded(tx, old.id, id, now),
      );
      const sealed = await sealBatch(tx, deps.keyring, newId, sealerOf(actor), now);
      if (deps.config.CHECKS_AFTER_SEAL) {
        afterCommit(() => runChecksAfterSeal(deps.sql, checkSettings(deps.config), newId, deps.clock));
      }
      const batch = await getBatch(tx, newId);
      await audit({
        action: 'supersede',
        entity: 'batch',
        entityId: old.id,
        before: { status: 'sealed' },
        after: { status: 'superseded', supersededById: newId, reason },
      });
      await audit({ action: 'create', entity: 'batch', entityId: newId, after: batch });
      return { batch, record: { jws: sealed.jws, sha256: sealed.sha256, kid: sealed.kid, payload: sealed.record } };
    },
  }),
  record: op({
    method: 'get',
    path: '/batches/:id/record',
    tag: 'Batches',
    summary: 'The signed record of a sealed batch, decoded, with its verification against the live database',
    description:
      'Also names the batch’s UNTP passport: its Digital Product Passport and Digital Traceability Event (application/vc+jwt, or JSON-LD with Accept: application/ld+json) and the issuer’s did:web document.',
    public: true,
    roles: ['admin', 'staff', 'cooperative', 'buyer'],
    async handler({ db, params, deps, c }) {
      const batch = await getBatch(db, params.id!);
      if (!batch || batch.status === 'draft') throw notFound('Sealed batch', params.id);
      const jws = (await getStoredRecord(db, batch.id))!.jws!;
      const verification = await verifyBatchRecord(db, deps.keyring, batch.id);
      const payload = decodeJwsPayload(jws);
      c.header('Cache-Control', 'no-store');
      return {
        batchId: batch.id,
        status: batch.status,
        supersededById: batch.supersededById,
        recalled: batch.recalled,
        recalls: batch.recalls.map(({ statementJws, ...r }) => ({ ...r, statementJws })),
        jws,
        sha256: batch.recordSha256,
        kid: batch.recordKid,
        payload,
        verification,
        jwksUrl: `${deps.config.PUBLIC_BASE_URL}/.well-known/jwks.json`,
        passport: {
          dppUrl: credentialUrls(deps.config.PUBLIC_BASE_URL).dpp(batch.id),
          dteUrl: credentialUrls(deps.config.PUBLIC_BASE_URL).dte(batch.id),
          didDocumentUrl: `${deps.config.PUBLIC_BASE_URL}${didDocumentPath(deps.config.PUBLIC_BASE_URL)}`,
        },
      };
    },
  }),
  recall: op({
    method: 'post',
    path: '/batches/:id/recall',
    tag: 'Batches',
    summary: 'Recall a sealed batch (a signed statement shown on every page of the batch)',
    roles: ['admin', 'staff', 'cooperative'],
    body: recallBody,
    async handler({ db, params, body, actor, audit, now, deps, afterCommit }) {
      await loadOwned(db, actor, params.id!, { write: true });
      failOnProblems(
        'The recall is not valid',
        dayProblems([{ path: 'body.recalledOn', value: body.recalledOn, kind: 'past' }], vietnamToday(now)),
      );
      const recall = await recallBatch(db as Tx, deps.keyring, params.id!, body, sealerOf(actor), now);
      await audit({ action: 'recall', entity: 'batch', entityId: params.id!, after: recall });
      // The buyers' webhooks go out once the recall is committed; a receiver that is down waits for the retries.
      afterCommit(() => deliverRecallWebhooks(deps));
      return recall;
    },
  }),
  liftRecall: op({
    method: 'post',
    path: '/batches/:id/recalls/:recallId/lift',
    tag: 'Batches',
    summary: 'Lift a recall (it stays in the history)',
    roles: ['admin', 'staff'],
    status: 200,
    body: z.strictObject({ reason }),
    async handler({ db, params, body, audit, now }) {
      const lifted = await liftBatchRecall(db as Tx, params.id!, params.recallId!, body.reason, now);
      await audit({ action: 'lift_recall', entity: 'batch', entityId: params.id!, after: lifted });
      return lifted;
    },
  }),
};
