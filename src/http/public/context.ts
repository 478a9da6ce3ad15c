// What every public route shares: who the client is (for rate limits and the scan log, never
// stored as an address), the Vietnam day, the visitor's language, and the two ways a public
// answer is refused or rendered.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { vietnamToday } from '../../domain/calendar';
import { pickLang, T, type Lang } from '../../pages/i18n';
import { switchLangHref } from '../../pages/layout';
import { MessagePage } from '../../pages/product';
import { clientHash } from '../../scanning/client';
import { clientAddress } from '../client-address';
import { errorJson } from '../error-response';
import type { AppDeps, AppEnv } from '../types';
import type { RateLimit } from '../rate-limit';
import type { PublicState } from './state';

export interface PublicContext {
  deps: AppDeps;
  state: PublicState;
  /** The limits counted in PostgreSQL, bound to this app's database and clock (per request on Workers). */
  limits: { unknownSerials: RateLimit; reports: RateLimit };
  /** PUBLIC_BASE_URL: the origin printed into QR codes and links */
  base: string;
  today(): string;
  langOf(c: Context): Lang;
  /** The day-salted hash of the client's network: what rate limits and the scan log keep. */
  clientOf(c: Context): Promise<string>;
}

const clientHashes = new WeakMap<Context, Promise<string>>();

export function publicContext(deps: AppDeps, state: PublicState): PublicContext {
  const today = () => vietnamToday(deps.clock());
  return {
    deps,
    state,
    limits: {
      unknownSerials: state.unknownSerials.on(deps.sql, deps.clock),
      reports: state.reports.on(deps.sql, deps.clock),
    },
    base: deps.config.PUBLIC_BASE_URL,
    today,
    langOf: (c) => pickLang(c.req.query('lang'), c.req.header('accept-language')),
    // Hashed once per request: the flood limit and the stamp answer both ask for it.
    clientOf: (c) => {
      let hash = clientHashes.get(c);
      if (!hash) {
        hash = clientHash(clientAddress(c, deps), today());
        clientHashes.set(c, hash);
      }
      return hash;
    },
  };
}

/**
 * 429 for a client over its budget, with Retry-After: a page saying when to try again for a
 * browser (a shopper who scanned a stamp on a busy shared network), the JSON error otherwise and
 * always for `json` routes (/verify is an API whatever its caller accepts).
 */
export function limited(c: Context<AppEnv>, seconds: number, opts: { json?: boolean } = {}) {
  if (!opts.json && /text\/html/.test(c.req.header('accept') ?? '')) {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const t = T[lang];
    const wait = seconds < 60 ? t.waitSeconds(seconds) : t.waitMinutes(Math.ceil(seconds / 60));
    const page = MessagePage({
      lang,
      switchHref: switchLangHref(new URL(c.req.url), lang),
      title: t.limitedTitle,
      message: t.limited(wait),
    });
    return html(c, page, 429, { 'Retry-After': String(seconds), 'Cache-Control': 'no-store' });
  }
  return errorJson(
    c,
    'RATE_LIMITED',
    'Too many requests from your network; try again later',
    { retryAfterSeconds: seconds },
    {
      'Retry-After': String(seconds),
    },
  );
}

/** An HTML page: hono/jsx output behind a doctype. */
export function html(c: Context<AppEnv>, node: Child, status = 200, headers: Record<string, string> = {}) {
  return c.html(`<!doctype html>${String(node)}`, status as 200, headers);
}
