// Per-client rate limits of the public routes. Two kinds:
// - in this instance's memory (a sliding pair of fixed windows): the coarse per-network flood
//   limit, where each instance enforcing its own share is good enough;
// - counted in PostgreSQL for every instance (sharedLimit): the unknown-serial limit, which stops
//   serial enumeration, and fake reports, which must hold however many instances answer.
import type { Db } from '../db/client';
import { deleteRateLimitWindows, takeRateLimit } from '../db/rate-limits-store';

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

/**
 * A limit counted in PostgreSQL (the table rate_limits), one budget for every instance. The state
 * lives as long as the instance (a Node process, a Worker isolate); the database is the request's,
 * so each request binds the limit to its own database handle and clock with `on`.
 *
 * What is exact and what is not:
 * - The count is exact across instances: every take is one statement on the key's row, refused
 *   takes count nothing, and concurrent takes cannot overrun the limit together.
 * - peek never asks the database (the stamp page must not pay a round trip for it). It answers
 *   from this instance's memory of refusals: each take's answer says whether the next request
 *   would be refused, and until when, and that is kept. So another instance learns that a network
 *   has spent its budget at the first take from that network it sees (its first unknown serial,
 *   which it then refuses with 429); until then it still answers that network's genuine serials.
 *   At most one guess per instance is checked after the budget is spent, and that one is refused.
 */
export interface SharedLimit {
  on(db: Db, clock: () => Date): RateLimit;
}

/** Old windows are deleted by each instance at most this often (one ranged delete on the primary key). */
const SWEEP_EVERY_MS = 60_000;
/** Refusals remembered per instance at most; past it the ones that have ended are dropped, then the oldest. */
const MAX_REMEMBERED = 20_000;

export function sharedLimit(name: string, limit: number, windowMs: number): SharedLimit {
  const refusedUntil = new Map<string, number>();
  let nextSweep = 0;

  const remembered = (key: string, t: number): number | null => {
    const until = refusedUntil.get(key);
    if (until === undefined) return null;
    if (until <= t) {
      refusedUntil.delete(key);
      return null;
    }
    return Math.max(1, Math.ceil((until - t) / 1000));
  };
  const remember = (key: string, until: number, t: number) => {
    refusedUntil.delete(key);
    if (refusedUntil.size >= MAX_REMEMBERED) {
      for (const [k, u] of refusedUntil) if (u <= t) refusedUntil.delete(k);
      while (refusedUntil.size >= MAX_REMEMBERED) refusedUntil.delete(refusedUntil.keys().next().value!);
    }
    refusedUntil.set(key, until);
  };

  return {
    on(db, clock) {
      return {
        peek: async (key) => remembered(key, clock().getTime()),
        async take(key, cost = 1) {
          const t = clock().getTime();
          const known = remembered(key, t);
          if (known !== null) return known;
          if (t >= nextSweep) {
            nextSweep = t + SWEEP_EVERY_MS;
            // Windows before the previous one no longer count. A failed sweep is tried again later.
            const before = new Date(t - (t % windowMs) - windowMs);
            await deleteRateLimitWindows(db, name, before).catch(() => {});
          }
          const r = await takeRateLimit(db, { name, key, cost, limit, windowMs, at: new Date(t) });
          const until = nextAllowedAt(r.count, r.previous, r.windowStart, limit, windowMs);
          if (until > t) remember(key, until, t);
          if (r.allowed) return null;
          return Math.max(1, Math.ceil((Math.max(until, t) - t) / 1000));
        },
      };
    },
  };
}

/**
 * When one more request (cost 1) would be allowed, if nothing else is counted meanwhile: the
 * previous window's weight falls as time passes, and in the next window the current count becomes
 * the weighted one.
 */
export function nextAllowedAt(
  count: number,
  previous: number,
  windowStart: number,
  limit: number,
  windowMs: number,
): number {
  const room = limit - 1; // what the estimate may be for one more to fit
  if (count <= room) {
    // within this window, once previous × (1 − elapsed/window) ≤ room − count
    if (previous === 0 || previous <= room - count) return windowStart;
    return windowStart + windowMs * (1 - (room - count) / previous);
  }
  // in the next window, once count × (1 − elapsed/window) ≤ room
  return windowStart + windowMs + windowMs * (1 - room / count);
}
