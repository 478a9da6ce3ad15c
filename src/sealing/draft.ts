// Writing a draft batch: the product's owner makes it from its own harvest lots, with its process
// steps, in the caller's transaction. The rules are the domain's (src/domain/batch-rules.ts); the
// database guards what concurrency could break (no harvest lot over-drawn, no sealed batch edited).
import {
  defaultExpiry,
  draftDateProblems,
  recordDayProblems,
  inputProblems,
  locationTracingCode,
  productTracingCode,
} from '../domain/batch-rules';
import { vietnamToday } from '../domain/calendar';
import type { Actor } from '../domain/roles';
import { AppError, failOnProblems, forbidden } from '../errors';
import { getArea } from '../db/areas-store';
import {
  batchVersionExists,
  insertBatch,
  insertEvent,
  replaceInputs,
  type BatchEventInput,
  type BatchFields,
  type EventType,
} from '../db/batches-store';
import type { Db, Tx } from '../db/client';
import { getHarvestLots, type Unit } from '../db/harvests-store';
import { getModel, isModelMember } from '../db/models-store';
import { getOrganization } from '../db/organizations-store';
import { getProduct } from '../db/products-store';
import type { TestResult } from '../domain/batch-record';

const INVALID = 'The batch is not valid';

export interface ProcessStep {
  type: EventType;
  occurredAt: string;
  placeOrganizationId?: string | null;
  placeAreaId?: string | null;
  productCode?: string | null;
  locationCode?: string | null;
  recordedBy?: string | null;
  details?: string | null;
}

export interface DraftInput {
  productId: string;
  modelId?: string | null;
  lotCode: string;
  productionDate: string;
  packingDate?: string | null;
  expiryDate?: string | null;
  quantity: number;
  unit: Unit;
  standards: string[];
  testResults: TestResult[];
  carriesOcop: boolean;
  inputs: { harvestLotId: string; quantity: number }[];
  events: ProcessStep[];
}

/** The harvest lots drawn on must be the cooperative's own and harvested by the production date. */
export async function checkDraftInputs(
  db: Db,
  cooperativeId: string,
  productionDate: string,
  inputs: { harvestLotId: string }[],
) {
  const lots = new Map(
    (
      await getHarvestLots(
        db,
        inputs.map((i) => i.harvestLotId),
      )
    ).map((l) => [l.id, l]),
  );
  failOnProblems(INVALID, inputProblems(inputs, lots, cooperativeId, productionDate));
}

/** A batch goes into a value-chain model only when its cooperative is a member (the model's public page shows it). */
export async function checkDraftModel(db: Db, modelId: string | null | undefined, cooperativeId: string) {
  if (!modelId) return;
  if (!(await getModel(db, modelId)))
    failOnProblems(INVALID, [{ path: 'body.modelId', message: 'no value-chain model has this id' }]);
  if (!(await isModelMember(db, modelId, cooperativeId))) {
    throw new AppError(
      'FORBIDDEN',
      'The batch’s cooperative is not a member of the value-chain model; only its members put batches in it',
      { modelId, cooperativeId },
    );
  }
}

/** A process step as stored, its tracing codes filled in from the place when not given. */
export async function processStep(
  db: Db,
  actor: Actor,
  e: ProcessStep,
  gtin: string,
  lotCode: string,
  n: number,
): Promise<BatchEventInput> {
  let locationCode = e.locationCode ?? null;
  if (e.placeOrganizationId) {
    const org = await getOrganization(db, e.placeOrganizationId);
    if (!org)
      failOnProblems(INVALID, [
        { path: `body.events.${n}.placeOrganizationId`, message: 'no organization has this id' },
      ]);
    locationCode ??= locationTracingCode({ ...org!, kind: 'organization' });
  } else {
    const area = await getArea(db, e.placeAreaId!);
    if (!area) failOnProblems(INVALID, [{ path: `body.events.${n}.placeAreaId`, message: 'no area has this id' }]);
    locationCode ??= locationTracingCode({ ...area!, kind: 'area' });
  }
  return {
    type: e.type,
    occurredAt: e.occurredAt,
    placeOrganizationId: e.placeOrganizationId ?? null,
    placeAreaId: e.placeAreaId ?? null,
    productCode: e.productCode ?? productTracingCode(gtin, lotCode),
    locationCode,
    recordedBy: e.recordedBy ?? actor.name,
    details: e.details ?? null,
  };
}

/**
 * Validates and writes a draft with its inputs and process steps; returns its id. A correction
 * passes its version and the batch it supersedes, and `beforeInputs` to release the old
 * version's draws once the new row exists.
 */
export async function writeDraftBatch(
  tx: Tx,
  actor: Actor,
  d: DraftInput,
  now: Date,
  extra: { version?: number; supersedesId?: string; supersedeReason?: string } = {},
  beforeInputs?: (id: string) => Promise<void>,
): Promise<string> {
  const product = await getProduct(tx, d.productId);
  if (!product) failOnProblems(INVALID, [{ path: 'body.productId', message: 'no product has this id' }]);
  if (actor.role === 'cooperative' && product!.ownerId !== actor.organizationId) {
    throw forbidden('A cooperative key may make batches only of its own products');
  }
  const expiryDate = d.expiryDate ?? defaultExpiry(d.productionDate, product!.shelfLifeDays);
  const today = vietnamToday(now);
  failOnProblems(INVALID, [
    ...draftDateProblems({ productionDate: d.productionDate, packingDate: d.packingDate ?? null, expiryDate }, today),
    ...recordDayProblems(d, today),
  ]);
  await checkDraftModel(tx, d.modelId, product!.ownerId);
  await checkDraftInputs(tx, product!.ownerId, d.productionDate, d.inputs);
  const fields: BatchFields = {
    productId: product!.id,
    cooperativeId: product!.ownerId,
    modelId: d.modelId ?? null,
    lotCode: d.lotCode,
    productionDate: d.productionDate,
    packingDate: d.packingDate ?? null,
    expiryDate,
    quantity: d.quantity,
    unit: d.unit,
    standards: d.standards.length ? d.standards : product!.standards,
    testResults: d.testResults.map((t) => ({ ...t, unit: t.unit ?? null, lab: t.lab ?? null, date: t.date ?? null })),
    carriesOcop: d.carriesOcop,
  };
  if (await batchVersionExists(tx, product!.id, d.lotCode, extra.version ?? 1)) {
    throw new AppError('DUPLICATE', `The product already has a batch with lot code ${d.lotCode}`, {
      lotCode: d.lotCode,
    });
  }
  const id = await insertBatch(tx, { ...fields, ...extra });
  await beforeInputs?.(id);
  await replaceInputs(tx, id, d.inputs);
  for (const [n, e] of d.events.entries())
    await insertEvent(tx, id, await processStep(tx, actor, e, product!.gtin, d.lotCode, n));
  return id;
}
