// What the public passport routes serve is signed when asked, not when issued: the revocation
// status lists (their bits follow corrections, recalls and lifts), the DFR of a raw-material area
// (it follows the area's record) and a batch's DPP and DTE (fixed at the seal as canonical JSON,
// signed on first request with the current key). Each is kept per instance and signed again only
// when its content or the key changed, so serving one costs a query, not a signature. Ed25519 is
// deterministic: every instance signs the same bytes with the same key into the same JWS.
import { STATUS_LIST_BITS, untpIssuer, verificationMethodId } from '../domain/untp-common';
import { buildDfr } from '../domain/untp-dfr';
import { buildStatusListCredential, encodeStatusList } from '../domain/untp-status-list';
import type { Db } from '../db/client';
import type { Keyring } from '../db/keyring';
import { areaForDfr, revokedStatusIndexes, statusListCount, type StoredPassport } from '../db/passports-store';
import { canonicalJson, sha256Hex, signCanonicalCredential, signCredential } from '../signing';

export interface SignedCredential {
  jws: string;
  credential: Record<string, unknown>;
}

export interface PassportCache {
  /** The status list credential `list` (0, 1, …), or null past the last list in use. */
  statusList(db: Db, keyring: Keyring, list: number, now: Date): Promise<SignedCredential | null>;
  /** The DFR of an area, or null when no area has this id. */
  dfr(db: Db, keyring: Keyring, areaId: string, today: string): Promise<SignedCredential | null>;
  /** A batch's DPP or DTE as a JWS (stored as such by passports issued before they were signed on request). */
  batchCredential(db: Db, keyring: Keyring, passport: StoredPassport, kind: 'dpp' | 'dte'): Promise<string>;
}

export function createPassportCache(opts: { maxAreas?: number; maxBatchCredentials?: number } = {}): PassportCache {
  const lists = new Map<number, { bits: string; signed: SignedCredential }>();
  const areas = new Map<string, { content: string; signed: SignedCredential }>();
  const maxAreas = opts.maxAreas ?? 2000;
  const batches = new Map<string, { kid: string; jws: string }>();
  const maxBatchCredentials = opts.maxBatchCredentials ?? 2000;

  async function sign(keyring: Keyring, db: Db, credential: Record<string, unknown>): Promise<SignedCredential> {
    const issuer = untpIssuer(keyring.issuerBase);
    const key = await keyring.current(db);
    const { jws } = await signCredential(credential, key, verificationMethodId(issuer, key.kid));
    return { jws, credential };
  }

  return {
    async statusList(db, keyring, list, now) {
      if (!Number.isSafeInteger(list) || list < 0) return null;
      const from = list * STATUS_LIST_BITS;
      const revoked = await revokedStatusIndexes(db, from, from + STATUS_LIST_BITS);
      const bits = revoked.join(',');
      const hit = lists.get(list);
      if (hit && hit.bits === bits) return hit.signed;
      if (list > 0 && list >= (await statusListCount(db, STATUS_LIST_BITS))) return null;
      const issuer = untpIssuer(keyring.issuerBase);
      const encodedList = await encodeStatusList(revoked.map((i) => i - from));
      const credential = buildStatusListCredential({ issuer, list, encodedList, validFrom: now.toISOString() });
      const signed = await sign(keyring, db, credential);
      lists.set(list, { bits, signed });
      return signed;
    },
    async dfr(db, keyring, areaId, today) {
      const area = await areaForDfr(db, areaId);
      if (!area) return null;
      const credential = buildDfr({ area, issuer: untpIssuer(keyring.issuerBase), today });
      const content = await sha256Hex(canonicalJson(credential));
      const hit = areas.get(areaId);
      if (hit && hit.content === content) return hit.signed;
      const signed = await sign(keyring, db, credential);
      if (areas.size >= maxAreas) areas.delete(areas.keys().next().value!);
      areas.set(areaId, { content, signed });
      return signed;
    },
    async batchCredential(db, keyring, passport, kind) {
      const stored = passport[kind];
      if (stored.jws !== undefined) return stored.jws;
      const key = await keyring.current(db);
      const at = `${kind}/${passport.batchId}`;
      const hit = batches.get(at);
      if (hit && hit.kid === key.kid) return hit.jws;
      const didUrl = verificationMethodId(untpIssuer(keyring.issuerBase), key.kid);
      const jws = await signCanonicalCredential(stored.json, key, didUrl);
      if (batches.size >= maxBatchCredentials) batches.delete(batches.keys().next().value!);
      batches.set(at, { kid: key.kid, jws });
      return jws;
    },
  };
}
