// Per-instance state of the public routes: the batch view cache and the rate limiters. Built
// once per process on Node and once per isolate on Workers, never per request.
import type { Config } from '../config';
import { createRateLimiter, type RateLimiter } from '../http/rate-limit';
import { createBatchViewCache, type BatchViewCache } from './batch-view';

export interface PublicState {
  views: BatchViewCache;
  /** every public request, per client network, per minute */
  requests: RateLimiter;
  /** lookups of serials that are not on record, per client network, per hour: enumeration */
  unknownSerials: RateLimiter;
  /** fake reports, per client network, per hour */
  reports: RateLimiter;
}

export function createPublicState(config: Config): PublicState {
  return {
    views: createBatchViewCache(),
    requests: createRateLimiter(config.PUBLIC_RATE_LIMIT, 60_000),
    unknownSerials: createRateLimiter(config.UNKNOWN_SERIAL_RATE_LIMIT, 3_600_000),
    reports: createRateLimiter(config.REPORT_RATE_LIMIT, 3_600_000),
  };
}
