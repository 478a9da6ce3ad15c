-- The scan log, partitioned by calendar month (UTC) on `at`.
--
-- Every view of every stamp is a row, so this is the table that grows fastest. Monthly partitions
-- keep each month's rows and indexes together: queries bounded by time touch only their months,
-- old months can be anonymised month by month (SCAN_RETENTION_MONTHS), and vacuum works on one
-- month at a time. Per-stamp counts do not depend on this table: stamps.scan_count is kept by the
-- statement that logs each scan.
--
-- An existing log is not copied: its table becomes the partition for everything before next month
-- (attaching it only checks its bound), so upgrading a province with millions of scans is quick.
-- Later months get partitions of their own (ensure_scan_month, called by the service's daily
-- upkeep); a DEFAULT partition catches any row no month partition covers yet, and the upkeep
-- moves such rows into their month.

alter table scans rename to scans_history;
alter index scans_serial_idx rename to scans_history_serial_idx;
alter index scans_gtin_unknown_idx rename to scans_history_gtin_unknown_idx;
alter index scans_recent_idx rename to scans_history_recent_idx;
alter table scans_history alter column id drop identity if exists;
alter table scans_history drop constraint scans_pkey;

create sequence scans_id_seq;
select setval('scans_id_seq', coalesce((select max(id) from scans_history), 0) + 1, false);

create table scans (
  id bigint not null default nextval('scans_id_seq'),
  serial text not null,
  gtin char(14) not null,
  lot_code text,
  -- the serial exists for this product (unknown serials are logged too: repeated guesses
  -- against one product are a counterfeiting signal)
  known boolean not null,
  at timestamptz not null default now(),
  -- a hash of the client's network (/24 or /48) and the day: counts visitors, names nobody;
  -- re-keyed with a forgotten secret once the month passes the retention period
  client_hash text not null,
  user_agent_family text not null,
  language text not null,
  -- HEAD requests and link previewers: recorded, not counted toward warnings
  is_bot boolean not null default false,
  -- coarse position, only when the visitor chose to share it; removed after the retention period
  -- named as the unpartitioned table's, which a partition must carry by the same names
  lat numeric(6, 2) constraint scans_lat_check check (lat between -90 and 90),
  lon numeric(6, 2) constraint scans_lon_check check (lon between -180 and 180),
  primary key (id, at)
) partition by range (at);
alter sequence scans_id_seq owned by scans.id;

-- the same indexes as before, now per partition (the history partition's own are reused)
create index scans_serial_idx on scans (serial, at) where not is_bot;
create index scans_gtin_unknown_idx on scans (gtin, at) where not known;
create index scans_recent_idx on scans (at) where known and not is_bot;

do $$
declare
  next_month timestamptz := (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC';
begin
  if exists (select 1 from scans_history) then
    execute format('alter table scans_history add constraint scans_history_bound check (at < %L)', next_month);
    execute format('alter table scans attach partition scans_history for values from (minvalue) to (%L)', next_month);
    alter table scans_history drop constraint scans_history_bound;
  else
    drop table scans_history;
  end if;
end $$;

create table scans_default partition of scans default;

-- The month partition holding `m` (UTC), created if missing, with any rows the DEFAULT partition
-- holds for that month moved into it. Returns false when the month is already covered (its own
-- partition, or the history partition). Serialised by an advisory lock: instances may run it at once.
create function ensure_scan_month(m timestamptz) returns boolean language plpgsql as $$
declare
  lo timestamptz := date_trunc('month', m at time zone 'UTC') at time zone 'UTC';
  hi timestamptz := (date_trunc('month', m at time zone 'UTC') + interval '1 month') at time zone 'UTC';
  part text := 'scans_' || to_char(m at time zone 'UTC', '"y"YYYY"m"MM');
begin
  perform pg_advisory_xact_lock(1935762291); -- 'scan' as a number, shared by every instance
  if to_regclass(part) is not null then
    return false;
  end if;
  begin
    execute format('create table %I (like scans including defaults including constraints)', part);
    execute format('insert into %I select * from scans_default where at >= $1 and at < $2', part) using lo, hi;
    delete from scans_default where at >= lo and at < hi;
    execute format('alter table scans attach partition %I for values from (%L) to (%L)', part, lo, hi);
  exception when invalid_object_definition then
    -- the range overlaps an existing partition (the history partition's bound): nothing to do
    return false;
  end;
  return true;
end $$;

select ensure_scan_month(now());
select ensure_scan_month(now() + interval '1 month');

-- Months whose raw scan details were anonymised (SCAN_RETENTION_MONTHS), so the upkeep does each
-- month once.
create table scan_months_anonymised (
  month date primary key,
  anonymised_at timestamptz not null,
  scans bigint not null
);
