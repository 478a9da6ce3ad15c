// Sealing a batch: freeze it and sign its record with the current key, and issue its UNTP
// passport (DPP and DTE, fixed now and signed when asked for), in the caller's transaction, so
// that the row, the signature, the passport and the audit entry commit together.
import { AppError } from '../errors';
import { NO_VALID_OCOP_RATING, type Sealer } from '../domain/batch-record';
import type { Tx } from '../db/client';
import { buildRecord, getBatch, markSealed } from '../db/batches-store';
import type { Keyring } from '../db/keyring';
import { buildPassport, reserveStatusIndex, storePassport } from '../passports/issue';
import { signRecord } from '../signing';

export async function sealBatch(tx: Tx, keyring: Keyring, batchId: string, sealer: Sealer, now: Date) {
  const batch = await getBatch(tx, batchId, { forUpdate: true });
  if (!batch) throw new AppError('NOT_FOUND', 'Batch not found', { id: batchId });
  if (batch.status !== 'draft')
    throw new AppError('BATCH_SEALED', 'This batch is already sealed', { id: batchId, status: batch.status });
  if (batch.inputs.length === 0) {
    throw new AppError('BATCH_INCOMPLETE', 'A batch needs at least one harvest lot as input before it can be sealed', {
      id: batchId,
    });
  }
  // Sent now, answered with the record's queries: the passport's status index costs no round trip of its own.
  const statusIndex = reserveStatusIndex(tx);
  statusIndex.catch(() => {}); // awaited below; a seal refused before then must not leave it unhandled
  const record = await buildRecord(tx, batchId, now, sealer);
  if (batch.carriesOcop && record.ocop.status === NO_VALID_OCOP_RATING) {
    throw new AppError(
      'OCOP_RATING_INVALID',
      `The product has no OCOP rating valid on the production date ${batch.productionDate}; seal it with carriesOcop: false or record the rating first`,
      { productId: batch.productId, productionDate: batch.productionDate },
    );
  }
  const key = await keyring.current(tx);
  // The record's signature and the passport (fixed here, signed when asked for) are independent:
  // each is made side by side and written as soon as it is ready, so the row's update is on its
  // way to the database while the passport is still being built (both pipelined on the
  // transaction's connection).
  const [signed, passport] = await Promise.all([
    signRecord(record, key).then(async (s) => {
      await markSealed(tx, batchId, { sealedAt: now, sealedBy: sealer, jws: s.jws, sha256: s.sha256, kid: key.kid });
      return s;
    }),
    statusIndex
      .then((index) => buildPassport(keyring, record, index, key.kid))
      .then(async (p) => {
        await storePassport(tx, batchId, p, now);
        return p;
      }),
  ]);
  return { record, jws: signed.jws, sha256: signed.sha256, kid: key.kid, passport };
}
