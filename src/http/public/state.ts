// Per-instance state of the public routes: the batch view cache, the recall cache and the rate
// limiters. Built once per process on Node and once per isolate on Workers, never per request.
// The unknown-serial and report limits are counted in PostgreSQL (one budget for every instance);
// what is kept here is each instance's memory of refusals (see sharedLimit).
import type { Config } from '../../config';
import { inMemoryLimit, type RateLimit, type SharedLimit, sharedLimit } from '../rate-limit';
import { createBatchViewCache, type BatchViewCache } from '../../scanning/batch-view';
import { batchingScanWriter, type ScanWriter } from '../../scanning/scan-writer';
import { retryRead, type Db, type Sql } from '../../db/client';
import { openRecallOf, type OpenRecall } from '../../db/public-pages-store';
import { createPassportCache, type PassportCache } from '../../passports/serve';

export interface PublicState {
  views: BatchViewCache;
  /** every public request, per client network, per minute: per instance (approximate by design) */
  requests: RateLimit;
  /** lookups of serials that are not on record, per client network, per hour: enumeration (shared) */
  unknownSerials: SharedLimit;
  /** fake reports, per client network, per hour (shared) */
  reports: SharedLimit;
  /** Set where one long-lived pool serves every request (Node): scans share commits. */
  scans: ScanWriter | null;
  /** open recall per batch, re-read every 2 s (at most 4 s old): a recall reaches every page within the promised 5 s */
  recalls: RecallCache;
  /** signed status lists and area DFRs, signed again only when their content changed */
  passports: PassportCache;
}

export interface RecallCache {
  get(db: Db, batchId: string): Promise<OpenRecall | null>;
}

export function createRecallCache(ttlMs = 2000, now: () => number = Date.now): RecallCache {
  const entries = new Map<string, { at: number; recall: Promise<OpenRecall | null>; refreshing?: boolean }>();
  const load = (db: Db, batchId: string) => {
    const entry = { at: now(), recall: retryRead(db, () => openRecallOf(db, batchId)) };
    entry.recall.catch(() => {
      if (entries.get(batchId) === entry) entries.delete(batchId);
    });
    return entry;
  };
  return {
    get(db, batchId) {
      const hit = entries.get(batchId);
      if (hit && now() - hit.at < ttlMs) return hit.recall;
      if (hit && !hit.refreshing && now() - hit.at < ttlMs * 2) {
        // stale-while-revalidate, bounded: never older than two periods plus one query
        hit.refreshing = true;
        const next = load(db, batchId);
        next.recall.then(
          () => entries.set(batchId, next),
          () => {
            hit.refreshing = false;
          },
        );
        return hit.recall;
      }
      if (entries.size >= 5000) entries.clear();
      const entry = load(db, batchId);
      entries.set(batchId, entry);
      return entry.recall;
    },
  };
}

/**
 * `now` is the caches' clock (milliseconds), for tests that step through the recall promise; the
 * shared limits count at the app's clock, which each request passes in.
 */
export function createPublicState(config: Config, longLivedDb?: Sql, opts: { now?: () => number } = {}): PublicState {
  const now = opts.now ?? Date.now;
  return {
    scans: longLivedDb ? batchingScanWriter(longLivedDb) : null,
    recalls: createRecallCache(2000, now),
    views: createBatchViewCache({ now }),
    requests: inMemoryLimit(config.PUBLIC_RATE_LIMIT, 60_000),
    unknownSerials: sharedLimit('unknown_serials', config.UNKNOWN_SERIAL_RATE_LIMIT, 3_600_000),
    reports: sharedLimit('fake_reports', config.REPORT_RATE_LIMIT, 3_600_000),
    passports: createPassportCache(),
  };
}
