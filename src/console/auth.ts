// Signing in and out of the console, changing one's own password, and the session every other
// console page needs.
//
// Guessing is slowed three ways: 5 wrong passwords in a row lock a user for 15 minutes; an
// unknown username locks the same way (so the lock-out does not reveal which names exist, and
// the answer is the same message, after the same scrypt work); and one client network may fail
// 30 times per 15 minutes. Every attempt, whatever its outcome, goes into the audit log.
import type { MiddlewareHandler } from 'hono';
import { recordAudit, type AuditEntry } from '../db/audit-store';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findSession,
  pruneThrottle,
  randomToken,
  recordThrottleFailure,
  sha256Hex,
  throttleLockedUntil,
  touchSession,
  type ThrottleRule,
} from '../db/sessions-store';
import {
  findUserForSignIn,
  LOCK_MINUTES,
  MAX_FAILED_SIGN_INS,
  passwordHashOf,
  recordFailedSignIn,
  recordSignIn,
  setPassword,
  upgradePasswordHash,
} from '../db/users-store';
import { retryRead } from '../db/client';
import { AppError } from '../errors';
import type { AppDeps, PasswordHasher } from '../http/types';
import type { Actor, Role } from '../domain/roles';
import { clientNetwork } from '../scanning/client';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv } from './env';
import { clearSessionCookie, clientAddress, sessionToken } from './security';

const WINDOW_MS = LOCK_MINUTES * 60_000;
/** An unknown username: exactly the rule a real user's row applies. */
const UNKNOWN_USER_RULE: ThrottleRule = { limit: MAX_FAILED_SIGN_INS, windowMs: WINDOW_MS, lockMs: WINDOW_MS };
/** One client network (IPv4 /24, IPv6 /48): room for an office of people mistyping. */
export const NETWORK_RULE: ThrottleRule = { limit: 30, windowMs: WINDOW_MS, lockMs: WINDOW_MS };
/** last_seen_at is written at most this often (not on every page). */
const TOUCH_EVERY_MS = 5 * 60_000;
const ANONYMOUS = { keyId: null, name: 'console', role: 'system' } as const;

export type SignInOutcome =
  | { ok: true; token: string; actor: Actor }
  | { ok: false; reason: 'bad_credentials' | 'locked' | 'disabled' | 'no_hasher' };

/** A real hash to check unknown usernames against, so they cost the same scrypt work. */
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(hasher: PasswordHasher): Promise<string> {
  let h = dummyHashes.get(hasher);
  if (!h) {
    h = hasher.hash(randomToken());
    dummyHashes.set(hasher, h);
  }
  return h;
}

export async function signIn(
  deps: AppDeps,
  c: ConsoleContext,
  usernameRaw: string,
  password: string,
): Promise<SignInOutcome> {
  const hasher = deps.passwords;
  if (!hasher) return { ok: false, reason: 'no_hasher' };
  const { sql } = deps;
  const now = deps.clock();
  const requestId = c.get('requestId');
  const address = clientAddress(c, deps);
  const username = usernameRaw.trim().toLowerCase().slice(0, 100);
  const audit = (e: Omit<AuditEntry, 'requestId' | 'at' | 'entity'>) =>
    recordAudit(sql, { ...e, entity: 'user', requestId, at: now });
  const netKey = `net:${await sha256Hex(clientNetwork(address))}`;

  if (await throttleLockedUntil(sql, netKey, now)) {
    await audit({
      actor: ANONYMOUS,
      action: 'sign_in_locked',
      entityId: null,
      after: { username, address, reason: 'network' },
    });
    return { ok: false, reason: 'locked' };
  }

  const user = await findUserForSignIn(sql, username);
  if (!user) {
    const userKey = `user:${await sha256Hex(username)}`;
    if (await throttleLockedUntil(sql, userKey, now)) {
      await audit({
        actor: ANONYMOUS,
        action: 'sign_in_locked',
        entityId: null,
        after: { username, address, reason: 'unknown_user' },
      });
      return { ok: false, reason: 'locked' };
    }
    await hasher.verify(password, await dummyHash(hasher));
    await recordThrottleFailure(sql, userKey, now, UNKNOWN_USER_RULE);
    await recordThrottleFailure(sql, netKey, now, NETWORK_RULE);
    await audit({
      actor: ANONYMOUS,
      action: 'sign_in_failed',
      entityId: null,
      after: { username, address, reason: 'unknown_user' },
    });
    return { ok: false, reason: 'bad_credentials' };
  }

  const actor: Actor = { keyId: user.id, name: user.username, role: user.role, organizationId: user.organizationId };
  if (user.lockedUntil && user.lockedUntil > now) {
    await audit({
      actor,
      action: 'sign_in_locked',
      entityId: user.id,
      after: { address, lockedUntil: user.lockedUntil },
    });
    return { ok: false, reason: 'locked' };
  }
  const ok = await hasher.verify(password, user.passwordHash);
  if (!ok) {
    const state = await recordFailedSignIn(sql, user.id, now);
    await recordThrottleFailure(sql, netKey, now, NETWORK_RULE);
    await audit({
      actor,
      action: 'sign_in_failed',
      entityId: user.id,
      after: { address, reason: 'wrong_password', ...state },
    });
    return { ok: false, reason: 'bad_credentials' };
  }
  if (user.disabledAt) {
    // Only someone who knows the password learns that the account is disabled.
    await audit({ actor, action: 'sign_in_failed', entityId: user.id, after: { address, reason: 'disabled' } });
    return { ok: false, reason: 'disabled' };
  }

  const lifetimeMs = deps.config.SESSION_HOURS * 3_600_000;
  const session = await sql.begin(async (tx) => {
    await recordSignIn(tx, user.id, now);
    const s = await createSession(tx, { userId: user.id, now, lifetimeMs });
    await recordAudit(tx, {
      actor,
      action: 'sign_in',
      entity: 'user',
      entityId: user.id,
      requestId,
      at: now,
      after: { address, sessionExpiresAt: s.expiresAt },
    });
    return s;
  });
  if (hasher.needsRehash?.(user.passwordHash)) await upgradePasswordHash(sql, user.id, await hasher.hash(password));
  // Housekeeping on the (rare) successful sign-in: expired sessions and spent throttle rows.
  await deleteExpiredSessions(sql, now);
  await pruneThrottle(sql, now, WINDOW_MS);
  return { ok: true, token: session.token, actor };
}

