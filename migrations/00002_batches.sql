-- Harvest lots, production batches with their inputs and process events, sealed and signed
-- batch records, recalls, and the Ed25519 keys that sign them.
-- Invariants that must hold under concurrency live here, not only in TypeScript:
--   * a harvest lot is never drawn beyond its quantity (drawn is kept by a trigger, under the
--     row lock of the UPDATE, and checked),
--   * a sealed batch, its inputs and its events never change (triggers refuse it).

create table signing_keys (
  kid text primary key,
  public_jwk jsonb not null,
  -- null when the private key lives in configuration (SIGNING_KEY_JWK), not in the database
  private_jwk_sealed text,
  status text not null check (status in ('current', 'retired')),
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  check ((status = 'retired') = (retired_at is not null))
);
create unique index signing_keys_one_current on signing_keys ((true)) where status = 'current';

create table harvest_lots (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  code text not null check (code ~ '^[A-Za-z0-9._/-]{1,40}$'),
  area_id uuid not null references raw_material_areas (id),
  cooperative_id uuid not null references organizations (id),
  harvested_on date not null,
  quantity numeric(14, 3) not null check (quantity > 0),
  unit text not null check (unit in ('kg', 'tonne', 'g', 'litre', 'ml', 'piece', 'bunch', 'box', 'bag', 'bottle', 'jar', 'pack')),
  notes text check (length(notes) <= 2000),
  -- certifications of the area valid on harvested_on, copied when recorded
  certifications jsonb not null default '[]',
  drawn numeric(14, 3) not null default 0,
  created_at timestamptz not null default now(),
  constraint harvest_lot_not_overdrawn check (drawn >= 0 and drawn <= quantity),
  unique (cooperative_id, code)
);
create index harvest_lots_area_idx on harvest_lots (area_id, harvested_on);
create index harvest_lots_coop_idx on harvest_lots (cooperative_id, seq);

create table batches (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  product_id uuid not null references products (id),
  cooperative_id uuid not null references organizations (id),
  model_id uuid references value_chain_models (id),
  lot_code text not null check (lot_code ~ '^[A-Za-z0-9!"%&''()*+,./:;<=>?_-]{1,20}$'),
  -- corrections: version n+1 supersedes version n of the same lot
  version integer not null default 1 check (version >= 1),
  supersedes_id uuid unique references batches (id),
  supersede_reason text check (length(supersede_reason) <= 2000),
  production_date date not null,
  packing_date date,
  expiry_date date,
  quantity numeric(14, 3) not null check (quantity > 0),
  unit text not null check (unit in ('kg', 'tonne', 'g', 'litre', 'ml', 'piece', 'bunch', 'box', 'bag', 'bottle', 'jar', 'pack')),
  standards text[] not null default '{}',
  test_results jsonb not null default '[]',
  carries_ocop boolean not null default true,
  status text not null default 'draft' check (status in ('draft', 'sealed', 'superseded')),
  sealed_at timestamptz,
  sealed_by jsonb,
  record_jws text,
  record_sha256 text,
  record_kid text references signing_keys (kid),
  superseded_by_id uuid references batches (id),
  superseded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (product_id, lot_code, version),
  check (expiry_date is null or expiry_date >= production_date),
  check (packing_date is null or packing_date >= production_date),
  check ((supersedes_id is null) = (version = 1)),
  check ((status = 'draft') = (sealed_at is null)),
  check (status = 'draft' or (record_jws is not null and record_sha256 is not null and record_kid is not null)),
  check ((status = 'superseded') = (superseded_by_id is not null))
);
create index batches_product_lot_idx on batches (product_id, lot_code, version desc);
create index batches_coop_idx on batches (cooperative_id, seq);

create table batch_inputs (
  batch_id uuid not null references batches (id),
  harvest_lot_id uuid not null references harvest_lots (id),
  quantity numeric(14, 3) not null check (quantity > 0),
  primary key (batch_id, harvest_lot_id)
);
create index batch_inputs_lot_idx on batch_inputs (harvest_lot_id);

create table batch_events (
  id uuid primary key default gen_random_uuid(),
  batch_id uuid not null references batches (id),
  type text not null check (type in ('harvesting', 'receiving', 'drying', 'processing', 'packing', 'inspection', 'shipping', 'other')),
  occurred_at timestamptz not null,
  place_organization_id uuid references organizations (id),
  place_area_id uuid references raw_material_areas (id),
  product_code text not null check (length(product_code) between 1 and 100),
  location_code text not null check (length(location_code) between 1 and 100),
  recorded_by text not null check (length(recorded_by) between 1 and 200),
  details text check (length(details) <= 2000),
  created_at timestamptz not null default now(),
  check ((place_organization_id is null) <> (place_area_id is null))
);
create index batch_events_batch_idx on batch_events (batch_id, occurred_at);

