// Signing keys: the public JWKS (anyone verifies records with it) and rotation (admin).
import { Hono } from 'hono';
import { op } from '../op';
import type { AppDeps, AppEnv } from '../types';

export function jwksRoutes(deps: AppDeps) {
  const r = new Hono<AppEnv>();
  r.get('/.well-known/jwks.json', async (c) => {
    const jwks = await deps.keyring.jwks();
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=3600');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(jwks);
  });
  return r;
}

export const signingKeyOps = {
  list: op({
    method: 'get',
    path: '/signing-keys',
    tag: 'Signing keys',
    summary: 'List signing keys (public parts, current and retired)',
    roles: ['admin', 'staff'],
    async handler({ deps, db }) {
      return { items: await deps.keyring.list(db) };
    },
  }),
  rotate: op({
    method: 'post',
    path: '/signing-keys/rotate',
    tag: 'Signing keys',
    summary: 'Make a new current signing key; the old one is retired but keeps verifying',
    roles: ['admin'],
    status: 200,
    async handler({ deps, db, audit, now }) {
      const rotated = await deps.keyring.rotate(db, now);
      await audit({
        action: 'rotate',
        entity: 'signing_key',
        entityId: rotated.kid,
        before: { kid: rotated.retired },
        after: { kid: rotated.kid },
      });
      return rotated;
    },
  }),
};
