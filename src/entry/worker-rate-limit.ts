// The public flood limit on Workers: the Workers Rate Limiting binding ([[ratelimits]] in
// wrangler.toml) as the app's RateLimit. Cloudflare counts it per location, close to the client,
// across every isolate there: approximate (eventually consistent, per location), which is what a
// coarse flood limit needs. The limit and period are the binding's (wrangler.toml), not
// PUBLIC_RATE_LIMIT.
import type { RateLimit } from '../http/rate-limit';

/** The binding's runtime shape (see @cloudflare/workers-types RateLimit). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export function isRateLimitBinding(x: unknown): x is RateLimitBinding {
  return typeof x === 'object' && x !== null && typeof (x as { limit?: unknown }).limit === 'function';
}

/**
 * `periodSeconds` is the binding's period (10 or 60): what a refused client is told to wait, at
 * most. The binding cannot look without counting, so `peek` never refuses; the flood limit is
 * only ever taken.
 */
export function bindingLimit(binding: RateLimitBinding, periodSeconds = 60): RateLimit {
  return {
    async take(key, cost = 1) {
      for (let i = 0; i < cost; i++) {
        const { success } = await binding.limit({ key });
        if (!success) return periodSeconds;
      }
      return null;
    },
    peek: async () => null,
  };
}
