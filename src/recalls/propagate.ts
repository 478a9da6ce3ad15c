// Recalls that start upstream: a harvest lot, or an area over a date range of harvests. Every
// sealed batch that drew on it is recalled in the caller's transaction, each with its own signed
// statement naming the origin; lifting by origin lifts them together and keeps the history.
// Lookups and counts are set-based; only the signing runs per batch.
import { AppError } from '../errors';
import type { Db, Tx } from '../db/client';
import type { Recall } from '../db/batches-store';
import type { Keyring } from '../db/keyring';
import { areaExists } from '../db/areas-store';
import { harvestLotExists } from '../db/harvests-store';
import {
  batchRecallState,
  downstreamCounts,
  insertOriginRecalls,
  liftRecallsByOrigin,
  recallPreviewBatches,
  sealedBatchesDrawingOn,
  type RecallOrigin,
  type RecallPreviewBatch,
} from '../db/recalls-store';
import { recallStatement } from './recall';
import { signRecord } from '../signing';
import type { Sealer } from '../domain/batch-record';
import { insertRecallNotices } from '../db/recall-notices-store';
import { shipmentsOfBatches, type ShipmentView } from '../db/buyers-store';

export type { RecallOrigin } from '../db/recalls-store';

export interface PropagateInput {
  origin: RecallOrigin;
  reason: string;
  authority: string;
  recalledOn: string;
}

export interface PropagateResult {
  origin: RecallOrigin;
  /** batches recalled by this call */
  batches: number;
  /** downstream batches whose lot was already under an open recall: left as they were */
  alreadyRecalled: number;
  /** print runs of the recalled batches (any version of their lots) */
  printRuns: number;
  /** stamps of those runs that are not void */
  stamps: number;
  /** of those, stamps scanned at least once since production */
  stampsScanned: number;
  /** buyers holding goods of the recalled batches, each sent a recall notice (and its webhook, after commit) */
  buyersNotified: number;
  batchIds: string[];
}

/** The origin as stored in batch_recalls.origin and signed into each statement. */
function storedOrigin(origin: RecallOrigin): Recall['origin'] {
  if (origin.kind === 'harvest_lot') return { kind: 'harvest_lot', id: origin.id };
  const o: Record<string, string> = { kind: 'area', id: origin.id };
  if (origin.from) o.from = origin.from;
  if (origin.to) o.to = origin.to;
  return o as Recall['origin'];
}

async function assertOriginExists(db: Db, origin: RecallOrigin) {
  const exists =
    origin.kind === 'harvest_lot' ? await harvestLotExists(db, origin.id) : await areaExists(db, origin.id);
  if (!exists) {
    throw new AppError('NOT_FOUND', origin.kind === 'harvest_lot' ? 'Harvest lot not found' : 'Area not found', {
      id: origin.id,
    });
  }
}

export async function propagateRecall(
  tx: Tx,
  keyring: Keyring,
  input: PropagateInput,
  by: Sealer,
  now: Date,
): Promise<PropagateResult> {
  await assertOriginExists(tx, input.origin);
  const candidates = await sealedBatchesDrawingOn(tx, input.origin, { lock: true });
  const origin = storedOrigin(input.origin);
  // One key, statements signed in memory, one insert: a recall of a thousand batches is a
  // handful of statements rather than a thousand round trips.
  const fresh = candidates.filter((c) => !c.recalled);
  const batchIds = fresh.map((c) => c.id);
  if (fresh.length) {
    const key = await keyring.current(tx);
    const recallInput = { reason: input.reason, authority: input.authority, recalledOn: input.recalledOn, origin };
    const recalls: { batchId: string; statementJws: string }[] = [];
    for (const c of fresh) {
      const { id, gtin, lotCode, version, recordSha256 } = c;
      const statement = recallStatement({ id, gtin, lotCode, version, recordSha256 }, recallInput, by, now);
      const signed = await signRecord(statement, key);
      recalls.push({ batchId: id, statementJws: signed.jws });
    }
    await insertOriginRecalls(tx, recalls, { ...recallInput, recordedBy: by, at: now });
  }
  const buyersNotified = await insertRecallNotices(tx, batchIds, { ...input, at: now });
  return {
    origin: input.origin,
    batches: batchIds.length,
    alreadyRecalled: candidates.length - batchIds.length,
    ...(await downstreamCounts(tx, batchIds)),
    buyersNotified,
    batchIds,
  };
}

