-- Issue 17: dated e-commerce listings (target 4 per year) and the OCOP product pipeline beside
-- target (3): candidates the commune associations register each year and the stages of the OCOP
-- cycle they reach (Decision 615/QĐ-UBND, section 4).

-- ---- listings: a platform from a known list, the day a listing went live and the day it ended ----
alter table product_listings
  add column seq bigint generated always as identity,
  add column platform text,
  add column went_live_on date,
  add column ended_on date,
  add column created_at timestamptz not null default now(),
  add column updated_at timestamptz not null default now();

-- Listings recorded before this migration carry no date: the day their product was registered
-- (in Vietnam) is the earliest they can have gone live, so that is the day they are given. The
-- platform is read from the free channel text where it names a known one, else 'other'.
update product_listings l
   set went_live_on = ((p.created_at at time zone 'UTC') + interval '7 hours')::date,
       platform = case
         when l.channel ilike '%postmart%' then 'postmart'
         when l.channel ilike '%voso%' then 'voso'
         when l.channel ilike '%shopee%' then 'shopee'
         when l.channel ilike '%tiki%' then 'tiki'
         when l.channel ilike '%lazada%' then 'lazada'
         when l.channel ilike '%sendo%' then 'sendo'
         else 'other' end
  from products p
 where p.id = l.product_id;

alter table product_listings
  alter column went_live_on set not null,
  alter column platform set not null,
  add constraint product_listings_platform_check
    check (platform in ('postmart', 'voso', 'shopee', 'tiki', 'lazada', 'sendo', 'own_website', 'other')),
  add constraint product_listings_dates_check check (ended_on is null or ended_on >= went_live_on),
  add constraint product_listings_seq_key unique (seq);

-- A shop page that ended may be listed again later: only one live listing per address.
alter table product_listings drop constraint product_listings_product_id_url_key;
create unique index product_listings_live_url_key on product_listings (product_id, url) where ended_on is null;
create index product_listings_live_idx on product_listings (went_live_on, product_id);

-- ---- the OCOP product pipeline ----
create table ocop_candidates (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  -- the household group, cooperative group or cooperative, when it is registered as one
  organization_id uuid references organizations (id),
  -- or a named household
  household_name text check (length(btrim(household_name)) between 1 and 200),
  product_name text not null check (length(btrim(product_name)) between 1 and 300),
  year_registered smallint not null check (year_registered between 2000 and 2100),
  supporting_unit_id uuid not null references organizations (id),
  commune text not null check (length(btrim(commune)) between 1 and 100),
  note text check (length(note) <= 2000),
  -- set once the candidate is rated: its product and the rating decision
  product_id uuid references products (id),
  rating_id uuid references ocop_ratings (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (organization_id is not null or household_name is not null),
  check (rating_id is null or product_id is not null)
);
create index ocop_candidates_year_idx on ocop_candidates (year_registered, seq);
create index ocop_candidates_unit_idx on ocop_candidates (supporting_unit_id);

create table ocop_candidate_stages (
  id uuid primary key default gen_random_uuid(),
  candidate_id uuid not null references ocop_candidates (id) on delete cascade,
  stage text not null check (stage in ('idea', 'plan', 'carrying_out', 'dossier', 'rating', 'promotion')),
  reached_on date not null,
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  unique (candidate_id, stage)
);
create index ocop_candidate_stages_day_idx on ocop_candidate_stages (reached_on);

-- Stages only move forward and their days never go back, even when two staff record at once:
-- the candidate row is locked, and a stage is refused unless it comes after every recorded one,
-- on the same day or later.
create function ocop_stage_order(s text) returns int language sql immutable as $$
  select array_position(array['idea', 'plan', 'carrying_out', 'dossier', 'rating', 'promotion'], s)
$$;

create function ocop_candidate_stage_guard() returns trigger language plpgsql as $$
declare
  last_stage text;
  last_day date;
begin
  if tg_op <> 'INSERT' then
    raise exception 'a stage reached is a record of fact and is not changed' using hint = 'CONFLICT';
  end if;
  perform 1 from ocop_candidates where id = new.candidate_id for update;
  select stage, reached_on into last_stage, last_day
    from ocop_candidate_stages
   where candidate_id = new.candidate_id
   order by ocop_stage_order(stage) desc
   limit 1;
  if last_stage is not null and ocop_stage_order(new.stage) <= ocop_stage_order(last_stage) then
    raise exception 'stage % does not come after %', new.stage, last_stage
      using hint = 'CONFLICT',
            detail = json_build_object('stage', new.stage, 'lastStage', last_stage)::text;
  end if;
  if last_day is not null and new.reached_on < last_day then
    raise exception 'stage % is dated before %', new.stage, last_day
      using hint = 'CONFLICT',
            detail = json_build_object('reachedOn', new.reached_on, 'lastReachedOn', last_day)::text;
  end if;
  return new;
end $$;
create trigger ocop_candidate_stages_guard before insert or update on ocop_candidate_stages
  for each row execute function ocop_candidate_stage_guard();
