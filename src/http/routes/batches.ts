// /batches: production batches built from harvest lots, their process events, sealing and the
// signed record, corrections that supersede a sealed batch, and recalls.
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../errors';
import { CSET82 } from '../../domain/identifiers';
import { EVENT_TYPES, deleteDraftBatch, deleteEvent, getBatch, insertBatch, insertEvent, listBatches, markSuperseded, replaceInputs, updateBatchDraft, type Batch, type BatchEventInput, type BatchFields } from '../../db/batches-store';
import { getArea } from '../../db/areas-store';
import { UNITS, getHarvestLots } from '../../db/harvests-store';
import { getModel } from '../../db/models-store';
import { getOrganization } from '../../db/organizations-store';
import { getProduct } from '../../db/products-store';
import type { Db, Tx } from '../../db/client';
import { sealBatch } from '../../sealing/seal';
import { verifyBatchRecord } from '../../sealing/verify';
import { liftBatchRecall, recallBatch } from '../../recalls/recall';
import { decodeJwsPayload } from '../../signing';
import { op } from '../op';
import { isoDate, optionalText, pageQuery, text, pageFilter, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const testResult = z.strictObject({
  name: text(200),
  value: z.string().trim().min(1).max(200),
  unit: optionalText(50),
  lab: optionalText(200),
  date: isoDate.nullish(),
});

const event = z
  .strictObject({
    type: z.enum(EVENT_TYPES),
    occurredAt: z.iso.datetime({ offset: true, error: 'must be a date-time such as 2025-06-12T07:30:00+07:00' }),
    placeOrganizationId: uuid.nullish(),
    placeAreaId: uuid.nullish(),
    productCode: optionalText(100),
    locationCode: optionalText(100),
    recordedBy: optionalText(200),
    details: optionalText(2000),
  })
  .refine((e) => !!e.placeOrganizationId !== !!e.placeAreaId, {
    message: 'name the place: either placeOrganizationId or placeAreaId',
    path: ['placeOrganizationId'],
  });
type EventBody = z.output<typeof event>;

const input = z.strictObject({ harvestLotId: uuid, quantity: z.number().positive('must be more than zero').max(1e9) });

const batchFields = {
  productId: uuid,
  modelId: uuid.nullish(),
  lotCode: z.string().regex(CSET82, 'a lot code (GS1 AI 10) has 1–20 characters: letters, digits and !"%&\'()*+,-./:;<=>?_'),
  productionDate: isoDate,
  packingDate: isoDate.nullish(),
  expiryDate: isoDate.nullish(),
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
    productionDate: isoDate,
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
const supersedeBody = z.strictObject({ ...batchFields, productId: uuid.optional(), reason: text(2000) });
const recallBody = z.strictObject({ reason: text(2000), authority: text(300), recalledOn: isoDate });

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'The batch is not valid', [{ path, message }]);
const today = (now: Date) => now.toISOString().slice(0, 10);

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function sealerOf(actor: Actor) {
  return { keyId: actor.keyId, name: actor.name, role: actor.role };
}

async function loadOwned(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean; write?: boolean } = {}): Promise<Batch> {
  const batch = await getBatch(db, id, opts);
  if (!batch) throw notFound('Batch', id);
  if (actor.role === 'cooperative' && batch.cooperativeId !== actor.organizationId) {
    if (opts.write) throw forbidden();
    throw notFound('Batch', id);
  }
  return batch;
}

/** Inputs: known harvest lots of the batch's cooperative, harvested no later than production. */
async function checkInputs(db: Db, cooperativeId: string, productionDate: string, inputs: { harvestLotId: string }[]) {
  const ids = inputs.map((i) => i.harvestLotId);
  if (new Set(ids).size !== ids.length) throw invalid('body.inputs', 'each harvest lot may appear once; add the quantities together');
  const lots = new Map((await getHarvestLots(db, ids)).map((l) => [l.id, l]));
  inputs.forEach((i, n) => {
    const lot = lots.get(i.harvestLotId);
    if (!lot) throw invalid(`body.inputs.${n}.harvestLotId`, 'no harvest lot has this id');
    if (lot.cooperativeId !== cooperativeId) throw invalid(`body.inputs.${n}.harvestLotId`, 'the harvest lot belongs to another cooperative');
    if (lot.harvestedOn > productionDate) throw invalid(`body.inputs.${n}.harvestLotId`, `harvested on ${lot.harvestedOn}, after the production date ${productionDate}`);
  });
}

