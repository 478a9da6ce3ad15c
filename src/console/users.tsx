// Admin pages for console users: list, create, and per user reset the password, disable or
// enable. Every action runs the /api/v1/users operations through runOp (ops.ts), so roles,
// validation and audit are the API's own.
import { Hono } from 'hono';
import type { Organization } from '../db/organizations-store';
import type { UserRow } from '../db/users-store';
import type { Role } from '../domain/roles';
import { organizationOps, userOps } from '../http/routes';
import type { AppDeps } from '../http/types';
import { formatTime, type Lang } from '../pages/i18n';
import { newPasswordErrors } from './account';
import { requireRole } from './auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from './env';
import { field, fieldErrors, readForm, values, type FieldErrors } from './form';
import { ROLE_NAMES, texts, type ConsoleTexts } from './i18n';
import { callOp, fetchAll, submitOp } from './ops';
import { page } from './render';
import { Notice } from './ui/blocks';
import { CsrfInput, Field, SelectField } from './ui/fields';

const USER_FIELDS = ['username', 'displayName', 'role', 'organizationId'] as const;

function status(t: ConsoleTexts, lang: Lang, u: UserRow, now: Date) {
  if (u.disabledAt) return t.disabledStatus;
  if (u.lockedUntil && new Date(u.lockedUntil) > now) return t.lockedStatus(formatTime(lang, u.lockedUntil));
  return t.active;
}

