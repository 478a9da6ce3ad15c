// Console sessions and the sign-in throttle. The session cookie holds a 256-bit random token;
// the table keeps only its SHA-256 (the session id), so reading the table does not let anyone
// in. Every session carries its own random CSRF token, which its forms must send back.
import type { Db } from './client';
import type { Role } from '../domain/roles';

const B64URL = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes as 43 base64url characters. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export function isToken(s: string | undefined | null): s is string {
  return !!s && B64URL.test(s);
}

export async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal strings, compared without an early exit (tokens, CSRF values). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface SessionUser {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  organizationName: string | null;
  /** An admin reset the password: only the change-password page opens. */
  mustChangePassword: boolean;
}

/** Starts a session; returns the cookie token (shown to the browser only) and the session row. */
export async function createSession(
  db: Db,
  input: { userId: string; now: Date; lifetimeMs: number },
): Promise<{ token: string; sessionId: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const sessionId = await sha256Hex(token);
  const csrfToken = randomToken();
  const expiresAt = new Date(input.now.getTime() + input.lifetimeMs);
  await db`
    insert into sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at)
    values (${sessionId}, ${input.userId}, ${csrfToken}, ${input.now}, ${expiresAt}, ${input.now})`;
  return { token, sessionId, csrfToken, expiresAt };
}

/** The live session of a cookie token, with its user; null when unknown, expired or the user is disabled. */
export async function findSession(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  if (!isToken(token)) return null;
  const [row] = await db<SessionUser[]>`
    select s.id as "sessionId", s.csrf_token, s.expires_at, s.last_seen_at,
           u.id as "userId", u.username, u.display_name, u.role, u.organization_id,
           o.name as "organizationName", u.must_change_password
    from sessions s
    join users u on u.id = s.user_id
    left join organizations o on o.id = u.organization_id
    where s.id = ${await sha256Hex(token)} and s.expires_at > ${now} and u.disabled_at is null`;
  return row ?? null;
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db`update sessions set last_seen_at = ${now} where id = ${sessionId}`;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db`delete from sessions where id = ${sessionId}`;
}

/** Ends every session of a user but (optionally) the one making the change; returns how many. */
export async function deleteUserSessions(
  db: Db,
  userId: string,
  exceptSessionId: string | null = null,
): Promise<number> {
  const rows = await db`
    delete from sessions where user_id = ${userId} and (${exceptSessionId}::text is null or id <> ${exceptSessionId})
    returning id`;
  return rows.length;
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db`delete from sessions where expires_at <= ${now} returning id`;
  return rows.length;
}

export async function countUserSessions(db: Db, userId: string, now: Date): Promise<number> {
  const [row] = await db<
    { n: number }[]
  >`select count(*)::int as n from sessions where user_id = ${userId} and expires_at > ${now}`;
  return row!.n;
}

// ---------------------------------------------------------------------------------------------
// Sign-in throttle: attempts per client network, per username and network, and per username
// ---------------------------------------------------------------------------------------------
//
// An attempt is counted when it is admitted, before its password is checked, in one statement per
// key: parallel attempts cannot all slip under a limit while their passwords are being checked.
// A right password then takes its attempt back, with the typos made before it by the same user
// from the same network (deleteThrottle, undoAttempts).

/** A fixed window: `limit` attempts within windowMs lock the key for lockMs. */
export interface LockRule {
  limit: number;
  windowMs: number;
  lockMs: number;
}

/**
 * A username-wide ceiling: past `ceiling` attempts (the count restarts after windowMs without
 * one), each attempt must wait firstDelayMs, doubling with every further attempt, at most
 * maxDelayMs, after the previous one. Never a lock: the wait is short and known.
 */
