// The console's defences that do not need the database: cookies and their flags, the
// Origin check on forms, the sign-in form's double-submit token, a safe `next` address, and
// the response headers of every console page.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { constantTimeEqual, isToken, randomToken } from '../db/sessions-store';
import type { AppDeps } from '../http/types';
import { CONSOLE_BASE, type ConsoleEnv } from './env';

export const SESSION_COOKIE = 'ocop_session';
/** The sign-in form's CSRF token before any session exists (double-submit cookie). */
export const SIGN_IN_CSRF_COOKIE = 'ocop_csrf';
export const LANG_COOKIE = 'ocop_lang';

/**
 * Hono's secure headers with the console's stricter policy: no script at all; inline styles only
 * (the pages carry their CSS in one <style>); images from here or data: URLs; forms post to this
 * origin only; no framing. The header reads "default-src 'none'; style-src 'unsafe-inline'; …".
 */
export function securityHeaders(): MiddlewareHandler<ConsoleEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // Not Hono's no-referrer: under it browsers post forms with `Origin: null`, which the
    // same-origin check (sameOrigin below) must refuse, so no form could be sent.
    referrerPolicy: 'strict-origin-when-cross-origin',
  });
}

/** Pages name the user and their records: no browser or proxy keeps a copy (Hono's middleware has no such option). */
export function noStore(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/** The request came over HTTPS (directly, or through a trusted proxy), or the service is published on HTTPS. */
export function isSecure(c: Context, deps: AppDeps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (deps.config.PUBLIC_BASE_URL.startsWith('https:')) return true;
  return deps.config.TRUST_PROXY && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function setSessionCookie(c: Context, deps: AppDeps, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c, deps),
    maxAge: deps.config.SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context, deps: AppDeps) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c, deps) });
}

export function sessionToken(c: Context): string | undefined {
  const v = getCookie(c, SESSION_COOKIE);
  return isToken(v) ? v : undefined;
}

/** The sign-in form's token: the cookie's when it has one, else a new one set now. */
export function signInCsrfToken(c: Context, deps: AppDeps): string {
  const current = getCookie(c, SIGN_IN_CSRF_COOKIE);
  if (isToken(current)) return current;
  const token = randomToken();
  // A browser-session cookie, for the sign-in page only; Strict: never sent from another site.
  setCookie(c, SIGN_IN_CSRF_COOKIE, token, {
    path: `${CONSOLE_BASE}/sign-in`,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c, deps),
  });
  return token;
}

export function signInCsrfValid(c: Context, formToken: unknown): boolean {
  const cookie = getCookie(c, SIGN_IN_CSRF_COOKIE);
  return isToken(cookie) && typeof formToken === 'string' && constantTimeEqual(cookie, formToken);
}

export function clearSignInCsrf(c: Context, deps: AppDeps) {
  deleteCookie(c, SIGN_IN_CSRF_COOKIE, {
    path: `${CONSOLE_BASE}/sign-in`,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c, deps),
  });
}

/**
 * A form may only be posted from our own pages. Browsers send Origin with every POST; when it
 * is absent (old browsers, privacy settings), Sec-Fetch-Site says the same where present.
 */
export function sameOrigin(c: Context, deps: AppDeps): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) {
    const site = c.req.header('sec-fetch-site');
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return origin === new URL(c.req.url).origin || origin === new URL(deps.config.PUBLIC_BASE_URL).origin;
}

/** A `next` address to go to after signing in: only a console path of this site, else the home. */
export function safeNext(value: string | undefined | null): string {
  if (!value || value.length > 1000) return CONSOLE_BASE;
  // Relative to this origin: no scheme, no "//host", no backslashes browsers treat as slashes.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (!/^\/console(?:[/?#]|$)/.test(value) || /[\\\s\x00-\x1f\x7f]/.test(value) || value.includes('//'))
    return CONSOLE_BASE;
  if (/^\/console\/sign-(?:in|out)(?:[/?#]|$)/.test(value)) return CONSOLE_BASE;
  return value;
}
