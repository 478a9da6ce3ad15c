// What the public passport routes serve that is signed when asked, not when issued: the
// revocation status lists (their bits follow corrections, recalls and lifts) and the DFR of a
// raw-material area (it follows the area's record). Each is kept per instance and signed again
// only when its content changed, so serving one costs a query, not a signature.
import { STATUS_LIST_BITS, untpIssuer, verificationMethodId } from '../domain/untp-common';
import { buildDfr } from '../domain/untp-dfr';
import { buildStatusListCredential, encodeStatusList } from '../domain/untp-status-list';
import type { Db } from '../db/client';
import type { Keyring } from '../db/keyring';
import { areaForDfr, revokedStatusIndexes, statusListCount } from '../db/passports-store';
import { canonicalJson, sha256Hex, signCredential } from '../signing';

export interface SignedCredential {
  jws: string;
  credential: Record<string, unknown>;
}

export interface PassportCache {
  /** The status list credential `list` (0, 1, …), or null past the last list in use. */
  statusList(db: Db, keyring: Keyring, list: number, now: Date): Promise<SignedCredential | null>;
  /** The DFR of an area, or null when no area has this id. */
  dfr(db: Db, keyring: Keyring, areaId: string, today: string): Promise<SignedCredential | null>;
}

export function createPassportCache(opts: { maxAreas?: number } = {}): PassportCache {
  const lists = new Map<number, { bits: string; signed: SignedCredential }>();
  const areas = new Map<string, { content: string; signed: SignedCredential }>();
  const maxAreas = opts.maxAreas ?? 2000;

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
  };
}
