// GET/POST /console/sign-in and POST /console/sign-out. The sign-in form is the one console form
// posted without a session: it carries a double-submit CSRF token (cookie + hidden field).
import { Hono } from 'hono';
import { deleteSession } from '../db/sessions-store';
import type { AppDeps } from '../http/types';
import { signIn, signOut } from './auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv } from './env';
import { field, readForm } from './form';
import { texts } from './i18n';
import { page } from './render';
import {
  clearSignInCsrf,
  safeNext,
  sameOrigin,
  setSessionCookie,
  signInCsrfToken,
  signInCsrfValid,
} from './security';
import { Notice } from './ui/blocks';
import { Field } from './ui/fields';

interface FormState {
  username?: string;
  next?: string;
  errors?: { username?: string; password?: string; form?: string };
  status?: number;
}

function signInPage(c: ConsoleContext, deps: AppDeps, s: FormState = {}) {
  const t = texts(c);
  const token = signInCsrfToken(c, deps);
  const e = s.errors ?? {};
  return page(c, {
    title: t.signIn,
    status: s.status,
    children: (
      <section class="narrow">
        <h1>{t.signInTitle}</h1>
        <p class="muted">{t.signInIntro}</p>
        {e.form ? <Notice kind="error"><p>{e.form}</p></Notice> : null}
        <form method="post" action={`${CONSOLE_BASE}/sign-in`} novalidate>
          <input type="hidden" name="_csrf" value={token} />
          <input type="hidden" name="next" value={safeNext(s.next)} />
          <Field name="username" label={t.username} value={s.username} error={e.username} autocomplete="username" required maxlength={100} autofocus={!s.username} />
          <Field name="password" label={t.password} type="password" error={e.password} autocomplete="current-password" required maxlength={200} autofocus={!!s.username} />
          <button type="submit">{t.signIn}</button>
        </form>
      </section>
    ),
  });
}

export function signInRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('session')) return c.redirect(next, 303);
    return signInPage(c, deps, { next });
  });

  r.post('/sign-in', async (c) => {
    const t = texts(c);
    if (!sameOrigin(c, deps)) return signInPage(c, deps, { status: 403, errors: { form: t.formExpired } });
    const form = await readForm(c);
    const username = field(form, 'username').trim().toLowerCase();
    const password = field(form, 'password');
    const next = safeNext(field(form, 'next'));
    if (!signInCsrfValid(c, form.get('_csrf'))) {
      return signInPage(c, deps, { status: 403, username, next, errors: { form: t.formExpired } });
    }
    if (!username || !password) {
      return signInPage(c, deps, {
        status: 400, username, next,
        errors: { username: username ? undefined : t.required, password: password ? undefined : t.required },
      });
    }
    const outcome = await signIn(deps, c, username, password.slice(0, 1000));
    if (!outcome.ok) {
      const message = { bad_credentials: t.badCredentials, locked: t.locked, disabled: t.disabled, no_hasher: t.noHasher }[outcome.reason];
      const status = { bad_credentials: 401, locked: 429, disabled: 403, no_hasher: 503 }[outcome.reason];
      return signInPage(c, deps, { status, username, next, errors: { password: message } });
    }
    // Whoever was signed in on this browser before is not any more (no session fixation either).
    const previous = c.get('session');
    if (previous) await deleteSession(deps.sql, previous.sessionId);
    clearSignInCsrf(c, deps);
    setSessionCookie(c, deps, outcome.token);
    return c.redirect(next, 303);
  });

  // Reached only with a live session and a valid CSRF token (the console middleware checks both).
  r.post('/sign-out', async (c) => {
    await signOut(deps, c);
    return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
  });

  return r;
}
