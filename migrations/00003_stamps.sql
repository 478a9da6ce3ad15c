-- QR product stamps: print runs for sealed batches and one row per stamp, each with its own
-- serial (GS1 AI 21), unique across the whole database, and a lifecycle issued → active → void.

create table print_runs (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  batch_id uuid not null references batches (id),
  cooperative_id uuid not null references organizations (id),
  template_id text not null check (template_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  count integer not null check (count between 1 and 100000),
  note text check (length(note) <= 1000),
  -- the origin printed into every QR of the run, so URIs stay what was printed
  base_url text not null check (base_url ~ '^https?://'),
  gtin char(14) not null,
  lot_code text not null,
  ocop_stars smallint check (ocop_stars between 1 and 5),
  created_by jsonb not null,
  created_at timestamptz not null default now()
);
create index print_runs_batch_idx on print_runs (batch_id, seq);
create index print_runs_coop_idx on print_runs (cooperative_id, seq);

create table stamps (
  serial text primary key check (serial ~ '^[2-9A-HJKMNP-Z]{14}$'),
  print_run_id uuid not null references print_runs (id),
  -- 1-based position in the run: the printing order, used for ranges
  position integer not null check (position >= 1),
  state text not null check (state in ('issued', 'active', 'void')),
  state_changed_at timestamptz not null default now(),
  unique (print_run_id, position)
);

-- A void stamp stays void.
create function stamp_guard() returns trigger language plpgsql as $$
begin
  if old.state = 'void' and new.state <> 'void' then
    raise exception 'stamp % is void and cannot be reactivated', old.serial using hint = 'CONFLICT';
  end if;
  if new.serial <> old.serial or new.print_run_id <> old.print_run_id or new.position <> old.position then
    raise exception 'a stamp''s serial, run and position never change' using hint = 'CONFLICT';
  end if;
  return new;
end $$;
create trigger stamps_guard before update on stamps for each row execute function stamp_guard();
