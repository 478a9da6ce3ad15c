// Node-only: whether this start may keep a signing key in plain text. Only the embedded demo may
// (npm start with neither DATABASE_URL nor NODE_ENV=production); everywhere else a private key is
// sealed with KEY_ENCRYPTION_SECRET or comes from SIGNING_KEY_JWK (src/db/keyring.ts enforces it).
// The Worker entry always requires sealed keys.
import type { Config } from '../config';
import type { KeyringOptions } from '../db/keyring';

export function keyPolicy(config: Config, env: Record<string, string | undefined>): KeyringOptions {
  if (env.NODE_ENV === 'production') return { requireSealedKeys: true, requiredBecause: 'NODE_ENV=production' };
  if (config.DATABASE_URL) return { requireSealedKeys: true, requiredBecause: 'DATABASE_URL is set' };
  return { requireSealedKeys: false };
}
