// Issuing a sealed batch's passport, in the caller's transaction (the sealing one), so a batch is
// never sealed without its passport nor a passport left for a seal that rolled back. The DPP
// (which owns one bit of the revocation status list) and the DTE (which the DPP links to by the
// SHA-256 of its canonical JSON) are fixed here, as canonical JSON, and never change; they are
// signed as VC-JOSE-COSE credentials when someone asks for them (src/passports/serve.ts), with the
// key current then. Signing them here cost a third of a seal, and most are never fetched.
import type { BatchRecord } from '../domain/batch-record';
import { untpIssuer } from '../domain/untp-common';
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
import { canonicalJson, decodeJwsPayload, sha256Hex } from '../signing';

export interface IssuedPassport {
  statusIndex: number;
  /** The DPP credential's canonical JSON: the bytes its JWS signs. */
  dppJson: string;
  /** The DTE credential's canonical JSON: the bytes its JWS signs and the DPP's link hashes. */
  dteJson: string;
  /** The key current at the seal. */
  kid: string;
}

/**
 * Takes the passport's status index. Sealing starts it before building the record, so its round
 * trip rides along with the record's queries (a seal that fails leaves an unused index: harmless).
 */
export const reserveStatusIndex = (tx: Db): Promise<number> => nextStatusIndex(tx);

/** Builds the DTE, then the DPP (which links to the DTE by hash), in canonical form. CPU only, no query. */
export async function buildPassport(
  keyring: Keyring,
  record: BatchRecord,
  statusIndex: number,
  kid: string,
): Promise<IssuedPassport> {
  const issuer = untpIssuer(keyring.issuerBase);
  const dteJson = canonicalJson(buildDte({ record, issuer }));
  const dppJson = canonicalJson(buildDpp({ record, issuer, statusIndex, dteSha256: await sha256Hex(dteJson) }));
  return { statusIndex, dppJson, dteJson, kid };
}

/** Stores an issued passport (in the caller's transaction). */
export function storePassport(tx: Db, batchId: string, p: IssuedPassport, now: Date): Promise<void> {
  return insertPassport(tx, {
    batchId,
    statusIndex: p.statusIndex,
    dpp: { json: p.dppJson },
    dte: { json: p.dteJson },
    kid: p.kid,
    issuedAt: now,
  });
}

/** All three steps in a row, for a passport issued outside a seal (the backfill). */
export async function issuePassport(tx: Db, keyring: Keyring, record: BatchRecord, now: Date): Promise<IssuedPassport> {
  const statusIndex = await reserveStatusIndex(tx);
  const passport = await buildPassport(keyring, record, statusIndex, (await keyring.current(tx)).kid);
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
