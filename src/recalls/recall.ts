// Recalls: a signed statement that a batch is withdrawn from sale, stored beside the batch and
// shown on every page of it. Lifting a recall keeps it in the history.
import { AppError } from '../errors';
import type { Tx } from '../db/client';
import { batchOfRecall, getBatch, insertRecall, liftRecall, type Recall } from '../db/batches-store';
import { gtinOfProduct } from '../db/products-store';
import type { Keyring } from '../db/keyring';
import { signRecord } from '../signing';
import type { Sealer } from '../domain/batch-record';
import { insertRecallNotices } from '../db/recall-notices-store';

export const RECALL_TYPE = 'ocop-trace/recall';

export interface RecallInput {
  reason: string;
  authority: string;
  recalledOn: string;
  origin?: Recall['origin'];
}

/** The signed statement of a recall: which record it withdraws, why, by whom, from what origin. */
export function recallStatement(
  batch: { id: string; gtin: string; lotCode: string; version: number; recordSha256: string | null },
  input: RecallInput & { origin: Recall['origin'] },
  by: Sealer,
  now: Date,
) {
  return {
    type: RECALL_TYPE,
    batch,
    reason: input.reason,
    authority: input.authority,
    recalledOn: input.recalledOn,
    origin: input.origin,
    recordedAt: now.toISOString(),
    recordedBy: by,
  };
}

export async function recallBatch(
  tx: Tx,
  keyring: Keyring,
  batchId: string,
  input: RecallInput,
  by: Sealer,
  now: Date,
): Promise<Recall> {
  const batch = await getBatch(tx, batchId, { forUpdate: true });
  if (!batch) throw new AppError('NOT_FOUND', 'Batch not found', { id: batchId });
  if (batch.status === 'draft')
    throw new AppError('BATCH_NOT_SEALED', 'Only sealed batches can be recalled; a draft can simply be changed');
  const open = batch.recalls.find((r) => r.liftedAt === null);
  if (open) throw new AppError('BATCH_RECALLED', 'This batch is already under recall', { recallId: open.id });
  const gtin = (await gtinOfProduct(tx, batch.productId))!;
  const origin = input.origin ?? { kind: 'batch' as const };
  const recalled = {
    id: batch.id,
    gtin,
    lotCode: batch.lotCode,
    version: batch.version,
    recordSha256: batch.recordSha256,
  };
  const statement = recallStatement(recalled, { ...input, origin }, by, now);
  const signed = await signRecord(statement, await keyring.current(tx));
  const recall = await insertRecall(tx, batch.id, {
    reason: input.reason,
    authority: input.authority,
    recalledOn: input.recalledOn,
    origin,
    statementJws: signed.jws,
    recordedBy: by,
  });
  // Every buyer holding the lot gets a notice and a queued webhook, in this transaction; the
  // webhook itself goes out after commit (src/recalls/webhooks.ts).
  await insertRecallNotices(tx, [batch.id], { ...input, at: now });
  return recall;
}

export async function liftBatchRecall(tx: Tx, batchId: string, recallId: string, reason: string, now: Date) {
  if ((await batchOfRecall(tx, recallId)) !== batchId)
    throw new AppError('NOT_FOUND', 'Recall not found', { id: recallId });
  const lifted = await liftRecall(tx, recallId, reason, now);
  if (!lifted) throw new AppError('CONFLICT', 'This recall has already been lifted');
  return lifted;
}
