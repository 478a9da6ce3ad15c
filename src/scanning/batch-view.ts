// What the public pages show about a batch, assembled once and kept for a few seconds per
// instance: the signed record (facts frozen at sealing), the live product and producer details,
// the value-chain model, and the signature check. Stamp state, scan counts and recall status are
// never cached: they come with every request's own query.
//
// Another instance may correct the batch (a new version) or change its product: no instance is
// told, so a view is re-read every ttl (2 s) and never answered once older than two ttl (4 s),
// plus the time of one load. A change is on every instance's pages within the promised 5 s.
import type { BatchRecord } from '../domain/batch-record';
import { retryRead, type Db } from '../db/client';
import type { Keyring } from '../db/keyring';
import {
  correctionChain,
  modelOfBatch,
  publicCooperative,
  publicProduct,
  type ModelLink,
  type PublicCooperative,
  type PublicProduct,
} from '../db/public-pages-store';
import { decodeJwsPayload, verifyRecord } from '../signing';

export interface BatchView {
  /** the version the page shows: the newest in the correction chain */
  batchId: string;
  record: BatchRecord;
  jws: string;
  signature: { valid: boolean; kid: string | null; reason?: string };
  /** set when the stamp's own version was corrected later */
  correction: { fromVersion: number; reason: string } | null;
  product: PublicProduct;
  cooperative: PublicCooperative;
  model: ModelLink | null;
}

export interface BatchViewCache {
  get(db: Db, keyring: Keyring, batchId: string): Promise<BatchView | null>;
  clear(): void;
}

export function createBatchViewCache(opts: { ttlMs?: number; max?: number; now?: () => number } = {}): BatchViewCache {
  const ttl = opts.ttlMs ?? 2000;
  const max = opts.max ?? 2000;
  const now = opts.now ?? (() => Date.now());
  const entries = new Map<string, { at: number; view: Promise<BatchView | null>; refreshing?: boolean }>();

  function load(db: Db, keyring: Keyring, batchId: string) {
    const view = retryRead(db, () => loadBatchView(db, keyring, batchId));
    const entry = { at: now(), view };
    view.catch(() => {
      if (entries.get(batchId) === entry) entries.delete(batchId);
    });
    return entry;
  }

  return {
    async get(db, keyring, batchId) {
      const hit = entries.get(batchId);
      if (hit && now() - hit.at < ttl) return hit.view;
      if (hit && !hit.refreshing && now() - hit.at < ttl * 2) {
        // Stale, but not by much: answer with what we have while one refresh runs, so that no
        // visitor waits for the reload (the view is at most two ttl + one reload old).
        hit.refreshing = true;
        const next = load(db, keyring, batchId);
        next.view.then(
          () => {
            if (entries.get(batchId) === hit) entries.set(batchId, next);
          },
          () => {
            hit.refreshing = false;
          },
        );
        return hit.view;
      }
      if (hit?.refreshing && now() - hit.at < ttl * 2) return hit.view;
      // Too old to answer with (or a first view): load and wait. Concurrent views share the promise.
      const entry = load(db, keyring, batchId);
      entries.set(batchId, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return entry.view;
    },
    clear: () => entries.clear(),
  };
}

async function loadBatchView(db: Db, keyring: Keyring, stampBatchId: string): Promise<BatchView | null> {
  // Follow the correction chain to the newest version.
  const chain = await correctionChain(db, stampBatchId);
  const first = chain[0];
  const latest = chain[chain.length - 1];
  if (!first || !latest?.jws) return null;
  const record = decodeJwsPayload(latest.jws) as BatchRecord;
  const checked = await verifyRecord(latest.jws, await keyring.jwks(db));
  const product = await publicProduct(db, record.product.id);
  const cooperative = await publicCooperative(db, record.cooperative.id);
  const model = await modelOfBatch(db, latest.modelId, record.product.id);
  return {
    batchId: latest.id,
    record,
    jws: latest.jws,
    signature: checked.valid
      ? { valid: true, kid: checked.kid }
      : { valid: false, kid: checked.kid ?? null, reason: checked.reason },
    correction:
      latest.id !== first.id
        ? {
            fromVersion: first.version,
            reason: chain
              .slice(1)
              .map((c) => c.supersedeReason)
              .filter(Boolean)
              .join('; '),
          }
        : null,
    product: product!,
    cooperative: cooperative!,
    model: model ?? null,
  };
}
