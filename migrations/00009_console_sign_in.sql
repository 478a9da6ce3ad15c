-- Console sign-in: wrong passwords lock a username on one client network only, so that nobody
-- can lock a real user out from elsewhere; across all networks a username is slowed down (each
-- attempt must wait a growing delay), never locked.
--
-- sign_in_throttle now holds three kinds of keys (SHA-256 hex, never names or addresses):
--   net:<network>            failures of one client network, fixed 15-minute window, then a lock
--   pair:<username>:<network> failures of one username from one network, fixed window, then a lock
--   user:<username>          failures of one username from anywhere; window_start is the last
--                            attempt (the count restarts after 15 quiet minutes) and locked_until
--                            is the time before which no further attempt is checked
alter table sign_in_throttle drop constraint sign_in_throttle_key_check;
alter table sign_in_throttle add constraint sign_in_throttle_key_check
  check (key ~ '^(net|user):[0-9a-f]{64}$' or key ~ '^pair:[0-9a-f]{64}:[0-9a-f]{64}$');
-- user: rows used to be the lock of an unknown username; their counts mean something else now
delete from sign_in_throttle where key like 'user:%';

-- An account as a whole is never locked any more; failed_attempts stays as information for the
-- admin (wrong passwords since the last successful sign-in, from anywhere).
alter table users drop column locked_until;

-- A password an admin has set (a reset) is known to the admin: the user must choose a new one at
-- their next sign-in before any other console page opens. Their own change clears it.
alter table users add column must_change_password boolean not null default false;
