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

export async function issuePassport(
  tx: Db,
  keyring: Keyring,
  record: BatchRecord,
  now: Date,
  key?: SigningKey,
): Promise<IssuedPassport> {
  const issuer = untpIssuer(keyring.issuerBase);
  const signer = key ?? (await keyring.current(tx));
  const didUrl = verificationMethodId(issuer, signer.kid);
  const dte = await signCredential(buildDte({ record, issuer }), signer, didUrl);
  const statusIndex = await nextStatusIndex(tx);
  const dpp = await signCredential(
    buildDpp({ record, issuer, statusIndex, dteSha256: await sha256Hex(dte.jws) }),
    signer,
    didUrl,
  );
  await insertPassport(tx, {
    batchId: record.batch.id,
    statusIndex,
    dppJws: dpp.jws,
    dteJws: dte.jws,
    kid: signer.kid,
    issuedAt: now,
  });
  return { statusIndex, dppJws: dpp.jws, dteJws: dte.jws, kid: signer.kid };
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
