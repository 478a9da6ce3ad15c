// Per-client rate limits for the public routes, in memory per instance (a sliding pair of fixed
// windows). They keep the stamp pages from being used to enumerate serials or flood the scan log;
// several instances each enforce their own share.

/**
 * A limit as the routes use it. It may be counted elsewhere (PostgreSQL, the Workers Rate
 * Limiting binding), so it answers asynchronously: null when allowed, else the seconds to wait.
 */
export interface RateLimit {
  take(key: string, cost?: number): Promise<number | null>;
  peek(key: string): Promise<number | null>;
}

/** A RateLimiter (in this instance's memory) as a RateLimit. */
export function inMemoryLimit(limit: number, windowMs: number, now: () => number = Date.now): RateLimit {
  const l = createRateLimiter(limit, windowMs, now);
  return {
    take: async (key, cost) => l.take(key, cost),
    peek: async (key) => l.peek(key),
  };
}

export interface RateLimiter {
  /** null when allowed; otherwise the seconds to wait. */
  take(key: string, cost?: number): number | null;
  /** Like take, without using anything up. */
  peek(key: string): number | null;
}

export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number; previous: number }>();
  let lastSweep = now();
  return {
    peek(key) {
      const w = windows.get(key);
      if (!w) return null;
      const t = now();
      if (t - w.start >= windowMs * 2) return null;
      const [count, previous, start] =
        t - w.start >= windowMs ? [0, w.count, w.start + windowMs] : [w.count, w.previous, w.start];
      const used = previous * (1 - (t - start) / windowMs) + count;
      return used + 1 > limit ? Math.max(1, Math.ceil((windowMs - (t - start)) / 1000)) : null;
    },
    take(key, cost = 1) {
      const t = now();
      if (t - lastSweep > windowMs * 2) {
        for (const [k, w] of windows) if (t - w.start > windowMs * 2) windows.delete(k);
        lastSweep = t;
      }
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs * 2) {
        w = { start: t, count: 0, previous: 0 };
        windows.set(key, w);
      } else if (t - w.start >= windowMs) {
        w.previous = w.count;
        w.count = 0;
        w.start += windowMs;
      }
      // weight the previous window by how much of it still overlaps the sliding window
      const weight = 1 - (t - w.start) / windowMs;
      const used = w.previous * weight + w.count;
      if (used + cost > limit) {
        return Math.max(1, Math.ceil((windowMs - (t - w.start)) / 1000));
      }
      w.count += cost;
      return null;
    },
  };
}
