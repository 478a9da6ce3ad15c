// Rate-limit counters shared by every instance (migrations/00010_rate_limits.sql): one row per
// limit, client key and fixed window. A take is one statement that reads the previous window,
// weighs it, and adds to the current window only if the sum stays within the limit.
import type { Db } from './client';

export interface RateLimitTake {
  name: string;
  key: string;
  cost: number;
  limit: number;
  windowMs: number;
  at: Date;
}

export interface RateLimitCount {
  allowed: boolean;
  /** The current window's count: after this take when allowed, as found when refused. */
  count: number;
  /** The previous window's count (unweighted). */
  previous: number;
  /** Where the current window starts, in ms since the epoch (a multiple of windowMs). */
  windowStart: number;
}

/** The fixed window that holds `at`: windows start at multiples of their length, the same on every instance. */
export function windowStartOf(at: number, windowMs: number): number {
  return Math.floor(at / windowMs) * windowMs;
}

/**
 * Counts `cost` against a key if the sliding-window estimate (the previous window weighted by how
 * much of it still overlaps, plus the current one) stays within the limit. Exact across instances:
 * concurrent takes of one key serialize on its row (ON CONFLICT DO UPDATE locks it and re-checks
 * the condition against the newest count), so no two can both slip under the limit. A refused
 * take counts nothing.
 */
export async function takeRateLimit(db: Db, t: RateLimitTake): Promise<RateLimitCount> {
  const at = t.at.getTime();
  const start = windowStartOf(at, t.windowMs);
  const weight = 1 - (at - start) / t.windowMs;
  // The last select reads the table as it was before this statement (the snapshot of one
  // statement does not see its own insert): `current` is the count a refusal found.
  const [row] = await db<{ taken: number | null; current: number | null; previous: number | null }[]>`
    with previous as (
      select count from rate_limits
      where name = ${t.name} and window_start = ${new Date(start - t.windowMs)} and key = ${t.key}
    ), taken as (
      insert into rate_limits as r (name, window_start, key, count)
      select ${t.name}, ${new Date(start)}, ${t.key}, ${t.cost}::int
      where coalesce((select count from previous), 0) * ${weight}::float8 + ${t.cost}::int <= ${t.limit}::int
      on conflict (name, window_start, key) do update set count = r.count + excluded.count
      where coalesce((select count from previous), 0) * ${weight}::float8 + r.count + excluded.count <= ${t.limit}::int
      returning r.count
    )
    select
      (select count from taken) as taken,
      (select count from rate_limits where name = ${t.name} and window_start = ${new Date(start)} and key = ${t.key}) as current,
      (select count from previous) as previous`;
  const allowed = row!.taken !== null;
  return {
    allowed,
    count: allowed ? row!.taken! : (row!.current ?? 0),
    previous: row!.previous ?? 0,
    windowStart: start,
  };
}

/** Deletes a limit's windows that start before `before`: a range of the primary key, not a scan of the table. */
export async function deleteRateLimitWindows(db: Db, name: string, before: Date): Promise<number> {
  const result = await db`delete from rate_limits where name = ${name} and window_start < ${before}`;
  return result.count;
}
