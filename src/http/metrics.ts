// What the HTTP layer tells a metrics collector: each answer by route group and status, and the
// requests that failed on the database. Implemented with prom-client on Node
// (src/entry/metrics-node.ts); the Worker has none (Cloudflare's analytics stand in, see README).
// Labels are route groups, never raw paths, so that the number of series stays small.
import type { MiddlewareHandler } from 'hono';
import { errorJson } from './error-response';
import type { AppEnv } from './types';

export const ROUTE_GROUPS = ['stamp', 'public', 'api', 'console', 'health', 'docs', 'metrics', 'other'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

export interface AppMetrics {
  /** One answer: its route group, HTTP status, and seconds from arrival until the answer began. */
  request(group: RouteGroup, status: number, seconds: number): void;
  /** A request failed because the database was unreachable or a connection broke. */
  databaseError(): void;
  /** The Prometheus text for GET /metrics on the main port (only with METRICS_TOKEN). */
  exposition?(): Promise<{ contentType: string; body: string }>;
}

const STAMP = /^\/01\/[^/]+(\/10\/[^/]+)?\/21\/[^/]+\/?$/;
const PUBLIC = /^\/(01|verify|ocop|scans|models|\.well-known)(\/|$)|^\/report$|^\/$|^\/[A-Za-z0-9_-]{10,}$/;

/** The route group of a path: the stamp page, other public pages and resolver answers, the API, … */
export function routeGroupOf(path: string): RouteGroup {
  if (STAMP.test(path)) return 'stamp';
  if (path.startsWith('/api/')) return 'api';
  if (path === '/console' || path.startsWith('/console/')) return 'console';
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path === '/docs' || path === '/openapi.json') return 'docs';
  if (path === '/metrics') return 'metrics';
  if (PUBLIC.test(path)) return 'public';
  return 'other';
}

/** Counts every answer (errors included, as the error handler shaped them) by route group. */
export function requestMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    metrics.request(routeGroupOf(c.req.path), c.res.status, (performance.now() - started) / 1000);
  };
}

/**
 * GET /metrics on the main port: only when METRICS_TOKEN is set and the runtime collects metrics
 * (else 404, as for any unknown path), and only for "Authorization: Bearer <METRICS_TOKEN>".
 */
export function metricsRoute(metrics: AppMetrics | undefined, token: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c) => {
    if (!token || !metrics?.exposition) return errorJson(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!(await sameSecret(sent, token))) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return errorJson(c, 'UNAUTHENTICATED', 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"');
    }
    const { contentType, body } = await metrics.exposition();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  };
}

/** Compared as SHA-256 digests in constant time: neither the token's length nor a prefix leaks. */
async function sameSecret(sent: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [a, b] = await Promise.all(
    [sent, expected].map(async (s) => new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(s)))),
  );
  let diff = 0;
  for (let i = 0; i < a!.length; i++) diff |= a![i]! ^ b![i]!;
  return diff === 0;
}