/** A batch a recall would reach (or has already reached), as the preview lists it. */
export interface PreviewBatch extends RecallPreviewBatch {
  /** its lot is already under an open recall: a recall from the origin leaves it as it is */
  recalled: boolean;
}

export type PreviewOrigin = RecallOrigin | { kind: 'batch'; id: string };

export interface RecallPreview extends Omit<PropagateResult, 'origin' | 'buyersNotified'> {
  origin: PreviewOrigin;
  /** buyers holding goods of the batches it would recall (each would get a notice) */
  buyers: { id: string; name: string; batches: number }[];
  /** the goods' way past the cooperative: every shipment of those batches, hop by hop (at most 5) */
  shipments: ShipmentView[];
  /** the batches recalled by a recall now (batchIds), then those already under recall, by production date */
  items: PreviewBatch[];
}

/**
 * What a recall from this origin would do, read only: the same candidate selection and counts
 * as propagateRecall (for an area or a harvest lot) without taking a lock or writing anything.
 * For one batch it applies recallBatch's rules: a draft cannot be recalled, nor a batch already
 * under an open recall (the same errors), and the counts cover its lot's print runs.
 */
export async function previewRecall(db: Db, origin: PreviewOrigin): Promise<RecallPreview> {
  let candidates: { id: string; recalled: boolean }[];
  if (origin.kind === 'batch') {
    const b = await batchRecallState(db, origin.id);
    if (!b) throw new AppError('NOT_FOUND', 'Batch not found', { id: origin.id });
    if (b.status === 'draft')
      throw new AppError('BATCH_NOT_SEALED', 'Only sealed batches can be recalled; a draft can simply be changed');
    if (b.recalled) throw new AppError('BATCH_RECALLED', 'This batch is already under recall');
    candidates = [{ id: b.id, recalled: false }];
  } else {
    await assertOriginExists(db, origin);
    candidates = await sealedBatchesDrawingOn(db, origin, { lock: false });
  }
  const batchIds = candidates.filter((c) => !c.recalled).map((c) => c.id);
  const items = await recallPreviewBatches(
    db,
    candidates.map((c) => c.id),
  );
  const fresh = new Set(batchIds);
  const listed = items.map((i) => ({ ...i, recalled: !fresh.has(i.id) }));
  const shipments = await shipmentsOfBatches(db, batchIds);
  const buyers = new Map<string, { id: string; name: string; batches: Set<string> }>();
  for (const s of shipments) {
    if (!s.to) continue;
    const b = buyers.get(s.to.id) ?? { ...s.to, batches: new Set<string>() };
    b.batches.add(s.batch.id);
    buyers.set(s.to.id, b);
  }
  return {
    origin,
    batches: batchIds.length,
    alreadyRecalled: candidates.length - batchIds.length,
    ...(await downstreamCounts(db, batchIds)),
    buyers: [...buyers.values()].map((b) => ({ id: b.id, name: b.name, batches: b.batches.size })),
    shipments: shipments.map(({ seq: _s, ...s }) => s) as ShipmentView[],
    batchIds,
    items: [...listed.filter((i) => !i.recalled), ...listed.filter((i) => i.recalled)],
  };
}

/**
 * Lifts every open recall started by this origin (kind and id; for an area, from/to narrow it
 * to the recall issued with that range). The recalls stay in the history.
 */
export async function liftByOrigin(
  tx: Tx,
  origin: RecallOrigin,
  reason: string,
  now: Date,
): Promise<{ lifted: number; batchIds: string[] }> {
  await assertOriginExists(tx, origin);
  const batchIds = await liftRecallsByOrigin(tx, origin, reason, now);
  return { lifted: batchIds.length, batchIds };
}
