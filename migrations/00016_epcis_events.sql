-- EPCIS 2.0 events (ISO/IEC 19987): every business step as a JSON-LD event, derived from the
-- records (harvest lots, batches, print runs, seals, corrections, recalls) in the same transaction
-- as the record, or captured by a buyer. The document is served exactly as stored; the columns
-- beside it are computed from it (src/domain/epcis-event.ts eventIndexColumns) for the query
-- interface. event_id is the CBV 2.0 event hash, so storing an event twice stores it once.
create table epcis_events (
  event_id text primary key,  -- ni:///sha-256;<64 hex>?ver=CBV2.0 (the CBV 2.0 event hash)
  seq bigint generated always as identity unique,  -- stable order for paging
  event_type text not null check (event_type in ('ObjectEvent', 'AggregationEvent', 'TransactionEvent',
                                                 'TransformationEvent', 'AssociationEvent')),
  event_time timestamptz not null,
  record_time timestamptz not null default now(),
  action text check (action in ('ADD', 'OBSERVE', 'DELETE')),
  biz_step text,
  disposition text,
  read_point text,
  biz_location text,
  -- every instance identifier (epcList, parentID, childEPCs, inputEPCList, outputEPCList)
  epcs text[] not null default '{}',
  -- every class identifier (quantityList, childQuantityList, input/outputQuantityList)
  epc_classes text[] not null default '{}',
  -- the lot-level URI (/01/{gtin}/10/{lot}) of every EPC and class above: "all events of one lot"
  lots text[] not null default '{}',
  -- the tenant: the cooperative (derived) or the buyer (captured) the event belongs to
  owner_id uuid not null references organizations (id),
  source text not null check (source in ('derived', 'captured')),
  -- derived events: the record they come from (e.g. 'batch', its id)
  record_kind text,
  record_id uuid,
  -- captured events: the capture job (its table and foreign key come with the capture interface)
  capture_id uuid,
  document jsonb not null,
  check (source <> 'derived' or (record_kind is not null and record_id is not null))
);
create index epcis_events_epcs_idx on epcis_events using gin (epcs);
create index epcis_events_epc_classes_idx on epcis_events using gin (epc_classes);
create index epcis_events_lots_idx on epcis_events using gin (lots);
create index epcis_events_event_time_idx on epcis_events (event_time, seq);
create index epcis_events_record_time_idx on epcis_events (record_time, seq);
create index epcis_events_owner_idx on epcis_events (owner_id, seq);
create index epcis_events_biz_step_idx on epcis_events (biz_step, seq);
create index epcis_events_record_idx on epcis_events (record_kind, record_id);
create index epcis_events_capture_idx on epcis_events (capture_id) where capture_id is not null;

-- The origin our identifiers without a GS1 key are written under (PUBLIC_BASE_URL when the
-- service first ran with EPCIS): pinned, so derived events and their eventIDs stay the same when
-- the configured address changes later.
create table epcis_identity (
  singleton boolean primary key default true check (singleton),
  base_url text not null check (base_url ~ '^https?://[^ ]*[^/ ]$')
);
