-- Product photos (issue 16): a cooperative's pictures of its products, kept in PostgreSQL on every
-- runtime so that several Node servers and the Worker serve the same files. The original upload
-- is never kept: only its resized WebP variants, re-encoded without any metadata (no EXIF, no GPS
-- from a farmer's phone). A product has at most a few photos (the API caps them); one may be its
-- main photo, which the public pages show.
create table product_photos (
  id uuid primary key default gen_random_uuid(),
  product_id uuid not null references products (id) on delete cascade,
  -- SHA-256 of the uploaded bytes, hex: part of the served URL (content-addressed) and the
  -- guard against the same file twice on one product
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  source_type text not null check (source_type in ('image/jpeg', 'image/png', 'image/webp')),
  -- the picture as shown (after the camera's orientation was applied)
  width integer not null check (width between 1 and 20000),
  height integer not null check (height between 1 and 20000),
  alt_vi text check (length(alt_vi) between 1 and 300),
  alt_en text check (length(alt_en) between 1 and 300),
  is_main boolean not null default false,
  created_at timestamptz not null default now(),
  unique (product_id, content_hash)
);
create index product_photos_product_idx on product_photos (product_id, created_at);
-- one main photo per product at most
create unique index product_photos_main_idx on product_photos (product_id) where is_main;

create table product_photo_variants (
  photo_id uuid not null references product_photos (id) on delete cascade,
  width integer not null check (width between 1 and 20000),
  height integer not null check (height between 1 and 20000),
  -- WebP for the pages (every width); one JPEG at the widest width for link previews, which some
  -- previewers fetch only as JPEG or PNG
  format text not null check (format in ('webp', 'jpeg')),
  mime text not null check (mime = 'image/' || format),
  bytes bytea not null check (octet_length(bytes) between 1 and 4194304),
  etag text not null check (length(etag) between 1 and 100),
  primary key (photo_id, format, width)
);
