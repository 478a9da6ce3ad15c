-- Progress of link-check runs started from the console (POST /checks/runs), written by the run
-- as each rule finishes, in its own short statements outside the run's transaction: any server
-- sharing the database can show how far a run has come (GET /checks/runs/{id}, the console's run
-- page), and its result or error once it has ended.
--
-- At most one row is 'running' (the partial unique index): a second start is refused while one
-- runs. A row left 'running' by a server that stopped mid-run is marked failed by the next start
-- once its updated_at is old and no run holds the runs' lock (src/db/check-runs-store.ts).
create table link_check_runs (
  id uuid primary key default gen_random_uuid(),
  scope jsonb not null,
  -- the audit actor who started it, e.g. "staff:canbo"
  actor text not null,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  started_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  rules_total integer not null check (rules_total >= 0),
  rules_done integer not null default 0 check (rules_done >= 0),
  current_rule text,
  found integer not null default 0 check (found >= 0),
  -- the rules done so far: [{code, found, ms}]
  rules jsonb not null default '[]',
  -- the run's summary once done (counts, and new/reopened/cleared by rule)
  result jsonb,
  error text
);
create unique index link_check_runs_one_running on link_check_runs ((true)) where status = 'running';
create index link_check_runs_started on link_check_runs (started_at desc);