export interface SlowdownRule {
  ceiling: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export type Admission =
  | { admitted: true; failures: number; lockedUntil: Date | null }
  | { admitted: false; until: Date };

async function refusedUntil(db: Db, key: string, now: Date): Promise<Admission> {
  const [row] = await db<{ lockedUntil: Date }[]>`
    select locked_until from sign_in_throttle where key = ${key} and locked_until > ${now}`;
  // Unlocked between the two statements (a success took its attempt back): refuse this once anyway.
  return { admitted: false, until: row?.lockedUntil ?? now };
}

/** Counts an attempt against a LockRule key, unless the key is locked; the limit-th attempt sets the lock. */
export async function admitUnderLock(db: Db, key: string, now: Date, rule: LockRule): Promise<Admission> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const [row] = await db<{ failures: number; lockedUntil: Date | null }[]>`
    insert into sign_in_throttle as t (key, window_start, failures, locked_until)
    values (${key}, ${now}, 1, ${rule.limit <= 1 ? lockUntil : null})
    on conflict (key) do update set
      window_start = case when t.window_start <= ${windowStart} then ${now}::timestamptz else t.window_start end,
      failures = case when t.window_start <= ${windowStart} then 1 else t.failures + 1 end,
      locked_until = case
        when t.window_start > ${windowStart} and t.failures + 1 >= ${rule.limit} then ${lockUntil}::timestamptz
        else null end
    where t.locked_until is null or t.locked_until <= ${now}
    returning failures, locked_until`;
  return row ? { admitted: true, ...row } : refusedUntil(db, key, now);
}

/**
 * Counts an attempt against a SlowdownRule key, unless its wait is not over; an attempt past the
 * ceiling claims its slot (sets the next wait) before its password is checked, so that parallel
 * attempts get one check per wait, not one each.
 */
export async function admitUnderSlowdown(db: Db, key: string, now: Date, rule: SlowdownRule): Promise<Admission> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const [row] = await db<{ failures: number; lockedUntil: Date | null }[]>`
    insert into sign_in_throttle as t (key, window_start, failures, locked_until)
    values (${key}, ${now}, 1, null)
    on conflict (key) do update set
      window_start = ${now},
      failures = case when t.window_start <= ${windowStart} then 1 else t.failures + 1 end,
      locked_until = case
        when t.window_start > ${windowStart} and t.failures + 1 > ${rule.ceiling} then
          ${now}::timestamptz + least(
            ${rule.firstDelayMs}::float8 * power(2, least(t.failures - ${rule.ceiling}, 30)),
            ${rule.maxDelayMs}::float8
          ) * interval '1 millisecond'
        else null end
    where t.locked_until is null or t.locked_until <= ${now}
    returning failures, locked_until`;
  return row ? { admitted: true, ...row } : refusedUntil(db, key, now);
}

/**
 * Takes back `count` admitted attempts (a right password and the same user's earlier typos): that
 * many failures fewer, and no lock or wait unless the remaining failures alone reach `lockFrom`.
 */
export async function undoAttempts(db: Db, key: string, count: number, lockFrom: number): Promise<void> {
  await db`
    update sign_in_throttle set
      failures = greatest(failures - ${count}, 0),
      locked_until = case when failures - ${count} >= ${lockFrom} then locked_until else null end
    where key = ${key}`;
}

/** Deletes a key; returns the failures it held (0 when there was none). */
export async function deleteThrottle(db: Db, key: string): Promise<number> {
  const [row] = await db<{ failures: number }[]>`delete from sign_in_throttle where key = ${key} returning failures`;
  return row?.failures ?? 0;
}

/** Lifts the lock of a username on every network (its pair: keys); the username-wide wait stays. */
export async function deleteUsernameLocks(db: Db, usernameHash: string): Promise<number> {
  const rows = await db`delete from sign_in_throttle where key like ${`pair:${usernameHash}:%`} returning key`;
  return rows.length;
}

/** Forgets throttle rows whose window and lock are both over. */
export async function pruneThrottle(db: Db, now: Date, windowMs: number): Promise<void> {
  await db`
    delete from sign_in_throttle
    where window_start <= ${new Date(now.getTime() - windowMs)} and (locked_until is null or locked_until <= ${now})`;
}