async function toEventInput(db: Db, actor: Actor, e: EventBody, gtin: string, lotCode: string, n: number): Promise<BatchEventInput> {
  let locationCode = e.locationCode ?? null;
  if (e.placeOrganizationId) {
    const org = await getOrganization(db, e.placeOrganizationId);
    if (!org) throw invalid(`body.events.${n}.placeOrganizationId`, 'no organization has this id');
    locationCode ??= org.gln ? `(414)${org.gln}` : `org:${org.registrationCode ?? org.id}`;
  } else {
    const area = await getArea(db, e.placeAreaId!);
    if (!area) throw invalid(`body.events.${n}.placeAreaId`, 'no area has this id');
    locationCode ??= area.plantingAreaCode ?? `area:${area.code}`;
  }
  return {
    type: e.type,
    occurredAt: e.occurredAt,
    placeOrganizationId: e.placeOrganizationId ?? null,
    placeAreaId: e.placeAreaId ?? null,
    // The GS1 element string of the batch: what Circular 02/2024 calls the product tracing code.
    productCode: e.productCode ?? `(01)${gtin}(10)${lotCode}`,
    locationCode,
    recordedBy: e.recordedBy ?? actor.name,
    details: e.details ?? null,
  };
}

/** Shared by create and supersede: validate, then write the draft with inputs and events. */
async function writeDraft(
  tx: Tx,
  actor: Actor,
  body: z.output<typeof createBatch>,
  now: Date,
  extra: { version?: number; supersedesId?: string; supersedeReason?: string } = {},
  beforeInputs?: (id: string) => Promise<void>,
): Promise<string> {
  const product = await getProduct(tx, body.productId);
  if (!product) throw invalid('body.productId', 'no product has this id');
  if (actor.role === 'cooperative' && product.ownerId !== actor.organizationId) {
    throw forbidden('A cooperative key may make batches only of its own products');
  }
  if (body.productionDate > today(now)) throw invalid('body.productionDate', 'a production date cannot be in the future');
  const expiryDate = body.expiryDate ?? (product.shelfLifeDays ? addDays(body.productionDate, product.shelfLifeDays) : null);
  if (expiryDate && expiryDate < body.productionDate) throw invalid('body.expiryDate', 'expiry must not be before production');
  if (body.packingDate && body.packingDate < body.productionDate) throw invalid('body.packingDate', 'packing must not be before production');
  if (body.modelId && !(await getModel(tx, body.modelId))) throw invalid('body.modelId', 'no value-chain model has this id');
  await checkInputs(tx, product.ownerId, body.productionDate, body.inputs);
  const fields: BatchFields = {
    productId: product.id,
    cooperativeId: product.ownerId,
    modelId: body.modelId ?? null,
    lotCode: body.lotCode,
    productionDate: body.productionDate,
    packingDate: body.packingDate ?? null,
    expiryDate,
    quantity: body.quantity,
    unit: body.unit,
    standards: body.standards.length ? body.standards : product.standards,
    testResults: body.testResults.map((t) => ({ ...t, unit: t.unit ?? null, lab: t.lab ?? null, date: t.date ?? null })),
    carriesOcop: body.carriesOcop,
  };
  const [dup] = await tx`select 1 from batches where product_id = ${product.id} and lot_code = ${body.lotCode} and version = ${extra.version ?? 1}`;
  if (dup) throw new AppError('DUPLICATE', `The product already has a batch with lot code ${body.lotCode}`, { lotCode: body.lotCode });
  const id = await insertBatch(tx, { ...fields, ...extra });
  await beforeInputs?.(id);
  await replaceInputs(tx, id, body.inputs);
  for (const [n, e] of body.events.entries()) {
    await insertEvent(tx, id, await toEventInput(tx, actor, e, product.gtin, body.lotCode, n));
  }
  return id;
}

