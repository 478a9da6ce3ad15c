// GET/POST /console/sign-in and POST /console/sign-out. The sign-in form is the one console form
// posted without a session: it carries a double-submit CSRF token (cookie + hidden field).
import { Hono } from 'hono';
import { deleteSession } from '../../db/sessions-store';
import type { AppDeps } from '../../http/types';
import { PASSWORD_PAGE, signIn, signOut } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv } from '../env';
import { field, readForm } from '../form';
import { page } from '../render';
import { clearSignInCsrf, safeNext, sameOrigin, setSessionCookie, signInCsrfToken, signInCsrfValid } from '../security';
import { SIGN_IN_TEXTS } from '../texts/sign-in';
import { SignInForm, type SignInErrors } from './views';

interface FormState {
  username?: string;
  next?: string;
  errors?: SignInErrors;
  status?: number;
}

function signInPage(c: ConsoleContext, deps: AppDeps, s: FormState = {}) {
  const t = SIGN_IN_TEXTS[c.get('lang')];
  return page(c, {
    title: t.signIn,
    status: s.status,
    children: (
      <SignInForm
        t={t}
        csrf={signInCsrfToken(c, deps)}
        next={safeNext(s.next)}
        username={s.username}
        errors={s.errors ?? {}}
      />
    ),
  });
}

const REFUSAL = {
  bad_credentials: { status: 401, text: 'badCredentials' },
  disabled: { status: 403, text: 'disabled' },
  no_hasher: { status: 503, text: 'noHasher' },
} as const;

export function signInRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('session')) return c.redirect(next, 303);
    return signInPage(c, deps, { next });
  });

  r.post('/sign-in', async (c) => {
    const t = SIGN_IN_TEXTS[c.get('lang')];
    if (!sameOrigin(c, deps)) return signInPage(c, deps, { status: 403, errors: { form: t.formExpired } });
    const form = await readForm(c);
    const username = field(form, 'username').trim().toLowerCase();
    const password = field(form, 'password');
    const next = safeNext(field(form, 'next'));
    if (!signInCsrfValid(c, form.get('_csrf'))) {
      return signInPage(c, deps, { status: 403, username, next, errors: { form: t.formExpired } });
    }
    if (!username || !password) {
      const errors = { username: username ? undefined : t.required, password: password ? undefined : t.required };
      return signInPage(c, deps, { status: 400, username, next, errors });
    }
    const outcome = await signIn(deps, c, username, password.slice(0, 1000));
    if (!outcome.ok) {
      if ('retryAfterSeconds' in outcome) {
        // Answered at once with the wait: nothing is held open while the client waits.
        c.header('Retry-After', String(outcome.retryAfterSeconds));
        const text = outcome.reason === 'slowed' ? t.slowed(outcome.retryAfterSeconds) : t.locked;
        return signInPage(c, deps, { status: 429, username, next, errors: { password: text } });
      }
      const refusal = REFUSAL[outcome.reason];
      return signInPage(c, deps, { status: refusal.status, username, next, errors: { password: t[refusal.text] } });
    }
    // Whoever was signed in on this browser before is not any more (no session fixation either).
    const previous = c.get('session');
    if (previous) await deleteSession(deps.sql, previous.sessionId);
    clearSignInCsrf(c, deps);
    setSessionCookie(c, deps, outcome.token);
    // A password an admin set is replaced first; every other page would send them there anyway.
    return c.redirect(outcome.mustChangePassword ? PASSWORD_PAGE : next, 303);
  });

  // Reached only with a live session and a valid CSRF token (the console middleware checks both).
  r.post('/sign-out', async (c) => {
    await signOut(deps, c);
    return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
  });

  return r;
}
