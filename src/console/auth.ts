// Signing in and out of the console, changing one's own password, and the session every other
// console page needs.
//
// Guessing is slowed without handing anyone a way to lock a real user out:
// - one username from one client network (IPv4 /24, IPv6 /48): 5 wrong passwords in 15 minutes
//   lock that username on that network for 15 minutes (the user elsewhere is not affected);
// - one client network: 30 wrong passwords in 15 minutes lock the network for 15 minutes;
// - one username from anywhere: past 10 wrong passwords (the count restarts after 15 quiet
//   minutes), each attempt must wait 2 s after the previous one, doubling up to 5 minutes. An
//   attempt that comes too early is answered at once with the wait (429, Retry-After): the
//   server neither checks its password nor holds the request, so a flood costs one indexed
//   lookup per request, and at most one password is checked per wait however many arrive.
// Unknown usernames are counted and answered exactly like real ones (same message, same scrypt
// work), so none of this reveals which names exist. Every attempt, whatever its outcome, goes
// into the audit log.
import type { MiddlewareHandler } from 'hono';
import { recordAudit, type AuditEntry } from '../db/audit-store';
import type { Db, Sql } from '../db/client';
import {
  type Admission,
  admitUnderLock,
  admitUnderSlowdown,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteThrottle,
  deleteUserSessions,
  deleteUsernameLocks,
  findSession,
  type LockRule,
  pruneThrottle,
  randomToken,
  type SlowdownRule,
  sha256Hex,
  touchSession,
  undoAttempts,
} from '../db/sessions-store';
import {
  findUserForSignIn,
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
import { clientAddress } from '../http/client-address';
import { clearSessionCookie, sessionToken } from './security';

const WINDOW_MS = 15 * 60_000;
/** One username from one client network: a user mistyping, or someone guessing from there. */
export const PAIR_RULE: LockRule = { limit: 5, windowMs: WINDOW_MS, lockMs: WINDOW_MS };
/** One client network (IPv4 /24, IPv6 /48): room for an office of people mistyping. */
export const NETWORK_RULE: LockRule = { limit: 30, windowMs: WINDOW_MS, lockMs: WINDOW_MS };
/**
 * One username from every network together (guessing from many networks): slowed, never locked.
 * Sustained, that is one check per 5 minutes, fewer than the old account lock-out allowed.
 */
export const USERNAME_RULE: SlowdownRule = {
  ceiling: 10,
  windowMs: WINDOW_MS,
  firstDelayMs: 2000,
  maxDelayMs: 5 * 60_000,
};
/** last_seen_at is written at most this often (not on every page). */
const TOUCH_EVERY_MS = 5 * 60_000;
const ANONYMOUS = { keyId: null, name: 'console', role: 'system' } as const;

export type SignInOutcome =
  | { ok: true; token: string; actor: Actor; mustChangePassword: boolean }
  | { ok: false; reason: 'bad_credentials' | 'disabled' | 'no_hasher' }
  | { ok: false; reason: 'locked' | 'slowed'; retryAfterSeconds: number };

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

/** The throttle keys of an attempt: hashes, so the table holds no names or addresses. */
interface GuessKeys {
  net: string;
  pair: string;
  name: string;
  nameHash: string;
}

async function guessKeys(username: string, address: string): Promise<GuessKeys> {
  const nameHash = await sha256Hex(username);
  const netHash = await sha256Hex(clientNetwork(address));
  return { net: `net:${netHash}`, pair: `pair:${nameHash}:${netHash}`, name: `user:${nameHash}`, nameHash };
}

type Admitted = Extract<Admission, { admitted: true }>;
interface Counted {
  net: Admitted;
  pair: Admitted;
  name: Admitted;
}
interface Refusal {
  reason: 'network' | 'pair' | 'slowed';
  until: Date;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** Counts the attempt on its three keys, or on none when one of them refuses it. */
async function admitGuess(sql: Sql, keys: GuessKeys, now: Date): Promise<Counted | Refusal> {
  try {
    return await sql.begin(async (tx) => {
      const net = await admitUnderLock(tx, keys.net, now, NETWORK_RULE);
      if (!net.admitted) throw new Refused({ reason: 'network', until: net.until });
      const pair = await admitUnderLock(tx, keys.pair, now, PAIR_RULE);
      if (!pair.admitted) throw new Refused({ reason: 'pair', until: pair.until });
      const name = await admitUnderSlowdown(tx, keys.name, now, USERNAME_RULE);
      if (!name.admitted) throw new Refused({ reason: 'slowed', until: name.until });
      return { net, pair, name };
    });
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

/**
 * A right password takes its attempt back, and with it the failures of the same username from the
 * same network in this window: the user's own typos, not held against the network or the username.
 */
async function takeBack(db: Db, keys: GuessKeys): Promise<void> {
  const own = Math.max(1, await deleteThrottle(db, keys.pair));
  await undoAttempts(db, keys.net, own, NETWORK_RULE.limit);
  await undoAttempts(db, keys.name, own, USERNAME_RULE.ceiling + 1);
}

const actorOf = (u: { id: string; username: string; role: Role; organizationId: string | null }): Actor => ({
  keyId: u.id,
  name: u.username,
  role: u.role,
  organizationId: u.organizationId,
});

const retryAfter = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/** What an audit entry says about an attempt's counts and the lock or wait it started. */
function countsOf(c: Counted) {
  return {
    failures: { pair: c.pair.failures, username: c.name.failures, network: c.net.failures },
    lockedUntil: c.pair.lockedUntil,
    networkLockedUntil: c.net.lockedUntil,
    slowedUntil: c.name.lockedUntil,
  };
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
  const keys = await guessKeys(username, address);
  const user = await findUserForSignIn(sql, username);
  const actor = user ? actorOf(user) : ANONYMOUS;
  // Unknown names are recorded by name (there is no user to point at).
  const who = user ? {} : { username };

  const counted = await admitGuess(sql, keys, now);
  if (!('net' in counted)) {
    const retryAfterSeconds = retryAfter(counted.until, now);
    await audit({
      actor,
      action: counted.reason === 'slowed' ? 'sign_in_slowed' : 'sign_in_locked',
      entityId: user?.id ?? null,
      after: { ...who, address, reason: counted.reason, until: counted.until, retryAfterSeconds },
    });
    return { ok: false, reason: counted.reason === 'slowed' ? 'slowed' : 'locked', retryAfterSeconds };
  }

  if (!user) {
    await hasher.verify(password, await dummyHash(hasher));
    await audit({
      actor,
      action: 'sign_in_failed',
      entityId: null,
      after: { ...who, address, reason: 'unknown_user', ...countsOf(counted) },
    });
    return { ok: false, reason: 'bad_credentials' };
  }
  if (!(await hasher.verify(password, user.passwordHash))) {
    const failedAttempts = await recordFailedSignIn(sql, user.id);
    await audit({
      actor,
      action: 'sign_in_failed',
      entityId: user.id,
      after: { address, reason: 'wrong_password', failedAttempts, ...countsOf(counted) },
    });
    return { ok: false, reason: 'bad_credentials' };
  }
  if (user.disabledAt) {
    // Only someone who knows the password learns that the account is disabled.
    await takeBack(sql, keys);
    await audit({ actor, action: 'sign_in_failed', entityId: user.id, after: { address, reason: 'disabled' } });
    return { ok: false, reason: 'disabled' };
  }

  const lifetimeMs = deps.config.SESSION_HOURS * 3_600_000;
  const session = await sql.begin(async (tx) => {
    await takeBack(tx, keys);
    await recordSignIn(tx, user.id, now);
    const s = await createSession(tx, { userId: user.id, now, lifetimeMs });
    await recordAudit(tx, {
      actor,
      action: 'sign_in',
      entity: 'user',
      entityId: user.id,
      requestId,
      at: now,
      after: { address, sessionExpiresAt: s.expiresAt, mustChangePassword: user.mustChangePassword },
    });
    return s;
  });
  if (hasher.needsRehash?.(user.passwordHash)) await upgradePasswordHash(sql, user.id, await hasher.hash(password));
  // Housekeeping on the (rare) successful sign-in: expired sessions and spent throttle rows.
  await deleteExpiredSessions(sql, now);
  await pruneThrottle(sql, now, WINDOW_MS);
  return { ok: true, token: session.token, actor: actorOf(user), mustChangePassword: user.mustChangePassword };
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
 * own transaction with its audit entry. A wrong current password counts like a wrong sign-in from
 * this network (and is slowed down the same way); when it locks the username on this network,
 * every session of the user ends. A change ends their other sessions and lifts the user's locks.
 */
export async function changeOwnPassword(
  deps: AppDeps,
  hasher: PasswordHasher,
  c: ConsoleContext,
  current: string,
  password: string,
): Promise<'changed' | 'wrong' | 'locked' | { retryAfterSeconds: number }> {
  const s = c.get('session')!;
  const now = deps.clock();
  const actor = { keyId: s.userId, name: s.username, role: s.role };
  const requestId = c.get('requestId');
  const address = clientAddress(c, deps);
  const keys = await guessKeys(s.username, address);
  const counted = await admitGuess(deps.sql, keys, now);
  if (!('net' in counted)) {
    const retryAfterSeconds = retryAfter(counted.until, now);
    await recordAudit(deps.sql, {
      actor,
      action: 'change_password_failed',
      entity: 'user',
      entityId: s.userId,
      after: { address, reason: counted.reason, until: counted.until, retryAfterSeconds },
      requestId,
      at: now,
    });
    return { retryAfterSeconds };
  }
  const stored = await passwordHashOf(deps.sql, s.userId);
  if (!stored || !(await hasher.verify(current, stored))) {
    const failedAttempts = await recordFailedSignIn(deps.sql, s.userId);
    const locked = !!counted.pair.lockedUntil;
    await deps.sql.begin(async (tx) => {
      await recordAudit(tx, {
        actor,
        action: 'change_password_failed',
        entity: 'user',
        entityId: s.userId,
        after: { address, reason: 'wrong_password', failedAttempts, ...countsOf(counted) },
        requestId,
        at: now,
      });
      // Someone guessing with a borrowed session loses it when the username locks.
      if (locked) await deleteUserSessions(tx, s.userId);
    });
    return locked ? 'locked' : 'wrong';
  }
  const hash = await hasher.hash(password);
  await deps.sql.begin(async (tx) => {
    await takeBack(tx, keys);
    await setPassword(tx, s.userId, hash, now, false);
    const locksLifted = await deleteUsernameLocks(tx, keys.nameHash);
    const sessionsEnded = await deleteUserSessions(tx, s.userId, s.sessionId);
    await recordAudit(tx, {
      actor,
      action: 'change_password',
      entity: 'user',
      entityId: s.userId,
      after: { sessionsEnded, locksLifted, mustChangePassword: false },
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

/** Where a user whose password an admin reset may go: choosing a new one, or signing out. */
export const PASSWORD_PAGE = `${CONSOLE_BASE}/account/password`;
const WHILE_PASSWORD_MUST_CHANGE = new Set([PASSWORD_PAGE, `${CONSOLE_BASE}/sign-out`]);

/**
 * Pages other than sign-in: without a live session, 303 to the sign-in page (coming back here
 * after); with a password an admin has reset, 303 to the change-password page (GET and POST alike).
 */
export function requireSession(deps: AppDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (session?.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(c.req.path)) {
      return c.redirect(PASSWORD_PAGE, 303);
    }
    if (session) return next();
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
