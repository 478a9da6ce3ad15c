// GET/POST /console/account/password: a user changes their own password (current + new twice);
// the change itself is auth.ts's changeOwnPassword.
import { Hono } from 'hono';
import type { AppDeps } from '../../http/types';
import { changeOwnPassword } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, readForm } from '../form';
import { page } from '../render';
import { clearSessionCookie } from '../security';
import { inLanguages } from '../texts/common';
import { ACCOUNT_TEXTS } from '../texts/account';
import { newPasswordErrors } from './password';
import { PasswordForm, type PasswordErrors } from './views';

function passwordPage(c: ConsoleContext, s: { errors?: PasswordErrors; done?: boolean; status?: number } = {}) {
  const t = ACCOUNT_TEXTS[c.get('lang')];
  const session = c.get('session');
  return page(c, {
    title: t.changePassword,
    status: s.status,
    children: (
      <PasswordForm
        t={t}
        csrf={session?.csrfToken}
        username={session?.username}
        errors={s.errors ?? {}}
        done={!!s.done}
        mustChange={!!session?.mustChangePassword}
      />
    ),
  });
}

function accountRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.get('/password', (c) => passwordPage(c, { done: c.req.query('done') === '1' }));

  r.post('/password', async (c) => {
    const t = ACCOUNT_TEXTS[c.get('lang')];
    const form = await readForm(c);
    const current = field(form, 'current');
    const password = field(form, 'password');
    const hasher = deps.passwords;
    if (!hasher) return passwordPage(c, { status: 503, errors: { form: t.noHasher } });
    const problems: PasswordErrors = {
      ...(current ? {} : { current: t.required }),
      ...newPasswordErrors(t, password, field(form, 'confirm')),
    };
    if (!problems.password && current && current === password) problems.password = t.passwordSame;
    if (Object.keys(problems).length) return passwordPage(c, { status: 400, errors: problems });

    const outcome = await changeOwnPassword(deps, hasher, c, current, password);
    if (outcome === 'locked') {
      clearSessionCookie(c, deps);
      return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
    }
    if (outcome === 'wrong') return passwordPage(c, { status: 400, errors: { current: t.wrongCurrent } });
    if (typeof outcome === 'object') {
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      return passwordPage(c, { status: 429, errors: { current: t.tryLater(outcome.retryAfterSeconds) } });
    }
    return c.redirect(`${CONSOLE_BASE}/account/password?done=1`, 303);
  });
  return r;
}

export const accountModule: ConsoleModule = {
  path: '/account',
  routes: accountRoutes,
  nav: [
    {
      href: '/account/password',
      label: inLanguages(ACCOUNT_TEXTS, (t) => t.changePassword),
      roles: ['admin', 'staff', 'cooperative'],
    },
  ],
};
