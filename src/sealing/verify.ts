// Verifying a sealed batch record: the signature against our JWKS, the stored hash, and the
// signed payload against the record rebuilt from the live rows. A difference in what the record
// froze (the batch, its inputs, harvest lots, events, the rating) is tampering. Reference data
// that may legitimately change later (a product's name, an area's outline, a cooperative's
// address) counts as tampering only when no audited change explains it.
import { differingPaths, type BatchRecord } from '../domain/batch-record';
import type { Db } from '../db/client';
import { auditedUpdateSince } from '../db/audit-store';
import { buildRecord, getStoredRecord } from '../db/batches-store';
import type { Keyring } from '../db/keyring';
import { sha256Hex, verifyRecord, type JsonValue } from '../signing';

export type VerificationStatus = 'valid' | 'tampered' | 'invalid_signature' | 'not_sealed';

export interface Verification {
  status: VerificationStatus;
  kid: string | null;
  signature: { valid: boolean; reason?: string; detail?: string };
  /** Parts of the record that differ from the database with nothing in the audit log to explain them. */
  differences: { path: string; signed: unknown; live: unknown }[];
  /** Reference data changed since sealing through audited edits: shown, not tampering. */
  changedSince: { path: string; signed: unknown; live: unknown; entity: string; entityId: string }[];
}

function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Which mutable registry row a path belongs to, if it is reference data rather than frozen facts. */
function referenceEntity(path: string, signed: BatchRecord): { entity: string; id: string } | null {
  if (/^product\.(nameVi|nameEn|ocopGroup)$/.test(path)) return { entity: 'product', id: signed.product.id };
  if (/^cooperative\.(name|address|province|commune|gln)$/.test(path))
    return { entity: 'organization', id: signed.cooperative.id };
  const area = /^inputs\[(\d+)\]\.area\.(code|name|province|commune|areaHa|location)/.exec(path);
  if (area) {
    const input = signed.inputs[Number(area[1])];
    return input ? { entity: 'area', id: input.area.id } : null;
  }
  const place = /^events\[(\d+)\]\.place\.name$/.exec(path);
  if (place) {
    const ev = signed.events[Number(place[1])];
    return ev ? { entity: ev.place.kind === 'area' ? 'area' : 'organization', id: ev.place.id } : null;
  }
  return null;
}

export async function verifyBatchRecord(db: Db, keyring: Keyring, batchId: string): Promise<Verification | null> {
  const stored = await getStoredRecord(db, batchId);
  if (!stored) return null;
  if (!stored.jws || !stored.sealedAt || !stored.sealedBy) {
    return {
      status: 'not_sealed',
      kid: null,
      signature: { valid: false, reason: 'not_sealed' },
      differences: [],
      changedSince: [],
    };
  }
  const checked = await verifyRecord(stored.jws, await keyring.jwks(db));
  if (!checked.valid) {
    return {
      status: 'invalid_signature',
      kid: checked.kid ?? stored.kid,
      signature: { valid: false, reason: checked.reason, detail: checked.detail },
      differences: [],
      changedSince: [],
    };
  }
  const signed = checked.payload as unknown as BatchRecord;
  const differences: Verification['differences'] = [];
  const changedSince: Verification['changedSince'] = [];
  if (checked.kid !== stored.kid) differences.push({ path: '(stored kid)', signed: checked.kid, live: stored.kid });
  const sha = await sha256Hex(checked.canonical);
  if (sha !== stored.sha256) differences.push({ path: '(stored sha256)', signed: sha, live: stored.sha256 });

  const live = await buildRecord(db, batchId, stored.sealedAt, stored.sealedBy);
  const liveJson = JSON.parse(JSON.stringify(live)) as JsonValue;
  for (const path of differingPaths(signed, liveJson)) {
    const diff = { path, signed: valueAt(signed, path), live: valueAt(liveJson, path) };
    const ref = referenceEntity(path, signed);
    if (ref) {
      if (await auditedUpdateSince(db, ref.entity, ref.id, stored.sealedAt)) {
        changedSince.push({ ...diff, entity: ref.entity, entityId: ref.id });
        continue;
      }
    }
    differences.push(diff);
  }
  return {
    status: differences.length ? 'tampered' : 'valid',
    kid: checked.kid,
    signature: { valid: true },
    differences,
    changedSince,
  };
}
