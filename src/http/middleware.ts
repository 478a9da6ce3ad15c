// Cross-cutting request handling of our own: JSON access logs (with the request id that
// hono/request-id set), API-key authentication, and telling the pool about connection failures.
import type { MiddlewareHandler } from 'hono';
import { authenticateApiKey } from '../db/api-keys-store';
import { isConnectionFailure, reportConnectionFailure, retryRead } from '../db/client';
import { AppError } from '../errors';
import type { AppDeps, AppEnv } from './types';

export function accessLog(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const actor = c.get('actor');
    deps.log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(actor ? { keyId: actor.keyId, role: actor.role } : {}),
    });
  };
}

/** Resolves "Authorization: Bearer <key>" to an actor; operations decide what they require. */
export function apiKeyAuth(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await retryRead(deps.sql, () => authenticateApiKey(deps.sql, m[1]!)) : null;
      if (!actor) throw new AppError('UNAUTHENTICATED', 'The API key is unknown, malformed or revoked');
      c.set('actor', actor);
    }
    await next();
  };
}

/**
 * A request that failed because the database could not be reached or a connection broke tells
 * the pool, wherever the query ran (a page's own read, a scan): the pool then drops what is
 * broken and refuses at once while the database is down (src/db/client.ts).
 */
export function reportDatabaseFailures(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.error) return;
    if (isConnectionFailure(c.error)) deps.metrics?.databaseError();
    void reportConnectionFailure(deps.sql, c.error);
  };
}
