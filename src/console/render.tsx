// Rendering a console page: the shell from the request (language, user, CSRF token, nav), the
// page's content inside, and the error pages the console shows instead of JSON.
import type { Child } from 'hono/jsx';
import { ERROR_MESSAGES } from '../domain/messages';
import { errorStatus, type ErrorCode } from '../errors';
import { messageIn } from './form';
import { CONSOLE_BASE, type ConsoleContext } from './env';
import { COMMON } from './texts/common';
import { Layout } from './ui/layout';

/** The current URL with ?lang switched, for the language link. */
export function switchHref(c: ConsoleContext): string {
  const u = new URL(c.req.url);
  u.searchParams.set('lang', c.get('lang') === 'vi' ? 'en' : 'vi');
  // After a POST the same address shows the form again (GET), which is what a switch should do.
  return u.pathname + u.search;
}

/** Renders content in the console shell; status 200 unless given (400 for a form with errors). */
export function page(
  c: ConsoleContext,
  props: { title: string; status?: number; children: Child; refreshSeconds?: number },
) {
  const session = c.get('session');
  const node = (
    <Layout
      lang={c.get('lang') ?? 'vi'}
      title={props.title}
      switchHref={switchHref(c)}
      session={session}
      csrf={session?.csrfToken}
      nav={c.get('nav') ?? []}
      path={c.req.path}
      refreshSeconds={props.refreshSeconds}
    >
      {props.children}
    </Layout>
  );
  return c.html(`<!doctype html>${String(node)}`, (props.status ?? 200) as 200);
}

/**
 * An error as a console page: a title, what happened, and the request id for 5xx. The database
 * unreachable (NOT_READY with retryAfterSeconds) is said as such, with Retry-After, and whether
 * the change was saved.
 */
export function errorPage(c: ConsoleContext, code: ErrorCode, message?: string, details?: unknown) {
  const t = COMMON[c.get('lang') ?? 'vi'];
  const status = errorStatus[code];
  const unavailable =
    code === 'NOT_READY' ? (details as { retryAfterSeconds?: number; outcome?: string } | null) : null;
  if (typeof unavailable?.retryAfterSeconds === 'number')
    c.header('Retry-After', String(unavailable.retryAfterSeconds));
  const text = unavailable?.retryAfterSeconds
    ? unavailable.outcome === 'unknown'
      ? t.notReadyUnknown
      : unavailable.outcome === 'not_saved'
        ? t.notReadyNotSaved
        : t.notReady
    : code === 'NOT_FOUND'
      ? t.notFound
      : code === 'FORBIDDEN'
        ? t.forbidden
        : code === 'PAYLOAD_TOO_LARGE'
          ? t.tooLarge
          : code === 'UNSUPPORTED_MEDIA_TYPE'
            ? t.unsupported
            : status >= 500
              ? t.internal
              : message
                ? (messageIn(c.get('lang') ?? 'vi', message) ?? ERROR_MESSAGES[code][c.get('lang') ?? 'vi'])
                : t.errorTitle;
  return page(c, {
    title: t.errorTitle,
    status,
    children: (
      <>
        <h1>{t.errorTitle}</h1>
        <div class="card errsum" role="alert">
          <p>
            {text}
            {status >= 500 ? (
              <>
                {' '}
                <code>{c.get('requestId')}</code>
              </>
            ) : null}
          </p>
          {message && text !== message && status < 500 ? (
            <p class="muted" lang="en">
              {message}
            </p>
          ) : null}
        </div>
        <p>
          <a href={CONSOLE_BASE}>{t.backHome}</a>
        </p>
      </>
    ),
  });
}

/** 403 for a form without its session's CSRF token or from another origin: nothing was done. */
export function formRefusedPage(c: ConsoleContext) {
  const t = COMMON[c.get('lang') ?? 'vi'];
  return page(c, {
    title: t.errorTitle,
    status: 403,
    children: (
      <>
        <h1>{t.errorTitle}</h1>
        <div class="card errsum" role="alert">
          <p>{t.formExpired}</p>
        </div>
        <p>
          <a href={CONSOLE_BASE}>{t.backHome}</a>
        </p>
      </>
    ),
  });
}
