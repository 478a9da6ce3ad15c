// Cross-cutting request handling: request ids and JSON access logs, API-key authentication.
import type { MiddlewareHandler } from 'hono';
import { authenticateApiKey } from '../db/api-keys-store';
import { AppError } from '../errors';
import type { AppDeps, AppEnv } from './types';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestLog(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    const actor = c.get('actor');
    deps.log.info('request', {
      requestId,
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
      const actor = m ? await authenticateApiKey(deps.sql, m[1]!) : null;
      if (!actor) throw new AppError('UNAUTHENTICATED', 'The API key is unknown, malformed or revoked');
      c.set('actor', actor);
    }
    await next();
  };
}