/** Organizations a cooperative user may belong to (not association units), by name. */
async function memberOrganizations(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const all = await fetchAll(deps, c, organizationOps.list, {}, 20 * 200);
  return all.filter((o) => o.kind !== 'association_unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

async function newUserPage(deps: AppDeps, c: ConsoleContext, s: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) {
  const t = texts(c);
  const lang = c.get('lang');
  const v = s.values ?? {};
  const e = s.errors ?? {};
  const orgs = await memberOrganizations(deps, c);
  return page(c, {
    title: t.newUser,
    status: s.status,
    children: (
      <section class="narrow">
        <h1>{t.newUser}</h1>
        {Object.keys(e).length ? <Notice kind="error"><p>{e._form ?? t.fixBelow}</p></Notice> : null}
        <form method="post" action={`${CONSOLE_BASE}/users/new`} novalidate>
          <CsrfInput token={c.get('session')?.csrfToken} />
          <Field name="username" label={t.username} value={v.username} error={e.username} hint={t.usernameHint} required maxlength={40} autocomplete="off" />
          <Field name="displayName" label={t.displayName} value={v.displayName} error={e.displayName} required maxlength={200} autocomplete="off" />
          <SelectField
            name="role" label={t.role} value={v.role || 'cooperative'} error={e.role} required
            options={(['cooperative', 'staff', 'admin'] as const).map((r) => ({ value: r, label: ROLE_NAMES[lang][r] }))}
          />
          <SelectField
            name="organizationId" label={t.organization} value={v.organizationId} error={e.organizationId} hint={t.organizationHint}
            options={[{ value: '', label: t.none }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
          />
          <Field name="password" label={t.password} type="password" error={e.password} hint={t.passwordHint} required autocomplete="new-password" maxlength={200} />
          <Field name="confirm" label={t.confirmPassword} type="password" error={e.confirm} required autocomplete="new-password" maxlength={200} />
          <button type="submit">{t.create}</button>
        </form>
      </section>
    ),
  });
}

function userPage(c: ConsoleContext, u: UserRow, now: Date, s: { notice?: string; errors?: FieldErrors; status?: number } = {}) {
  const t = texts(c);
  const lang = c.get('lang');
  const e = s.errors ?? {};
  const csrf = c.get('session')?.csrfToken;
  const base = `${CONSOLE_BASE}/users/${u.id}`;
  return page(c, {
    title: u.displayName,
    status: s.status,
    children: (
      <>
        <p><a href={`${CONSOLE_BASE}/users`}>← {t.users}</a></p>
        <h1>{u.displayName}</h1>
        {s.notice ? <Notice kind="ok">{s.notice}</Notice> : null}
        {e._form ? <Notice kind="error"><p>{e._form}</p></Notice> : null}
        <section>
          <dl>
            <dt>{t.username}</dt><dd>{u.username}</dd>
            <dt>{t.role}</dt><dd>{ROLE_NAMES[lang][u.role]}</dd>
            {u.organizationName ? <><dt>{t.organization}</dt><dd>{u.organizationName}</dd></> : null}
            <dt>{t.status}</dt><dd>{status(t, lang, u, now)}</dd>
            <dt>{t.lastSignIn}</dt><dd>{u.lastSignInAt ? formatTime(lang, u.lastSignInAt) : t.never}</dd>
          </dl>
        </section>
        <section class="narrow">
          <h2>{t.resetPassword}</h2>
          <form method="post" action={`${base}/reset-password`} novalidate>
            <CsrfInput token={csrf} />
            <Field name="password" label={t.newPassword} type="password" error={e.password} hint={t.passwordHint} required autocomplete="new-password" maxlength={200} />
            <Field name="confirm" label={t.confirmPassword} type="password" error={e.confirm} required autocomplete="new-password" maxlength={200} />
            <button type="submit">{t.resetPassword}</button>
          </form>
        </section>
        <section class="actions">
          <form method="post" action={`${base}/${u.disabledAt ? 'enable' : 'disable'}`}>
            <CsrfInput token={csrf} />
            <button type="submit" class={u.disabledAt ? undefined : 'danger'}>{u.disabledAt ? t.enable : t.disable}</button>
          </form>
        </section>
      </>
    ),
  });
}

function usersRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', async (c) => {
    const t = texts(c);
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const list = await callOp(deps, c, userOps.list, { query: { limit: '100', cursor } });
    const now = deps.clock();
    return page(c, {
      title: t.users,
      children: (
        <>
          <h1>{t.users}</h1>
          <p><a href={`${CONSOLE_BASE}/users/new`}>{t.newUser}</a></p>
          {list.items.length ? (
            <div class="tbl" tabindex={0}>
              <table>
                <thead><tr><th scope="col">{t.username}</th><th scope="col">{t.displayName}</th><th scope="col">{t.role}</th><th scope="col">{t.organization}</th><th scope="col">{t.status}</th><th scope="col">{t.lastSignIn}</th></tr></thead>
                <tbody>
                  {list.items.map((u) => (
                    <tr>
                      <td><a href={`${CONSOLE_BASE}/users/${u.id}`}>{u.username}</a></td>
                      <td>{u.displayName}</td>
                      <td>{ROLE_NAMES[lang][u.role]}</td>
                      <td>{u.organizationName ?? '—'}</td>
                      <td>{status(t, lang, u, now)}</td>
                      <td>{u.lastSignInAt ? formatTime(lang, u.lastSignInAt) : t.never}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p>{t.noUsers}</p>}
          {list.nextCursor ? <p><a href={`${CONSOLE_BASE}/users?cursor=${list.nextCursor}`}>{t.more}</a></p> : null}
        </>
      ),
    });
  });

  r.get('/new', (c) => newUserPage(deps, c));

  r.post('/new', async (c) => {
    const t = texts(c);
    const lang = c.get('lang');
    const form = await readForm(c);
    const v = values(form, USER_FIELDS);
    const password = field(form, 'password');
    const confirm = field(form, 'confirm');
    if (password && confirm !== password) {
      return newUserPage(deps, c, { status: 400, values: v, errors: { confirm: t.passwordMismatch } });
    }
    const result = await submitOp(deps, c, userOps.create, {
      body: {
        username: v.username, displayName: v.displayName, organizationId: v.organizationId || null, password,
        // As chosen (or forged) in the form: a role that does not exist is the API's to refuse, beside the field.
        role: v.role as Role,
      },
    });
    if (!result.ok) {
      const errors = fieldErrors(result.error, lang, (name, code) => {
        if (name === 'username') return code === 'duplicate' ? t.usernameTaken : t.usernameBad;
        if (name === 'organizationId') return t.organizationNeeded;
        if (name === 'password') return code === 'too_big' ? t.passwordTooLong : code === 'too_small' ? t.passwordTooShort : undefined;
        return undefined;
      });
      return newUserPage(deps, c, { status: result.error.status, values: v, errors });
    }
    return c.redirect(`${CONSOLE_BASE}/users/${result.body.id}?done=created`, 303);
  });

  r.get('/:id', async (c) => {
    const t = texts(c);
    const u = await callOp(deps, c, userOps.get, { params: { id: c.req.param('id') } });
    const done = c.req.query('done');
    const notice = { created: t.created, reset: t.resetDone, disabled: t.disableDone, enabled: t.enableDone }[done ?? ''];
    return userPage(c, u, deps.clock(), { notice });
  });

  r.post('/:id/reset-password', async (c) => {
    const t = texts(c);
    const id = c.req.param('id');
    const form = await readForm(c);
    const password = field(form, 'password');
    const problems = newPasswordErrors(t, password, field(form, 'confirm'));
    const result = Object.keys(problems).length
      ? null
      : await submitOp(deps, c, userOps.setPassword, { params: { id }, body: { password } });
    if (result?.ok) return c.redirect(`${CONSOLE_BASE}/users/${id}?done=reset`, 303);
    const u = await callOp(deps, c, userOps.get, { params: { id } });
    const errors = result ? fieldErrors(result.error, c.get('lang')) : problems;
    return userPage(c, u, deps.clock(), { status: result ? result.error.status : 400, errors });
  });

  for (const action of ['disable', 'enable'] as const) {
    r.post(`/:id/${action}`, async (c) => {
      const id = c.req.param('id');
      const result = await submitOp(deps, c, userOps[action], { params: { id } });
      if (result.ok) return c.redirect(`${CONSOLE_BASE}/users/${id}?done=${action}d`, 303);
      const u = await callOp(deps, c, userOps.get, { params: { id } });
      return userPage(c, u, deps.clock(), { status: result.error.status, errors: { _form: result.error.message } });
    });
  }
  return r;
}

export const usersModule: ConsoleModule = {
  path: '/users',
  routes: usersRoutes,
  nav: [{ href: '/users', label: { vi: 'Người dùng', en: 'Users' }, roles: ['admin'] }],
};
