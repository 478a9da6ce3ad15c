-- The value-chain registry: organizations, raw-material areas, supply contracts, products with
-- their OCOP rating history, value-chain models; plus API keys, the audit log and idempotency.
-- Every row has a public uuid `id` and an internal `seq` giving lists a stable keyset order.

create table organizations (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  kind text not null check (kind in ('association_unit', 'cooperative', 'cooperative_group',
                                     'farmer_professional_group', 'enterprise')),
  association_level text check (association_level in ('province', 'district', 'commune')),
  name text not null check (length(btrim(name)) between 1 and 300),
  registration_code text unique check (length(registration_code) between 1 and 50),
  address text check (length(address) <= 500),
  province text not null check (length(btrim(province)) between 1 and 100),
  commune text check (length(commune) <= 100),
  contact_name text check (length(contact_name) <= 200),
  contact_phone text check (length(contact_phone) <= 30),
  contact_email text check (length(contact_email) <= 254),
  gln char(13) unique check (gln ~ '^[0-9]{13}$'),
  parent_id uuid references organizations (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- only association units have a level, and they must have one
  check ((kind = 'association_unit') = (association_level is not null)),
  check (parent_id is null or parent_id <> id)
);
create index organizations_parent_idx on organizations (parent_id);
create index organizations_kind_idx on organizations (kind, seq);

create table raw_material_areas (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  code text not null unique check (code ~ '^[A-Za-z0-9._-]{1,40}$'),
  name text not null check (length(btrim(name)) between 1 and 300),
  operator_id uuid not null references organizations (id),
  province text not null check (length(btrim(province)) between 1 and 100),
  commune text check (length(commune) <= 100),
  location jsonb not null check (location ->> 'type' in ('Point', 'Polygon')),
  area_ha numeric(12, 4) not null check (area_ha >= 0),
  crops text[] not null default '{}',
  households integer not null default 0 check (households >= 0),
  planting_area_code text check (length(planting_area_code) between 1 and 50),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index raw_material_areas_operator_idx on raw_material_areas (operator_id, seq);

create table area_certifications (
  id uuid primary key default gen_random_uuid(),
  area_id uuid not null references raw_material_areas (id) on delete cascade,
  scheme text not null check (scheme in ('vietgap', 'organic', 'globalgap', 'other')),
  number text not null check (length(btrim(number)) between 1 and 100),
  issuer text not null check (length(btrim(issuer)) between 1 and 300),
  valid_from date not null,
  valid_to date not null,
  check (valid_to >= valid_from),
  unique (area_id, scheme, number)
);
create index area_certifications_area_idx on area_certifications (area_id, valid_from);

create table supply_contracts (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  area_id uuid not null references raw_material_areas (id),
  cooperative_id uuid not null references organizations (id),
  number text not null check (length(btrim(number)) between 1 and 100),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (cooperative_id, number)
);
create index supply_contracts_area_idx on supply_contracts (area_id, starts_on);
create index supply_contracts_coop_idx on supply_contracts (cooperative_id, seq);

create table products (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  gtin char(14) not null unique check (gtin ~ '^[0-9]{14}$'),
  name_vi text not null check (length(btrim(name_vi)) between 1 and 300),
  name_en text check (length(name_en) between 1 and 300),
  ocop_group smallint not null check (ocop_group between 1 and 6),
  ocop_subgroup text check (length(ocop_subgroup) <= 200),
  owner_id uuid not null references organizations (id),
  shelf_life_days integer check (shelf_life_days > 0),
  standards text[] not null default '{}',
  image_url text check (image_url ~ '^https?://' and length(image_url) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_owner_idx on products (owner_id, seq);

create table product_listings (
  id uuid primary key default gen_random_uuid(),
  product_id uuid not null references products (id) on delete cascade,
  channel text not null check (length(btrim(channel)) between 1 and 100),
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  unique (product_id, url)
);
create index product_listings_product_idx on product_listings (product_id);

-- A rating is valid for 36 months from its decision date (Decision 148/QĐ-TTg); valid_until is
-- the last day it is valid, derived here so that nobody can type it in.
create table ocop_ratings (
  id uuid primary key default gen_random_uuid(),
  product_id uuid not null references products (id),
  stars smallint not null check (stars between 1 and 5),
  decision_number text not null check (length(btrim(decision_number)) between 1 and 100),
  issuing_level text not null check (issuing_level in ('province', 'central', 'district')),
  decision_date date not null,
  valid_until date generated always as ((decision_date + interval '36 months' - interval '1 day')::date) stored,
  created_at timestamptz not null default now(),
  unique (product_id, decision_number)
);
create index ocop_ratings_product_idx on ocop_ratings (product_id, decision_date desc);

create table value_chain_models (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  name text not null check (length(btrim(name)) between 1 and 300),
  year_founded smallint not null check (year_founded between 1990 and 2100),
  description text check (length(description) <= 5000),
  lead_cooperative_id uuid not null references organizations (id),
  status text not null default 'active' check (status in ('planning', 'active', 'suspended', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table model_members (
  model_id uuid not null references value_chain_models (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  role text not null check (role in ('producer', 'processor', 'distributor', 'buyer', 'sales_channel')),
  primary key (model_id, organization_id, role)
);
create index model_members_org_idx on model_members (organization_id);

create table model_areas (
  model_id uuid not null references value_chain_models (id) on delete cascade,
  area_id uuid not null references raw_material_areas (id),
  primary key (model_id, area_id)
);
create index model_areas_area_idx on model_areas (area_id);

create table model_products (
  model_id uuid not null references value_chain_models (id) on delete cascade,
  product_id uuid not null references products (id),
  primary key (model_id, product_id)
);
create index model_products_product_idx on model_products (product_id);

-- API keys: only a SHA-256 of the secret is kept (the secret has 256 random bits, so a fast
-- hash is enough); the prefix finds the row without scanning.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  name text not null check (length(btrim(name)) between 1 and 200),
  prefix text not null unique,
  secret_hash text not null,
  role text not null check (role in ('admin', 'staff', 'cooperative')),
  organization_id uuid references organizations (id),
  created_by uuid references api_keys (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((role = 'cooperative') = (organization_id is not null))
);

-- Append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_key_id uuid,
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_entity_idx on audit_log (entity, entity_id, id);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

-- Idempotent creates: the first answer to (key holder, Idempotency-Key) is stored in the same
-- transaction as the change it reports, and replayed to every retry.
create table idempotency_keys (
  actor_key_id uuid not null,
  key text not null,
  method text not null,
  path text not null,
  request_hash text not null,
  status integer not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (actor_key_id, key)
);