/** Ends the current session (the row, then the cookie) and records it. */
export async function signOut(deps: AppDeps, c: ConsoleContext): Promise<void> {
  const session = c.get('session');
  if (session) {
    const now = deps.clock();
    await deps.sql.begin(async (tx) => {
      await deleteSession(tx, session.sessionId);
      await recordAudit(tx, {
        actor: { keyId: session.userId, name: session.username, role: session.role },
        action: 'sign_out',
        entity: 'user',
        entityId: session.userId,
        requestId: c.get('requestId'),
        at: now,
      });
    });
  }
  clearSessionCookie(c, deps);
}

/**
 * The signed-in user changes their own password (console-only: API keys have no password), in its
 * own transaction with its audit entry. A wrong current password counts towards the lock-out like
 * a wrong sign-in, and the lock ends every session of the user; a change ends their other sessions.
 */
export async function changeOwnPassword(
  deps: AppDeps,
  hasher: PasswordHasher,
  c: ConsoleContext,
  current: string,
  password: string,
): Promise<'changed' | 'wrong' | 'locked'> {
  const s = c.get('session')!;
  const now = deps.clock();
  const actor = { keyId: s.userId, name: s.username, role: s.role };
  const requestId = c.get('requestId');
  const stored = await passwordHashOf(deps.sql, s.userId);
  if (!stored || !(await hasher.verify(current, stored))) {
    const state = await recordFailedSignIn(deps.sql, s.userId, now);
    const locked = !!state.lockedUntil && state.lockedUntil > now;
    await deps.sql.begin(async (tx) => {
      await recordAudit(tx, {
        actor,
        action: 'change_password_failed',
        entity: 'user',
        entityId: s.userId,
        after: { reason: 'wrong_password', ...state },
        requestId,
        at: now,
      });
      // Someone guessing with a borrowed session loses it when the account locks.
      if (locked) await deleteUserSessions(tx, s.userId);
    });
    return locked ? 'locked' : 'wrong';
  }
  const hash = await hasher.hash(password);
  await deps.sql.begin(async (tx) => {
    await setPassword(tx, s.userId, hash, now);
    const sessionsEnded = await deleteUserSessions(tx, s.userId, s.sessionId);
    await recordAudit(tx, {
      actor,
      action: 'change_password',
      entity: 'user',
      entityId: s.userId,
      after: { sessionsEnded },
      requestId,
      at: now,
    });
  });
  return 'changed';
}

/** Sets session and actor from the session cookie, when it names a live session. */
export function loadSession(deps: AppDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    if (token) {
      const now = deps.clock();
      // reads first, so that a pooled connection that died is replaced before the page's work
      const s = await retryRead(deps.sql, () => findSession(deps.sql, token, now));
      if (s) {
        c.set('session', s);
        c.set('actor', { keyId: s.userId, name: s.username, role: s.role, organizationId: s.organizationId });
        if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(deps.sql, s.sessionId, now);
      }
    }
    await next();
  };
}

/** Pages other than sign-in: without a live session, 303 to the sign-in page (coming back here after). */
export function requireSession(deps: AppDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.get('session')) return next();
    if (sessionToken(c)) clearSessionCookie(c, deps); // expired or revoked: drop it
    const url = new URL(c.req.url);
    const next_ = c.req.method === 'GET' ? `?next=${encodeURIComponent(url.pathname + url.search)}` : '';
    return c.redirect(`${CONSOLE_BASE}/sign-in${next_}`, 303);
  };
}

/** A module's pages for some roles only; others get the 403 page. */
export function requireRole(...roles: Role[]): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor || !roles.includes(actor.role))
      throw new AppError('FORBIDDEN', `This page needs one of the roles: ${roles.join(', ')}`);
    await next();
  };
}

/**
 * The cooperative operator's pages, guarded route by route (not with use('*')), so that another
 * module mounted on a neighbouring path is never caught by this guard.
 */
export const coopOnly = requireRole('cooperative');

/** The organization the signed-in operator acts for. */
export function ownOrg(c: ConsoleContext): string {
  const id = c.get('actor')?.organizationId;
  if (!id) throw new AppError('FORBIDDEN', 'This page is for cooperative users');
  return id;
}
