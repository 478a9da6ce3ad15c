// The security headers of every answer outside the console (which sets its own, src/console/security.ts).
// Hono's secure headers give the fixed ones; this adds what it cannot do: HSTS only when the
// service is published on https, and a Content-Security-Policy chosen per page. An HTML answer
// that did not set its own policy gets PAGE_POLICY: no script, no form, images from this site.
// A page that needs more sets its own with pagePolicy(), scripts allowed by their SHA-256 hash.
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './types';

export interface PageNeeds {
  /** hashes (from scriptHash) of the page's inline scripts */
  scripts?: readonly string[];
  /** the page's script sends requests to this site (fetch) */
  connect?: boolean;
  /** the page has a form posting to this site */
  forms?: boolean;
  /** the page shows a product image, which may be on another https host */
  productImages?: boolean;
}

/**
 * A page's Content-Security-Policy: nothing by default ('none'); inline styles, as every page carries
 * its CSS in a <style> block; no framing, no <base>.
 */
export function pagePolicy(needs: PageNeeds = {}): string {
  const d = [
    "default-src 'none'",
    ...(needs.scripts?.length ? [`script-src ${needs.scripts.map((h) => `'${h}'`).join(' ')}`] : []),
    ...(needs.connect ? ["connect-src 'self'"] : []),
    "style-src 'unsafe-inline'",
    `img-src 'self' data:${needs.productImages ? ' https:' : ''}`,
    `form-action ${needs.forms ? "'self'" : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ];
  return d.join('; ');
}

export const PAGE_POLICY = pagePolicy();

const hashes = new Map<string, Promise<string>>();

/** "sha256-…" of an inline script's exact text, as CSP hash sources name it; computed once per text. */
export function scriptHash(script: string): Promise<string> {
  let h = hashes.get(script);
  if (!h) {
    h = crypto.subtle.digest('SHA-256', new TextEncoder().encode(script)).then((d) => {
      let bin = '';
      for (const b of new Uint8Array(d)) bin += String.fromCharCode(b);
      return `sha256-${btoa(bin)}`;
    });
    hashes.set(script, h);
  }
  return h;
}

const isConsole = (c: Context) => c.req.path === '/console' || c.req.path.startsWith('/console/');

/** Every answer but the console's: fixed headers, HSTS on https only, a CSP on every HTML page. */
export function publicSecurityHeaders(publicBaseUrl: string): MiddlewareHandler<AppEnv> {
  const fixed = secureHeaders({
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    // Over plain http a browser ignores HSTS, and a test or intranet install must not pin https.
    strictTransportSecurity: publicBaseUrl.startsWith('https:'),
    overwrite: false,
  });
  // The console's middleware sets its own headers; this one, as before, only fills in any it left out.
  const consoleFill = secureHeaders({ referrerPolicy: 'strict-origin-when-cross-origin', overwrite: false });
  return async (c, next) => {
    if (isConsole(c)) return consoleFill(c, next);
    await fixed(c, async () => {
      await next();
      if (!c.res.headers.has('Content-Security-Policy') && /^text\/html/i.test(c.res.headers.get('Content-Type') ?? ''))
        c.res.headers.set('Content-Security-Policy', PAGE_POLICY);
    });
  };
}
