-- Public rate limits counted in the database, so that every instance (Node processes behind a
-- load balancer, Worker isolates) draws on one budget per client network: the unknown-serial
-- limit (it stops serial enumeration) and the fake-report limit.
--
-- One row per limit, client key and fixed window (window_start is a multiple of the window
-- length); a take adds to its window's row and weighs the previous window's count by how much of
-- it still overlaps the sliding window, in one statement (src/db/rate-limits-store.ts).
--
-- UNLOGGED: the counters are disposable. Losing them (a crash truncates an unlogged table, and a
-- standby promoted after a fail-over starts with it empty) only gives every network a fresh
-- budget; in exchange a take writes no WAL, which keeps a flood of guesses from loading the
-- server's log, its replication and its backups. key is the day-salted hash of a client network
-- (never an address).
create unlogged table rate_limits (
  name text not null check (name ~ '^[a-z_]{1,40}$'),
  window_start timestamptz not null,
  key text not null check (length(key) between 1 and 200),
  count integer not null check (count >= 0),
  -- window_start first: old windows of a limit are deleted by a range of the primary key
  primary key (name, window_start, key)
);
