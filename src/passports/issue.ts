// Issuing a sealed batch's passport: its DTE, then its DPP (which links to the DTE by hash and
// owns one bit of the revocation status list), both signed with the current key as VC-JOSE-COSE
// credentials and stored, in the caller's transaction (the sealing one), so a batch is never
// sealed without its passport nor a passport left for a seal that rolled back.
import type { BatchRecord } from '../domain/batch-record';
import { untpIssuer, verificationMethodId } from '../domain/untp-common';
import { buildDpp } from '../domain/untp-dpp';
import { buildDte } from '../domain/untp-dte';
import type { Db, Sql } from '../db/client';
import type { Keyring } from '../db/keyring';
import {
  getPassport,
  insertPassport,
  lockSealedRecord,
  nextStatusIndex,
  type StoredPassport,
} from '../db/passports-store';
import { decodeJwsPayload, sha256Hex, signCredential, type SigningKey } from '../signing';

export interface IssuedPassport {
  statusIndex: number;
  dppJws: string;
  dteJws: string;
  kid: string;
}

/**
 * Takes the passport's status index. Sealing starts it before building the record, so its round
 * trip rides along with the record's queries (a seal that fails leaves an unused index: harmless).
 */
export const reserveStatusIndex = (tx: Db): Promise<number> => nextStatusIndex(tx);

/** Builds and signs the DTE, then the DPP (which links to the DTE by hash). CPU only, no query. */
export async function signPassport(
  keyring: Keyring,
  record: BatchRecord,
  statusIndex: number,
  key: SigningKey,
): Promise<IssuedPassport> {
  const issuer = untpIssuer(keyring.issuerBase);
  const didUrl = verificationMethodId(issuer, key.kid);
  const dte = await signCredential(buildDte({ record, issuer }), key, didUrl);
  const dpp = await signCredential(
    buildDpp({ record, issuer, statusIndex, dteSha256: await sha256Hex(dte.jws) }),
    key,
    didUrl,
  );
  return { statusIndex, dppJws: dpp.jws, dteJws: dte.jws, kid: key.kid };
}

/** Stores a signed passport (in the caller's transaction). */
export function storePassport(tx: Db, batchId: string, p: IssuedPassport, now: Date): Promise<void> {
  return insertPassport(tx, { batchId, ...p, issuedAt: now });
}

/** All three steps in a row, for a passport issued outside a seal (the backfill). */
export async function issuePassport(tx: Db, keyring: Keyring, record: BatchRecord, now: Date): Promise<IssuedPassport> {
  const statusIndex = await reserveStatusIndex(tx);
  const passport = await signPassport(keyring, record, statusIndex, await keyring.current(tx));
  await storePassport(tx, record.batch.id, passport, now);
  return passport;
}

/**
 * The passport of a batch sealed before passports existed (or restored without one): issued on
 * first request from the record the seal signed, the batch row locked so it is issued once. A
 * superseded or recalled batch gets one too, born with its bit already set. Null for a batch that
 * is not sealed.
 */
export async function passportOrBackfill(
  sql: Sql,
  keyring: Keyring,
  batchId: string,
  now: Date,
): Promise<StoredPassport | null> {
  const found = await getPassport(sql, batchId);
  if (found) return found;
  return sql.begin(async (tx) => {
    const jws = await lockSealedRecord(tx, batchId);
    if (!jws) return null;
    const again = await getPassport(tx, batchId);
    if (again) return again;
    await issuePassport(tx, keyring, decodeJwsPayload(jws) as BatchRecord, now);
    return getPassport(tx, batchId);
  });
}
