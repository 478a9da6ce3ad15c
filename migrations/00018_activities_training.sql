-- Issue 17, targets (1) and (2) of the provincial scheme (Decision 615/QĐ-UBND): the association
-- units' communication, advice and support activities; the training courses and who attended
-- them; and the people who should be trained (association officers, directors and leaders of the
-- cooperatives and groups in OCOP). Dates of activities and courses are checked against the
-- programme period by the API (PROGRAMME_FROM_YEAR..PROGRAMME_TO_YEAR, configuration).

-- Staff bound to one association unit record and see that unit and the units below it; null
-- (province-level staff) sees everything. Only staff carry a unit; the API checks it is one.
alter table api_keys add column association_unit_id uuid references organizations (id);
alter table api_keys add constraint api_keys_unit_is_for_staff check (association_unit_id is null or role = 'staff');
alter table users add column association_unit_id uuid references organizations (id);
alter table users add constraint users_unit_is_for_staff check (association_unit_id is null or role = 'staff');

create table association_activities (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  unit_id uuid not null references organizations (id),
  held_on date not null,
  kind text not null check (kind in ('communication', 'advice', 'support')),
  topic text not null check (length(btrim(topic)) between 1 and 300),
  place text check (length(place) <= 300),
  participants integer not null check (participants between 0 and 100000),
  note text check (length(note) <= 2000),
  recorded_by text not null check (length(recorded_by) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index association_activities_unit_idx on association_activities (unit_id, held_on);
create index association_activities_held_idx on association_activities (held_on);

-- The members' organizations that took part, where known.
create table activity_organizations (
  activity_id uuid not null references association_activities (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  primary key (activity_id, organization_id)
);
create index activity_organizations_org_idx on activity_organizations (organization_id);

-- Photos or minutes of an activity: small files kept here (a commune officer has nowhere else to
-- put them), 2 MB at most, PDF, JPEG or PNG as told by their first bytes.
create table activity_attachments (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references association_activities (id) on delete cascade,
  file_name text not null check (length(btrim(file_name)) between 1 and 200),
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  bytes bytea not null check (octet_length(bytes) between 1 and 2097152),
  created_at timestamptz not null default now(),
  unique (activity_id, content_hash)
);
create index activity_attachments_activity_idx on activity_attachments (activity_id, created_at);

-- The people the scheme wants trained. An association officer belongs to an association unit (the
-- unit's level is the officer's level); a director or group leader to a cooperative or group.
create table people (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  organization_id uuid not null references organizations (id),
  full_name text not null check (length(btrim(full_name)) between 1 and 200),
  role text not null check (role in ('association_officer', 'cooperative_director', 'group_leader')),
  phone text check (length(phone) <= 30),
  active_from date not null,
  active_to date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (active_to is null or active_to >= active_from)
);
create index people_organization_idx on people (organization_id, seq);

create table training_courses (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  organiser_id uuid not null references organizations (id),
  title text not null check (length(btrim(title)) between 1 and 300),
  topic text not null check (topic in ('ocop_ideas_plans', 'founding_cooperatives', 'running_ocop',
                                       'scoring_rating', 'trademarks', 'traceability', 'dossiers',
                                       'marketing_ecommerce', 'other')),
  topic_other text check (length(btrim(topic_other)) between 1 and 300),
  starts_on date not null,
  ends_on date not null,
  place text check (length(place) <= 300),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check ((topic = 'other') = (topic_other is not null))
);
create index training_courses_organiser_idx on training_courses (organiser_id, starts_on);

-- One row per person per course: the same person twice on one course is refused.
create table course_attendances (
  course_id uuid not null references training_courses (id) on delete cascade,
  person_id uuid not null references people (id),
  created_at timestamptz not null default now(),
  primary key (course_id, person_id)
);
create index course_attendances_person_idx on course_attendances (person_id);
