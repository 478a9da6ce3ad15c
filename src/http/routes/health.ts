// /healthz: the process answers. /readyz: the database answers and every migration this build
// expects has been applied (an instance on an old schema must not take traffic).
import { Hono } from 'hono';
import { reportConnectionFailure } from '../../db/client';
import { pendingMigrations } from '../../db/migrations';
import { MIGRATION_NAMES } from '../../db/schema-version';
import type { AppDeps, AppEnv } from '../types';

export function healthRoutes(deps: AppDeps) {
  const r = new Hono<AppEnv>();
  r.get('/healthz', (c) => c.json({ status: 'ok' }));
  r.get('/readyz', async (c) => {
    try {
      const pending = await pendingMigrations(deps.sql, [...MIGRATION_NAMES]);
      if (pending.length) return c.json({ status: 'not_ready', database: 'ok', pendingMigrations: pending }, 503);
      return c.json({ status: 'ready', database: 'ok', migrations: MIGRATION_NAMES.length });
    } catch (e) {
      deps.log.warn('readiness check failed', { error: e instanceof Error ? e.message : String(e) });
      void reportConnectionFailure(deps.sql, e);
      return c.json({ status: 'not_ready', database: 'unreachable' }, 503);
    }
  });
  return r;
}
