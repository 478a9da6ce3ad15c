// Idempotency-Key bookkeeping. The claim row is inserted first in the write's transaction: a
// concurrent retry with the same key blocks on it until the first commits, then replays it.
import { AppError } from '../errors';
import type { Tx } from './client';

export async function beginIdempotent(
  tx: Tx,
  actorKeyId: string,
  key: string,
  method: string,
  path: string,
  requestHash: string,
): Promise<{ status: number; body: unknown } | null> {
  const claimed = await tx`
    insert into idempotency_keys (actor_key_id, key, method, path, request_hash, status, body)
    values (${actorKeyId}, ${key}, ${method}, ${path}, ${requestHash}, 0, 'null'::jsonb)
    on conflict do nothing
    returning 1`;
  if (claimed.length > 0) return null;
  const [prior] = await tx<{ requestHash: string; status: number; body: unknown }[]>`
    select request_hash, status, body from idempotency_keys
    where actor_key_id = ${actorKeyId} and key = ${key}`;
  if (!prior) throw new AppError('CONFLICT', 'Idempotency-Key could not be claimed; retry');
  if (prior.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
  }
  return { status: prior.status, body: prior.body };
}

export async function finishIdempotent(tx: Tx, actorKeyId: string, key: string, status: number, body: unknown) {
  await tx`
    update idempotency_keys set status = ${status}, body = ${tx.json((body ?? null) as never)}
    where actor_key_id = ${actorKeyId} and key = ${key}`;
}