export const batchOps = [
  op({
    method: 'post',
    path: '/batches',
    tag: 'Batches',
    summary: 'Create a draft batch from harvest lots',
    description: 'Drawing more from a harvest lot than remains answers 409 HARVEST_OVERDRAWN with what remains.',
    roles: ['admin', 'cooperative'],
    body: createBatch,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      const id = await writeDraft(db as Tx, actor, body, now);
      const batch = await getBatch(db, id);
      await audit({ action: 'create', entity: 'batch', entityId: id, after: batch });
      return batch;
    },
  }),
  op({
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
      lotCode: z.string().max(20).optional(),
      order: z.enum(['oldest', 'newest']).optional(),
      ...pageQuery,
    }),
    description: '`order=newest` lists the latest batches first (the cursor then pages further back).',
    async handler({ db, query, actor }) {
      const rows = await listBatches(db, { ...pageFilter(query, actor), newestFirst: query.order === 'newest' });
      return toPage(rows, query.limit);
    },
  }),
  op({
    method: 'get',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Get a batch with its inputs, events and recalls',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      return loadOwned(db, actor, params.id!);
    },
  }),
  op({
    method: 'patch',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Change a draft batch',
    description: 'Sealed batches answer 409 BATCH_SEALED. Sending inputs replaces the whole list.',
    roles: ['admin', 'cooperative'],
    body: patchBatch,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (before.status !== 'draft') throw new AppError('BATCH_SEALED', 'This batch is sealed; record a correction instead', { id: before.id });
      const productionDate = body.productionDate ?? before.productionDate;
      if (productionDate > today(now)) throw invalid('body.productionDate', 'a production date cannot be in the future');
      if (body.modelId && !(await getModel(db, body.modelId))) throw invalid('body.modelId', 'no value-chain model has this id');
      const inputs = body.inputs ?? before.inputs;
      await checkInputs(db, before.cooperativeId, productionDate, inputs);
      const { inputs: _i, ...fields } = body;
      await updateBatchDraft(db, before.id, fields as Partial<BatchFields>, now);
      if (body.inputs) await replaceInputs(db, before.id, body.inputs);
      const after = await getBatch(db, before.id);
      if (after!.expiryDate && after!.expiryDate < after!.productionDate) throw invalid('body.expiryDate', 'expiry must not be before production');
      await audit({ action: 'update', entity: 'batch', entityId: before.id, before, after });
      return after;
    },
  }),
  op({
    method: 'delete',
    path: '/batches/:id',
    tag: 'Batches',
    summary: 'Delete a draft batch',
    description: 'What its inputs drew from harvest lots is released. Sealed batches answer 409 BATCH_SEALED (correct them with /supersede).',
    roles: ['admin', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const before = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (before.status !== 'draft') throw new AppError('BATCH_SEALED', 'This batch is sealed and cannot be deleted; record a correction instead', { id: before.id });
      await deleteDraftBatch(db, before.id);
      await audit({ action: 'delete', entity: 'batch', entityId: before.id, before });
      return { id: before.id, deleted: true };
    },
  }),
  op({
    method: 'delete',
    path: '/batches/:id/events/:eventId',
    tag: 'Batches',
    summary: 'Remove a process event from a draft batch',
    roles: ['admin', 'cooperative'],
    async handler({ db, params, actor, audit }) {
      const batch = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (batch.status !== 'draft') throw new AppError('BATCH_SEALED', 'This batch is sealed; its events cannot change', { id: batch.id });
      const event = batch.events.find((e) => e.id === params.eventId);
      if (!event || !(await deleteEvent(db, batch.id, event.id))) throw notFound('Event', params.eventId);
      await audit({ action: 'remove_event', entity: 'batch', entityId: batch.id, before: event });
      return getBatch(db, batch.id);
    },
  }),
  op({
    method: 'post',
    path: '/batches/:id/events',
    tag: 'Batches',
    summary: 'Add a process event to a draft batch',
    roles: ['admin', 'cooperative'],
    body: event,
    async handler({ db, params, body, actor, audit }) {
      const batch = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (batch.status !== 'draft') throw new AppError('BATCH_SEALED', 'This batch is sealed; its events cannot change', { id: batch.id });
      const product = await getProduct(db, batch.productId);
      const id = await insertEvent(db, batch.id, await toEventInput(db, actor, body, product!.gtin, batch.lotCode, 0));
      const after = await getBatch(db, batch.id);
      await audit({ action: 'add_event', entity: 'batch', entityId: batch.id, after: after!.events.find((e) => e.id === id) });
      return after;
    },
  }),
  op({
    method: 'post',
    path: '/batches/:id/seal',
    tag: 'Batches',
    summary: 'Seal a batch and sign its record',
    roles: ['admin', 'cooperative'],
    status: 200,
    async handler({ db, params, actor, audit, now, deps }) {
      await loadOwned(db, actor, params.id!, { write: true });
      const sealed = await sealBatch(db as Tx, deps.keyring, params.id!, sealerOf(actor), now);
      const batch = await getBatch(db, params.id!);
      await audit({ action: 'seal', entity: 'batch', entityId: params.id!, after: { status: 'sealed', recordSha256: sealed.sha256, kid: sealed.kid } });
      return { batch, record: { jws: sealed.jws, sha256: sealed.sha256, kid: sealed.kid, payload: sealed.record } };
    },
  }),
  op({
    method: 'post',
    path: '/batches/:id/supersede',
    tag: 'Batches',
    summary: 'Correct a sealed batch: a new sealed version that names the one it replaces and why',
    description: 'The old version stays verifiable and is shown as superseded; its draws on harvest lots pass to the correction.',
    roles: ['admin', 'cooperative'],
    body: supersedeBody,
    idempotent: true,
    async handler({ db, params, body, actor, audit, now, deps }) {
      const old = await loadOwned(db, actor, params.id!, { forUpdate: true, write: true });
      if (old.status === 'draft') throw new AppError('BATCH_NOT_SEALED', 'A draft is changed directly, not superseded');
      if (old.status === 'superseded') {
        throw new AppError('BATCH_SUPERSEDED', 'This version has already been corrected; correct the newest version', { supersededById: old.supersededById });
      }
      if (body.productId && body.productId !== old.productId) throw invalid('body.productId', 'a correction keeps the product of the batch it corrects');
      const { reason, ...rest } = body;
      const tx = db as Tx;
      // The correction may draw on the same harvest lots: the old version is marked superseded
      // (which releases its draws, see batch_guard) after the new row exists and before the
      // correction's inputs draw again.
      const newId = await writeDraft(tx, actor, { ...rest, productId: old.productId }, now, {
        version: old.version + 1,
        supersedesId: old.id,
        supersedeReason: reason,
      }, (id) => markSuperseded(tx, old.id, id, now));
      const sealed = await sealBatch(tx, deps.keyring, newId, sealerOf(actor), now);
      const batch = await getBatch(tx, newId);
      await audit({ action: 'supersede', entity: 'batch', entityId: old.id, before: { status: 'sealed' }, after: { status: 'superseded', supersededById: newId, reason } });
      await audit({ action: 'create', entity: 'batch', entityId: newId, after: batch });
      return { batch, record: { jws: sealed.jws, sha256: sealed.sha256, kid: sealed.kid, payload: sealed.record } };
    },
  }),
  op({
    method: 'get',
    path: '/batches/:id/record',
    tag: 'Batches',
    summary: 'The signed record of a sealed batch, decoded, with its verification against the live database',
    public: true,
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, deps, c }) {
      const batch = await getBatch(db, params.id!);
      if (!batch || batch.status === 'draft') throw notFound('Sealed batch', params.id);
      const [row] = await db<{ jws: string }[]>`select record_jws as jws from batches where id = ${batch.id}`;
      const verification = await verifyBatchRecord(db, deps.keyring, batch.id);
      const payload = decodeJwsPayload(row!.jws);
      c.header('Cache-Control', 'no-store');
      return {
        batchId: batch.id,
        status: batch.status,
        supersededById: batch.supersededById,
        recalled: batch.recalled,
        recalls: batch.recalls.map(({ statementJws, ...r }) => ({ ...r, statementJws })),
        jws: row!.jws,
        sha256: batch.recordSha256,
        kid: batch.recordKid,
        payload,
        verification,
        jwksUrl: `${deps.config.PUBLIC_BASE_URL}/.well-known/jwks.json`,
      };
    },
  }),
  op({
    method: 'post',
    path: '/batches/:id/recall',
    tag: 'Batches',
    summary: 'Recall a sealed batch (a signed statement shown on every page of the batch)',
    roles: ['admin', 'staff', 'cooperative'],
    body: recallBody,
    async handler({ db, params, body, actor, audit, now, deps }) {
      await loadOwned(db, actor, params.id!, { write: true });
      const recall = await recallBatch(db as Tx, deps.keyring, params.id!, body, sealerOf(actor), now);
      await audit({ action: 'recall', entity: 'batch', entityId: params.id!, after: recall });
      return recall;
    },
  }),
  op({
    method: 'post',
    path: '/batches/:id/recalls/:recallId/lift',
    tag: 'Batches',
    summary: 'Lift a recall (it stays in the history)',
    roles: ['admin', 'staff'],
    status: 200,
    body: z.strictObject({ reason: text(2000) }),
    async handler({ db, params, body, audit, now }) {
      const lifted = await liftBatchRecall(db as Tx, params.id!, params.recallId!, body.reason, now);
      await audit({ action: 'lift_recall', entity: 'batch', entityId: params.id!, after: lifted });
      return lifted;
    },
  }),
];
