-- The scan log (every view of a stamp page, written before the page is answered) and the
-- fake reports consumers send from it.

create table scans (
  id bigint generated always as identity primary key,
  serial text not null,
  gtin char(14) not null,
  lot_code text,
  -- the serial exists for this product (unknown serials are logged too: repeated guesses
  -- against one product are a counterfeiting signal)
  known boolean not null,
  at timestamptz not null default now(),
  -- a daily-salted hash of the client's network (/24 or /48): counts visitors, names nobody
  client_hash text not null,
  user_agent_family text not null,
  language text not null,
  -- HEAD requests and link previewers: recorded, not counted toward warnings
  is_bot boolean not null default false,
  -- coarse position, only when the visitor chose to share it
  lat numeric(6, 2) check (lat between -90 and 90),
  lon numeric(6, 2) check (lon between -180 and 180)
);
create index scans_serial_idx on scans (serial, at) where not is_bot;
create index scans_gtin_unknown_idx on scans (gtin, at) where not known;

create table fake_reports (
  id uuid primary key default gen_random_uuid(),
  serial text not null check (length(serial) <= 40),
  gtin char(14) not null,
  lot_code text,
  verdict text not null,
  message text not null check (length(btrim(message)) between 1 and 2000),
  contact text check (length(contact) <= 200),
  client_hash text not null,
  created_at timestamptz not null default now(),
  status text not null default 'new' check (status in ('new', 'acknowledged', 'resolved')),
  staff_note text check (length(staff_note) <= 2000)
);
create index fake_reports_created_idx on fake_reports (created_at desc);
create index fake_reports_gtin_idx on fake_reports (gtin, created_at);

-- Per-stamp counters, kept by the same statement that logs a scan: the UPDATE takes the
-- stamp's row lock, so concurrent scans of one stamp get distinct, exact counts, and the count
-- a page shows always includes its own scan.
alter table stamps add column scan_count integer not null default 0 check (scan_count >= 0);
alter table stamps add column first_scanned_at timestamptz;
