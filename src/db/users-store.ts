// Console users: a username and a scrypt password hash, bound to a role and (cooperative users)
// to one organization, like API keys. The hash never leaves this module except to the sign-in
// check (findUserForSignIn); every other read returns UserRow, which has no hash.
import type { Db } from './client';
import type { Role } from '../domain/roles';

export const USERNAME = /^[a-z0-9._-]{3,40}$/;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  /** The organization's name (cooperative users), for lists and pages. */
  organizationName: string | null;
  createdAt: Date;
  passwordChangedAt: Date;
  disabledAt: Date | null;
  /** Wrong passwords since the last successful sign-in, from anywhere (information: nothing locks on it). */
  failedAttempts: number;
  /** Set by an admin's reset: the next sign-in opens only the change-password page. */
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
}

export interface UserInput {
  username: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  passwordHash: string;
  createdBy: string | null;
  now: Date;
}

const cols = (db: Db) => db`
  u.id, u.username, u.display_name, u.role, u.organization_id,
  o.name as "organizationName", u.created_at, u.password_changed_at,
  u.disabled_at, u.failed_attempts, u.must_change_password, u.last_sign_in_at`;

async function byId(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db<UserRow[]>`
    select ${cols(db)} from users u left join organizations o on o.id = u.organization_id where u.id = ${id}`;
  return row ?? null;
}

export async function insertUser(db: Db, u: UserInput): Promise<UserRow> {
  const [row] = await db<{ id: string }[]>`
    insert into users (username, display_name, password_hash, role, organization_id, created_by, created_at, password_changed_at)
    values (${u.username}, ${u.displayName}, ${u.passwordHash}, ${u.role}, ${u.organizationId}, ${u.createdBy}, ${u.now}, ${u.now})
    returning id`;
  return (await byId(db, row!.id))!;
}

export const getUser = byId;

export async function getUserByUsername(db: Db, username: string): Promise<UserRow | null> {
  const [row] = await db<UserRow[]>`
    select ${cols(db)} from users u left join organizations o on o.id = u.organization_id where u.username = ${username}`;
  return row ?? null;
}

export async function listUsers(
  db: Db,
  f: { role?: Role; organizationId?: string; after?: number; limit: number },
): Promise<(UserRow & { seq: number })[]> {
  return db<(UserRow & { seq: number })[]>`
    select u.seq, ${cols(db)} from users u left join organizations o on o.id = u.organization_id
    where u.seq > ${f.after ?? 0}
      ${f.role ? db`and u.role = ${f.role}` : db``}
      ${f.organizationId ? db`and u.organization_id = ${f.organizationId}` : db``}
    order by u.seq
    limit ${f.limit + 1}`;
}

/** The one read that returns the password hash: for checking a password. */
export async function findUserForSignIn(
  db: Db,
  username: string,
): Promise<(UserRow & { passwordHash: string }) | null> {
  const [row] = await db<(UserRow & { passwordHash: string })[]>`
    select ${cols(db)}, u.password_hash
    from users u left join organizations o on o.id = u.organization_id where u.username = ${username}`;
  return row ?? null;
}

export async function passwordHashOf(db: Db, id: string): Promise<string | null> {
  const [row] = await db<{ passwordHash: string }[]>`select password_hash from users where id = ${id}`;
  return row?.passwordHash ?? null;
}

/** A new password: the user's own (mustChange false) or set by an admin (true: to be replaced at sign-in). */
export async function setPassword(
  db: Db,
  id: string,
  passwordHash: string,
  now: Date,
  mustChange: boolean,
): Promise<UserRow | null> {
  const [row] = await db<{ id: string }[]>`
    update users set password_hash = ${passwordHash}, password_changed_at = ${now}, failed_attempts = 0,
                     must_change_password = ${mustChange}
    where id = ${id} returning id`;
  return row ? byId(db, row.id) : null;
}

/** Rehash with stronger parameters after a successful sign-in; the password itself is unchanged. */
export async function upgradePasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db`update users set password_hash = ${passwordHash} where id = ${id}`;
}

export async function setDisabled(db: Db, id: string, disabled: boolean, now: Date): Promise<UserRow | null> {
  const [row] = await db<{ id: string }[]>`
    update users set disabled_at = ${disabled ? db`coalesce(disabled_at, ${now})` : null}, failed_attempts = 0
    where id = ${id} returning id`;
  return row ? byId(db, row.id) : null;
}

/** Counts one wrong password (the lock-outs are counted in sessions-store's sign-in throttle). */
export async function recordFailedSignIn(db: Db, id: string): Promise<number> {
  const [row] = await db<{ failedAttempts: number }[]>`
    update users set failed_attempts = least(failed_attempts + 1, 1000) where id = ${id} returning failed_attempts`;
  return row?.failedAttempts ?? 0;
}

export async function recordSignIn(db: Db, id: string, now: Date): Promise<void> {
  await db`update users set failed_attempts = 0, last_sign_in_at = ${now} where id = ${id}`;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from users`;
  return row!.n;
}
