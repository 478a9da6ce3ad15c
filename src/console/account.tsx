// GET/POST /console/account/password: a user changes their own password (current + new twice).
// Console-only (API keys have no password), so it runs its own transaction with its audit
// entry. A wrong current password counts towards the lock-out like a wrong sign-in; the lock
// ends every session. A change ends the user's other sessions.
import { Hono } from 'hono';
import { recordAudit } from '../db/audit-store';
import { deleteUserSessions } from '../db/sessions-store';
import { PASSWORD_MAX, PASSWORD_MIN, passwordHashOf, recordFailedSignIn, setPassword } from '../db/users-store';
import type { AppDeps } from '../http/types';
import { clearSessionCookie } from './security';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from './env';
import { field, readForm } from './form';
import { texts } from './i18n';
import { page } from './render';
import { Notice } from './ui/blocks';
import { CsrfInput, Field } from './ui/fields';

type Errors = { current?: string; password?: string; confirm?: string; form?: string };

function passwordPage(c: ConsoleContext, s: { errors?: Errors; done?: boolean; status?: number } = {}) {
  const t = texts(c);
  const e = s.errors ?? {};
  return page(c, {
    title: t.changePassword,
    status: s.status,
    children: (
      <section class="narrow">
        <h1>{t.changePassword}</h1>
        {s.done ? <Notice kind="ok">{t.passwordChanged}</Notice> : null}
        {e.form ? <Notice kind="error"><p>{e.form}</p></Notice> : null}
        <form method="post" action={`${CONSOLE_BASE}/account/password`} novalidate>
          <CsrfInput token={c.get('session')?.csrfToken} />
          <input type="text" name="username" value={c.get('session')?.username} autocomplete="username" hidden />
          <Field name="current" label={t.currentPassword} type="password" error={e.current} autocomplete="current-password" required maxlength={PASSWORD_MAX} />
          <Field name="password" label={t.newPassword} type="password" error={e.password} hint={t.passwordHint} autocomplete="new-password" required maxlength={PASSWORD_MAX} />
          <Field name="confirm" label={t.confirmPassword} type="password" error={e.confirm} autocomplete="new-password" required maxlength={PASSWORD_MAX} />
          <button type="submit">{t.save}</button>
        </form>
      </section>
    ),
  });
}

/** Problems with a new password and its repetition, before anything is checked or written. */
export function newPasswordErrors(t: ReturnType<typeof texts>, password: string, confirm: string): { password?: string; confirm?: string } {
  if (password.length < PASSWORD_MIN) return { password: t.passwordTooShort };
  if (password.length > PASSWORD_MAX) return { password: t.passwordTooLong };
  if (confirm !== password) return { confirm: t.passwordMismatch };
  return {};
}

function accountRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.get('/password', (c) => passwordPage(c, { done: c.req.query('done') === '1' }));

  r.post('/password', async (c) => {
    const t = texts(c);
    const s = c.get('session')!;
    const form = await readForm(c);
    const current = field(form, 'current');
    const password = field(form, 'password');
    const confirm = field(form, 'confirm');
    const hasher = deps.passwords;
    if (!hasher) return passwordPage(c, { status: 503, errors: { form: t.noHasher } });
    const problems: Errors = { ...(current ? {} : { current: t.required }), ...newPasswordErrors(t, password, confirm) };
    if (!problems.password && current && current === password) problems.password = t.passwordSame;
    if (Object.keys(problems).length) return passwordPage(c, { status: 400, errors: problems });

    const now = deps.clock();
    const actor = { keyId: s.userId, name: s.username, role: s.role };
    const requestId = c.get('requestId');
    const stored = await passwordHashOf(deps.sql, s.userId);
    if (!stored || !(await hasher.verify(current, stored))) {
      const state = await recordFailedSignIn(deps.sql, s.userId, now);
      const locked = !!state.lockedUntil && state.lockedUntil > now;
      await deps.sql.begin(async (tx) => {
        await recordAudit(tx, { actor, action: 'change_password_failed', entity: 'user', entityId: s.userId, after: { reason: 'wrong_password', ...state }, requestId, at: now });
        // Someone guessing with a borrowed session loses it when the account locks.
        if (locked) await deleteUserSessions(tx, s.userId);
      });
      if (locked) {
        clearSessionCookie(c, deps);
        return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
      }
      return passwordPage(c, { status: 400, errors: { current: t.wrongCurrent } });
    }
    const hash = await hasher.hash(password);
    await deps.sql.begin(async (tx) => {
      await setPassword(tx, s.userId, hash, now);
      const sessionsEnded = await deleteUserSessions(tx, s.userId, s.sessionId);
      await recordAudit(tx, { actor, action: 'change_password', entity: 'user', entityId: s.userId, after: { sessionsEnded }, requestId, at: now });
    });
    return c.redirect(`${CONSOLE_BASE}/account/password?done=1`, 303);
  });
  return r;
}

export const accountModule: ConsoleModule = {
  path: '/account',
  routes: accountRoutes,
  nav: [{ href: '/account/password', label: { vi: 'Đổi mật khẩu', en: 'Change password' }, roles: ['admin', 'staff', 'cooperative'] }],
};