create table batch_recalls (
  id uuid primary key default gen_random_uuid(),
  batch_id uuid not null references batches (id),
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  authority text not null check (length(btrim(authority)) between 1 and 300),
  recalled_on date not null,
  -- what started it: this batch itself, or a harvest lot or an area upstream
  origin jsonb not null default '{"kind":"batch"}',
  statement_jws text not null,
  recorded_by jsonb not null,
  created_at timestamptz not null default now(),
  lifted_at timestamptz,
  lift_reason text check (length(lift_reason) <= 2000),
  check ((lifted_at is null) = (lift_reason is null))
);
create index batch_recalls_batch_idx on batch_recalls (batch_id) where lifted_at is null;

-- ---- mass balance: drawn follows batch_inputs, under the harvest lot's row lock ----
create function harvest_lot_draw() returns trigger language plpgsql as $$
declare
  left_over numeric;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update harvest_lots set drawn = drawn - old.quantity where id = old.harvest_lot_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    -- The UPDATE waits for any concurrent draw on the same lot and re-checks the condition
    -- against its committed result, so concurrent batches cannot overdraw together.
    update harvest_lots set drawn = drawn + new.quantity
      where id = new.harvest_lot_id and drawn + new.quantity <= quantity;
    if not found then
      select quantity - drawn into left_over from harvest_lots where id = new.harvest_lot_id;
      raise exception 'harvest lot % holds only % more', new.harvest_lot_id, left_over
        using hint = 'HARVEST_OVERDRAWN',
              detail = json_build_object('harvestLotId', new.harvest_lot_id, 'requested', new.quantity,
                                         'remaining', left_over)::text;
    end if;
  end if;
  return null;
end $$;
create trigger batch_inputs_draw after insert or update or delete on batch_inputs
  for each row execute function harvest_lot_draw();

-- ---- immutability of sealed batches ----
create function batch_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'batch % is sealed and cannot be deleted', old.id using hint = 'BATCH_SEALED';
    end if;
    return old;
  end if;
  if old.status = 'draft' then
    return new;
  end if;
  -- The only change a sealed batch admits: being superseded by its correction.
  if old.status = 'sealed' and new.status = 'superseded'
     and (to_jsonb(new) - array['status', 'superseded_by_id', 'superseded_at'])
       = (to_jsonb(old) - array['status', 'superseded_by_id', 'superseded_at']) then
    -- its draws are released: the correction draws again for itself
    update harvest_lots h set drawn = h.drawn - i.quantity
      from batch_inputs i where i.batch_id = old.id and h.id = i.harvest_lot_id;
    return new;
  end if;
  raise exception 'batch % is sealed and cannot be changed', old.id using hint = 'BATCH_SEALED';
end $$;
create trigger batches_guard before update or delete on batches
  for each row execute function batch_guard();

create function batch_part_guard() returns trigger language plpgsql as $$
declare
  target uuid := case when tg_op = 'DELETE' then old.batch_id else new.batch_id end;
  st text;
begin
  -- FOR SHARE: sealing takes the batch row FOR UPDATE, so a part added concurrently either
  -- lands before the seal (and is signed) or sees the sealed status and is refused.
  select status into st from batches where id = target for share;
  if st <> 'draft' then
    raise exception 'batch % is sealed; its % cannot change', target, tg_table_name using hint = 'BATCH_SEALED';
  end if;
  if tg_op = 'UPDATE' and old.batch_id <> new.batch_id then
    select status into st from batches where id = old.batch_id for share;
    if st <> 'draft' then
      raise exception 'batch % is sealed', old.batch_id using hint = 'BATCH_SEALED';
    end if;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger batch_inputs_guard before insert or update or delete on batch_inputs
  for each row execute function batch_part_guard();
create trigger batch_events_guard before insert or update or delete on batch_events
  for each row execute function batch_part_guard();

-- Harvest lots that a sealed record covers keep their recorded facts; only drawn moves.
create function harvest_lot_guard() returns trigger language plpgsql as $$
begin
  if (to_jsonb(new) - 'drawn') <> (to_jsonb(old) - 'drawn') and exists (
       select 1 from batch_inputs i join batches b on b.id = i.batch_id
       where i.harvest_lot_id = old.id and b.status <> 'draft') then
    raise exception 'harvest lot % is part of a sealed batch record', old.id using hint = 'BATCH_SEALED';
  end if;
  return new;
end $$;
create trigger harvest_lots_guard before update on harvest_lots
  for each row execute function harvest_lot_guard();

-- Recalls are statements: they can be lifted, never rewritten or removed.
create function batch_recall_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or old.lifted_at is not null
     or (to_jsonb(new) - array['lifted_at', 'lift_reason']) <> (to_jsonb(old) - array['lifted_at', 'lift_reason']) then
    raise exception 'a recall can only be lifted, not changed or removed' using hint = 'CONFLICT';
  end if;
  return new;
end $$;
create trigger batch_recalls_guard before update or delete on batch_recalls
  for each row execute function batch_recall_guard();
