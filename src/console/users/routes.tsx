// Admin pages for console users: list, create, and per user reset the password, disable or
// enable. Every action runs the /users operations, so roles, validation and audit are the API's own.
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import type { UserRow } from '../../db/users-store';
import type { Role } from '../../domain/roles';
import { organizationOps, userOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { newPasswordErrors } from '../account/password';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { errorText, field, fieldErrors, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { USER_TEXTS } from '../texts/users';
import { NewUserForm, UserList, UserView } from './views';

const USER_FIELDS = ['username', 'displayName', 'role', 'organizationId'] as const;

/** Organizations a cooperative user may belong to (not association units), by name. */
async function memberOrganizations(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const all = await fetchAll(deps, c, organizationOps.list, {}, 20 * 200);
  return all.filter((o) => o.kind !== 'association_unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

type FormState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

async function newUserPage(deps: AppDeps, c: ConsoleContext, s: FormState = {}) {
  const t = USER_TEXTS[c.get('lang')];
  const orgs = await memberOrganizations(deps, c);
  return page(c, {
    title: t.newUser,
    status: s.status,
    children: (
      <NewUserForm
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        orgs={orgs}
        values={s.values ?? {}}
        errors={s.errors ?? {}}
      />
    ),
  });
}

type UserState = { notice?: string; errors?: FieldErrors; status?: number };

function userPage(c: ConsoleContext, user: UserRow, s: UserState = {}) {
  const t = USER_TEXTS[c.get('lang')];
  return page(c, {
    title: user.displayName,
    status: s.status,
    children: (
      <UserView
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        user={user}
        notice={s.notice}
        errors={s.errors ?? {}}
      />
    ),
  });
}

async function createUser(deps: AppDeps, c: ConsoleContext) {
  const t = USER_TEXTS[c.get('lang')];
  const form = await readForm(c);
  const v = values(form, USER_FIELDS);
  const password = field(form, 'password');
  if (password && field(form, 'confirm') !== password) {
    return newUserPage(deps, c, { status: 400, values: v, errors: { confirm: t.passwordMismatch } });
  }
  const result = await submitOp(deps, c, userOps.create, {
    body: {
      username: v.username,
      displayName: v.displayName,
      organizationId: v.organizationId || null,
      password,
      // As chosen (or forged) in the form: a role that does not exist is the API's to refuse, beside the field.
      role: v.role as Role,
    },
  });
  if (result.ok) return c.redirect(`${CONSOLE_BASE}/users/${result.body.id}?done=created`, 303);
  const errors = fieldErrors(result.error, c.get('lang'), (name, code) => {
    if (name === 'username') return code === 'duplicate' ? t.usernameTaken : t.usernameBad;
    if (name === 'organizationId') return t.organizationNeeded;
    if (name === 'password') {
      return code === 'too_big' ? t.passwordTooLong : code === 'too_small' ? t.passwordTooShort : undefined;
    }
    return undefined;
  });
  return newUserPage(deps, c, { status: result.error.status, values: v, errors });
}

async function resetPassword(deps: AppDeps, c: ConsoleContext, id: string) {
  const t = USER_TEXTS[c.get('lang')];
  const form = await readForm(c);
  const password = field(form, 'password');
  const problems = newPasswordErrors(t, password, field(form, 'confirm'));
  const result = Object.keys(problems).length
    ? null
    : await submitOp(deps, c, userOps.setPassword, { params: { id }, body: { password } });
  if (result?.ok) return c.redirect(`${CONSOLE_BASE}/users/${id}?done=reset`, 303);
  const u = await callOp(deps, c, userOps.get, { params: { id } });
  const errors = result ? fieldErrors(result.error, c.get('lang')) : problems;
  return userPage(c, u, { status: result ? result.error.status : 400, errors });
}

function usersRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', async (c) => {
    const t = USER_TEXTS[c.get('lang')];
    const list = await callOp(deps, c, userOps.list, { query: { limit: '100', cursor: c.req.query('cursor') } });
    return page(c, {
      title: t.users,
      children: <UserList t={t} lang={c.get('lang')} users={list.items} next={list.nextCursor} />,
    });
  });
  r.get('/new', (c) => newUserPage(deps, c));
  r.post('/new', (c) => createUser(deps, c));
  r.get('/:id', async (c) => {
    const t = USER_TEXTS[c.get('lang')];
    const u = await callOp(deps, c, userOps.get, { params: { id: c.req.param('id') } });
    const done: Record<string, string> = {
      created: t.created,
      reset: t.resetDone,
      disabled: t.disableDone,
      enabled: t.enableDone,
    };
    return userPage(c, u, { notice: done[c.req.query('done') ?? ''] });
  });
  r.post('/:id/reset-password', (c) => resetPassword(deps, c, c.req.param('id')));
  for (const action of ['disable', 'enable'] as const) {
    r.post(`/:id/${action}`, async (c) => {
      const id = c.req.param('id');
      const result = await submitOp(deps, c, userOps[action], { params: { id } });
      if (result.ok) return c.redirect(`${CONSOLE_BASE}/users/${id}?done=${action}d`, 303);
      const u = await callOp(deps, c, userOps.get, { params: { id } });
      return userPage(c, u, { status: result.error.status, errors: { _form: errorText(result.error, c.get('lang')) } });
    });
  }
  return r;
}

export const usersModule: ConsoleModule = {
  path: '/users',
  routes: usersRoutes,
  nav: [{ href: '/users', label: inLanguages(USER_TEXTS, (t) => t.users), roles: ['admin'] }],
};
