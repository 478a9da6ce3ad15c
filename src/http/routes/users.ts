// /users: the people who sign in to the web console (admin only). Passwords go in, hashes never
// come out (UserRow has no hash, so neither answers nor audit entries can carry one). A reset or a disable ends every session of that user at once.
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import { getOrganization } from '../../db/organizations-store';
import { deleteUserSessions, deleteUsernameLocks, sha256Hex } from '../../db/sessions-store';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  USERNAME,
  getUser,
  getUserByUsername,
  insertUser,
  listUsers,
  setDisabled,
  setPassword,
} from '../../db/users-store';
import { op } from '../op';
import { code, pageQuery, text, toPage, uuid } from '../schemas';
import type { AppDeps, PasswordHasher } from '../types';
import { boundToOrganization, organizationRoleProblem, ROLES } from '../../domain/roles';

export const password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const username = code(USERNAME, '3–40 characters: lower-case letters, digits, dot, dash or underscore', 'lower');

const userOut = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  createdAt: z.iso.datetime(),
  passwordChangedAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable(),
  failedAttempts: z.number().int().describe('wrong passwords since the last successful sign-in, from any network'),
  mustChangePassword: z
    .boolean()
    .describe('set by a reset: at the next sign-in the user must choose a new password before anything else'),
  lastSignInAt: z.iso.datetime().nullable(),
});

const createUser = z
  .strictObject({
    username,
    displayName: text(200),
    role: z.enum(ROLES),
    organizationId: uuid.nullish(),
    password,
  })
  .refine((u) => boundToOrganization(u.role) === !!u.organizationId, {
    message: 'a cooperative or buyer user names its organization; admin and staff users do not',
    path: ['organizationId'],
  });

export function passwordsOf(deps: AppDeps): PasswordHasher {
  if (!deps.passwords) {
    throw new AppError(
      'NOT_READY',
      'This deployment has no password hasher configured, so console users cannot be created or signed in',
    );
  }
  return deps.passwords;
}

export const userOps = {
  create: op({
    method: 'post',
    path: '/users',
    tag: 'Users',
    summary: 'Create a console user',
    description:
      'The password is hashed with scrypt and never returned. A cooperative user acts for one organization, like a cooperative API key.',
    roles: ['admin'],
    body: createUser,
    response: userOut,
    // Not idempotent on purpose: the stored request hash would be a fast hash over the password.
    async handler({ db, body, actor, audit, deps, now }) {
      const hasher = passwordsOf(deps);
      if (body.organizationId) {
        const org = await getOrganization(db, body.organizationId);
        const problem = org ? organizationRoleProblem(body.role, org.kind) : 'no organization has this id';
        if (problem) {
          throw new AppError('VALIDATION_FAILED', 'The user is not valid', [
            { path: 'body.organizationId', message: problem },
          ]);
        }
      }
      if (await getUserByUsername(db, body.username)) {
        throw new AppError('VALIDATION_FAILED', 'The user is not valid', [
          { path: 'body.username', message: 'this username is taken', code: 'duplicate' },
        ]);
      }
      const user = await insertUser(db, {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        organizationId: body.organizationId ?? null,
        passwordHash: await hasher.hash(body.password),
        createdBy: actor.keyId,
        now,
      });
      await audit({ action: 'create', entity: 'user', entityId: user.id, after: user });
      return user;
    },
  }),
  list: op({
    method: 'get',
    path: '/users',
    tag: 'Users',
    summary: 'List console users (never their password hashes)',
    roles: ['admin'],
    query: z.strictObject({
      role: z.enum(ROLES).optional(),
      organizationId: uuid.optional(),
      ...pageQuery,
    }),
    async handler({ db, query }) {
      const rows = await listUsers(db, { ...query, after: query.cursor ? Number(query.cursor) : 0 });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/users/:id',
    tag: 'Users',
    summary: 'Get a console user',
    roles: ['admin'],
    response: userOut,
    async handler({ db, params }) {
      const user = await getUser(db, params.id!);
      if (!user) throw notFound('User', params.id);
      return user;
    },
  }),
  setPassword: op({
    method: 'post',
    path: '/users/:id/password',
    tag: 'Users',
    summary: "Reset a user's password",
    description: "Also lifts the user's sign-in locks on every network and ends every session of the user.",
    roles: ['admin'],
    status: 200,
    body: z.strictObject({ password }),
    response: userOut,
    async handler({ db, params, body, audit, deps, now }) {
      const hasher = passwordsOf(deps);
      const before = await getUser(db, params.id!);
      if (!before) throw notFound('User', params.id);
      // The admin knows this password: the user replaces it at the next sign-in.
      const after = (await setPassword(db, before.id, await hasher.hash(body.password), now, true))!;
      const sessionsEnded = await deleteUserSessions(db, before.id);
      // The user locked out on their own network calls the admin: the reset lets them in from there.
      const locksLifted = await deleteUsernameLocks(db, await sha256Hex(before.username));
      await audit({
        action: 'reset_password',
        entity: 'user',
        entityId: before.id,
        before: before,
        after: { ...after, sessionsEnded, locksLifted },
      });
      return after;
    },
  }),
  disable: op({
    method: 'post',
    path: '/users/:id/disable',
    tag: 'Users',
    summary: 'Disable a user (signs them out everywhere)',
    roles: ['admin'],
    status: 200,
    response: userOut,
    async handler({ db, params, actor, audit, now }) {
      const before = await getUser(db, params.id!);
      if (!before) throw notFound('User', params.id);
      // A console admin locking themselves out would leave nobody to undo it.
      if (before.id === actor.keyId) throw new AppError('CONFLICT', 'You cannot disable your own account');
      const after = (await setDisabled(db, before.id, true, now))!;
      const sessionsEnded = await deleteUserSessions(db, before.id);
      await audit({
        action: 'disable',
        entity: 'user',
        entityId: before.id,
        before: before,
        after: { ...after, sessionsEnded },
      });
      return after;
    },
  }),
  enable: op({
    method: 'post',
    path: '/users/:id/enable',
    tag: 'Users',
    summary: 'Enable a disabled user again',
    roles: ['admin'],
    status: 200,
    response: userOut,
    async handler({ db, params, audit, now }) {
      const before = await getUser(db, params.id!);
      if (!before) throw notFound('User', params.id);
      const after = (await setDisabled(db, before.id, false, now))!;
      await audit({ action: 'enable', entity: 'user', entityId: before.id, before: before, after: after });
      return after;
    },
  }),
};
