-- Link checks (src/checks): what each run of the rules found, and how staff dealt with it.
--
-- A finding is identified by its rule and its subject key (for example the batch and the harvest
-- lot it wrongly draws on), so a later run finds the same row again instead of adding a copy.
-- The fingerprint is a hash of the facts the finding rests on: a finding staff marked resolved
-- stays resolved while its fingerprint is unchanged, and opens again when the data changes.
-- A run that no longer finds a finding sets cleared_at (the data was put right); it is kept,
-- with its review history, and comes back to life if a later run finds it again.
create table link_findings (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  rule text not null check (rule ~ '^[A-Z][A-Z0-9_]{2,60}$'),
  severity text not null check (severity in ('critical', 'warning', 'notice')),
  subject_key text not null check (length(subject_key) between 1 and 500),
  fingerprint text not null,
  -- the cooperative whose data it is (null for problems of the registry as a whole)
  cooperative_id uuid references organizations (id),
  -- every record involved, for filtering and scoped runs: [{kind, id, label}]
  objects jsonb not null,
  object_ids uuid[] not null,
  facts jsonb not null,
  message_vi text not null,
  message_en text not null,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  note text check (length(note) <= 2000),
  reviewed_by text,
  reviewed_at timestamptz,
  first_found_at timestamptz not null,
  last_found_at timestamptz not null,
  cleared_at timestamptz,
  reopened_count integer not null default 0,
  unique (rule, subject_key),
  check ((status = 'open') or (reviewed_at is not null))
);
create index link_findings_live_idx on link_findings (status, seq) where cleared_at is null;
create index link_findings_coop_idx on link_findings (cooperative_id, seq);
create index link_findings_objects_idx on link_findings using gin (object_ids);

-- Settings of the yield rules that vary by product or crop; scalar thresholds are configuration.
-- Plausible raw material per unit of product: kilograms of fresh tea leaves per kilogram of dried
-- tea, of roots per kilogram of starch… in base units (kg for masses, litre for volumes, count for
-- pieces). A batch outside [min, max] is reported.
create table yield_ranges (
  product_id uuid primary key references products (id) on delete cascade,
  min_input_per_output numeric(12, 4) not null check (min_input_per_output > 0),
  max_input_per_output numeric(12, 4) not null,
  updated_at timestamptz not null default now(),
  check (max_input_per_output >= min_input_per_output)
);

-- Ceiling of harvests per hectare and season for a crop, as written in the areas' crop lists.
create table crop_yield_ceilings (
  crop text primary key check (length(btrim(crop)) between 1 and 100),
  tonnes_per_ha numeric(10, 3) not null check (tonnes_per_ha > 0),
  updated_at timestamptz not null default now()
);

-- Quantities compared across units: the family a unit measures and its factor to the family's
-- base unit (kg, litre; counted units are their own family with factor 1).
create function unit_family(u text) returns text immutable language sql as $$
  select case when u in ('kg', 'tonne', 'g') then 'mass' when u in ('litre', 'ml') then 'volume' else u end
$$;
create function unit_factor(u text) returns numeric immutable language sql as $$
  select case u when 'tonne' then 1000 when 'g' then 0.001 when 'ml' then 0.001 else 1 end
$$;
