-- Console: the people who sign in to the web console (users), their server-side sessions, and
-- the counters that slow down password guessing. A user is bound to a role and, for cooperative
-- users, to one organization, exactly as an API key is; the console acts with the same Actor.

create table users (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  -- lower-case only, so "Admin" and "admin" cannot be two accounts
  username text not null unique check (username ~ '^[a-z0-9._-]{3,40}$'),
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  -- "scrypt$N$r$p$salt$hash" (base64): never a password in clear, whatever a caller sends
  password_hash text not null
    check (password_hash ~ '^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$'),
  role text not null check (role in ('admin', 'staff', 'cooperative')),
  organization_id uuid references organizations (id),
  -- the API key or user that created it; either table, so no foreign key
  created_by uuid,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now(),
  disabled_at timestamptz,
  -- wrong passwords since the last success or lock-out; at 5 the account locks for a while
  failed_attempts integer not null default 0 check (failed_attempts between 0 and 1000),
  locked_until timestamptz,
  last_sign_in_at timestamptz,
  check ((role = 'cooperative') = (organization_id is not null))
);
create index users_organization_idx on users (organization_id) where organization_id is not null;

-- Server-side sessions, so that signing out, disabling a user or resetting a password really
-- ends them. The cookie carries a 256-bit random token; only its SHA-256 is kept here, so a
-- copy of this table does not let anyone in. Each session has its own random CSRF token.
create table sessions (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null check (length(csrf_token) between 32 and 100),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  check (expires_at > created_at)
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Failed sign-ins counted per key over a window, where the users table cannot count them:
-- per client network ('net:…', slows down guessing across many usernames) and per unknown
-- username ('user:…', so an unknown name locks exactly like a real one and the lock-out
-- does not reveal which usernames exist). Keys are SHA-256 hex, not addresses or names.
create table sign_in_throttle (
  key text primary key check (key ~ '^(net|user):[0-9a-f]{64}$'),
  window_start timestamptz not null,
  failures integer not null check (failures >= 0),
  locked_until timestamptz
);
