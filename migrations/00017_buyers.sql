-- Buyers: enterprises that buy from cooperatives get their own key and console role; what they
-- received and shipped on is kept beside the EPCIS events that say so (written in the capture's
-- transaction), so that tracing and recalls follow the goods; a recall leaves a notice per buyer
-- and an outbox of signed webhook deliveries. The rows name their event by event_id without a
-- foreign key: the EPCIS events may be rebuilt from the records (src/db/epcis-derived-store.ts).

-- ---- the buyer role: bound to one organization, like a cooperative's key or user ----
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys drop constraint api_keys_check;
alter table api_keys add constraint api_keys_role_check check (role in ('admin', 'staff', 'cooperative', 'buyer'));
alter table api_keys add constraint api_keys_check
  check ((role in ('cooperative', 'buyer')) = (organization_id is not null));
alter table users drop constraint users_role_check;
alter table users drop constraint users_check;
alter table users add constraint users_role_check check (role in ('admin', 'staff', 'cooperative', 'buyer'));
alter table users add constraint users_check check ((role in ('cooperative', 'buyer')) = (organization_id is not null));

-- ---- capture jobs: one per POST /epcis/capture (run inside the request, polled as the standard says) ----
create table epcis_capture_jobs (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  owner_id uuid not null references organizations (id),
  status text not null check (status in ('running', 'success', 'failed')),
  event_count integer not null default 0 check (event_count >= 0),
  -- the problems that refused the document: [{ eventIndex, field, message }]
  errors jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index epcis_capture_jobs_owner_idx on epcis_capture_jobs (owner_id, seq);
alter table epcis_events add constraint epcis_events_capture_fk
  foreign key (capture_id) references epcis_capture_jobs (id);

-- ---- shipments: a cooperative's recorded sale, or a buyer's captured shipping event ----
create table buyer_shipments (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  from_org_id uuid not null references organizations (id),
  -- null when the goods left for someone outside the service (a shop, a consumer market)
  to_org_id uuid references organizations (id),
  destination text check (length(destination) <= 500),
  -- the batch the goods come from, and what was shipped: the lot's or the buyer's own class URI
  batch_id uuid not null references batches (id),
  item text not null check (length(item) <= 500),
  quantity numeric check (quantity > 0),
  unit text check (length(unit) <= 20),
  despatch_advice text check (length(btrim(despatch_advice)) between 1 and 100),
  -- 1 from the cooperative, 2 from its buyer to the next, …: the forward trace stops at 5
  hop integer not null check (hop between 1 and 5),
  event_id text not null,
  shipped_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (to_org_id is null or to_org_id <> from_org_id)
);
create index buyer_shipments_batch_idx on buyer_shipments (batch_id, seq);
create index buyer_shipments_to_idx on buyer_shipments (to_org_id, despatch_advice);
create index buyer_shipments_from_idx on buyer_shipments (from_org_id, seq);

-- ---- receipts: a buyer's receiving event, naming the shipment it received ----
create table buyer_receipts (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  buyer_id uuid not null references organizations (id),
  shipment_id uuid not null references buyer_shipments (id),
  from_org_id uuid not null references organizations (id),
  batch_id uuid not null references batches (id),
  item text not null check (length(item) <= 500),
  quantity numeric check (quantity > 0),
  unit text check (length(unit) <= 20),
  event_id text not null,
  received_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index buyer_receipts_batch_idx on buyer_receipts (batch_id, seq);
create index buyer_receipts_buyer_idx on buyer_receipts (buyer_id, seq);
create index buyer_receipts_shipment_idx on buyer_receipts (shipment_id);

-- ---- a buyer's own lots: what it repacked a lot into (TransformationEvent) ----
create table buyer_lots (
  buyer_id uuid not null references organizations (id),
  item text not null check (length(item) <= 500),
  batch_id uuid not null references batches (id),
  event_id text not null,
  created_at timestamptz not null default now(),
  primary key (buyer_id, item, batch_id)
);
create index buyer_lots_batch_idx on buyer_lots (batch_id);

-- ---- webhooks: one URL per buyer; the secret signs deliveries (shown once, on creation) ----
create table buyer_webhooks (
  buyer_id uuid primary key references organizations (id),
  url text not null check (url ~ '^https://' or url ~ '^http://(127\.0\.0\.1|localhost)(:[0-9]+)?(/|$)'),
  secret text not null check (secret ~ '^whsec_[A-Za-z0-9+/]+=*$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- ---- recall notices: one per buyer reached by a recall, until the buyer acknowledges it ----
create table recall_notices (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  buyer_id uuid not null references organizations (id),
  recall_ids uuid[] not null,
  batch_ids uuid[] not null check (cardinality(batch_ids) > 0),
  reason text not null,
  authority text not null,
  recalled_on date not null,
  created_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by jsonb,
  check ((acknowledged_at is null) = (acknowledged_by is null))
);
create index recall_notices_buyer_idx on recall_notices (buyer_id, seq);
create index recall_notices_open_idx on recall_notices (created_at) where acknowledged_at is null;

-- ---- the outbox: one row per delivery attempt; the newest row of a notice says what comes next ----
create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  notice_id uuid not null references recall_notices (id),
  -- the Standard Webhooks message id: the same on every attempt, so a receiver can drop repeats
  message_id text not null,
  attempt integer not null check (attempt >= 1),
  status text not null check (status in ('pending', 'delivered', 'failed', 'gave_up', 'no_webhook')),
  -- when this attempt is due (pending) or was made
  at timestamptz not null,
  status_code integer,
  error text check (length(error) <= 500),
  next_attempt_at timestamptz,
  unique (notice_id, attempt)
);
create index webhook_deliveries_due_idx on webhook_deliveries (at) where status = 'pending';
