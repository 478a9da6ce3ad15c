// Per-instance state of the public routes: the batch view cache and the rate limiters. Built
// once per process on Node and once per isolate on Workers, never per request.
import type { Config } from '../../config';
import { inMemoryLimit, type RateLimit } from '../rate-limit';
import { createBatchViewCache, type BatchViewCache } from '../../scanning/batch-view';
import { batchingScanWriter, type ScanWriter } from '../../scanning/scan-writer';
import { retryRead, type Db, type Sql } from '../../db/client';
import { openRecallOf, type OpenRecall } from '../../db/public-pages-store';

export interface PublicState {
  views: BatchViewCache;
  /** every public request, per client network, per minute */
  requests: RateLimit;
  /** lookups of serials that are not on record, per client network, per hour: enumeration */
  unknownSerials: RateLimit;
  /** fake reports, per client network, per hour */
  reports: RateLimit;
  /** Set where one long-lived pool serves every request (Node): scans share commits. */
  scans: ScanWriter | null;
  /** open recall per batch, re-read every 2 s (at most 4 s old): a recall reaches every page within the promised 5 s */
  recalls: RecallCache;
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

export function createPublicState(config: Config, longLivedDb?: Sql): PublicState {
  return {
    scans: longLivedDb ? batchingScanWriter(longLivedDb) : null,
    recalls: createRecallCache(),
    views: createBatchViewCache(),
    requests: inMemoryLimit(config.PUBLIC_RATE_LIMIT, 60_000),
    unknownSerials: inMemoryLimit(config.UNKNOWN_SERIAL_RATE_LIMIT, 3_600_000),
    reports: inMemoryLimit(config.REPORT_RATE_LIMIT, 3_600_000),
  };
}
