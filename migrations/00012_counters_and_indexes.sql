-- Counters read, not counted: the stamps of a print run by state are kept on the run itself,
-- changed in the same transaction as the stamps (src/db/print-runs-store.ts), so the lists, the
-- forward trace and the run page read three columns instead of counting up to 100,000 stamps on
-- every request. A run's row is locked while its stamps change, so concurrent changes queue and
-- the counters stay exact.

alter table print_runs
  add column stamps_issued integer not null default 0 check (stamps_issued >= 0),
  add column stamps_active integer not null default 0 check (stamps_active >= 0),
  add column stamps_void integer not null default 0 check (stamps_void >= 0);

update print_runs r
   set stamps_issued = c.issued, stamps_active = c.active, stamps_void = c.void
  from (
    select print_run_id,
           (count(*) filter (where state = 'issued'))::int as issued,
           (count(*) filter (where state = 'active'))::int as active,
           (count(*) filter (where state = 'void'))::int as void
      from stamps group by print_run_id
  ) c
 where c.print_run_id = r.id;

-- The findings list filtered by rule (the console's rule filter) walked every live finding in
-- seq order past the other rules' (136 ms past 59,500 AREA_NOT_LINKED findings in the province
-- data set); by rule and seq it reads only the page.
create index link_findings_rule_idx on link_findings (rule, seq) where cleared_at is null;

-- The same columns as the unique key (product_id, lot_code, version), whose index serves every
-- lookup it served (a btree reads backwards for the newest version): a second copy to write for
-- every batch and nothing more.
drop index batches_product_lot_idx;

-- The counts of live findings by rule, status and severity (the console's findings page, on every
-- request) read the whole table, facts and messages included (345 ms for 69,217 findings); this
-- small index answers them with an index-only scan (35 ms, 0.5 MB).
create index link_findings_counts_idx on link_findings (rule, status, severity) where cleared_at is null;
