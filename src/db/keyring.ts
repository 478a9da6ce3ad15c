// The signing keys the service holds: which one signs now, and every public key ever used (the
// JWKS). Private keys come from configuration (SIGNING_KEY_JWK) or, on the embedded setup, are
// generated on first start and kept in signing_keys, sealed with KEY_ENCRYPTION_SECRET if given.
import { AppError } from '../errors';
import {
  buildJwks,
  generateSigningKey,
  importPrivateJwk,
  openPrivateJwk,
  sealPrivateJwk,
  type Ed25519PublicJwk,
  type PublishedJwks,
  type SigningKey,
} from '../signing';
import type { Db, Sql } from './client';

export interface KeyringConfig {
  SIGNING_KEY_JWK?: string | undefined;
  KEY_ENCRYPTION_SECRET?: string | undefined;
}

export interface PublicKeyRow {
  kid: string;
  publicJwk: Ed25519PublicJwk;
  status: 'current' | 'retired';
  createdAt: Date;
  retiredAt: Date | null;
  source: 'configuration' | 'database';
}

export interface Keyring {
  /** The key that signs now. Throws NOT_READY when none has been set up. */
  current(db?: Db): Promise<SigningKey>;
  jwks(db?: Db): Promise<PublishedJwks>;
  list(db?: Db): Promise<PublicKeyRow[]>;
  /** Makes sure a current key exists (first start); returns its kid. */
  ensure(): Promise<string>;
  /** New current key; the old one is retired (kept in the JWKS, never signs again). */
  rotate(db: Db, now: Date): Promise<{ kid: string; retired: string | null }>;
}

const KEY_LOCK = 0x6f636f73;

export function createKeyring(sql: Sql, config: KeyringConfig): Keyring {
  const opened = new Map<string, SigningKey>();
  let configured: SigningKey | undefined;
  const fromConfig = async () => (configured ??= await importPrivateJwk(config.SIGNING_KEY_JWK!));

  async function rows(db: Db) {
    return db<(PublicKeyRow & { sealed: string | null })[]>`
      select kid, public_jwk, status, created_at, retired_at,
             private_jwk_sealed as sealed,
             case when private_jwk_sealed is null then 'configuration' else 'database' end as source
      from signing_keys order by created_at desc, kid`;
  }

  async function install(db: Db, key: SigningKey, sealed: string | null, now: Date) {
    const [old] = await db<{ kid: string }[]>`
      update signing_keys set status = 'retired', retired_at = ${now}
      where status = 'current' and kid <> ${key.kid} returning kid`;
    await db`
      insert into signing_keys (kid, public_jwk, private_jwk_sealed, status)
      values (${key.kid}, ${db.json(key.publicJwk as never)}, ${sealed}, 'current')
      on conflict (kid) do update set status = 'current', retired_at = null`;
    return old?.kid ?? null;
  }

  return {
    async current(db = sql) {
      if (config.SIGNING_KEY_JWK) return fromConfig();
      const [row] = await db<{ kid: string; sealed: string | null }[]>`
        select kid, private_jwk_sealed as sealed from signing_keys where status = 'current'`;
      if (!row?.sealed)
        throw new AppError('NOT_READY', 'No signing key is set up; start the server once or run npm run key:rotate');
      let key = opened.get(row.kid);
      if (!key) {
        key = await openPrivateJwk(row.sealed, config.KEY_ENCRYPTION_SECRET);
        opened.set(row.kid, key);
      }
      return key;
    },
    async jwks(db = sql) {
      return buildJwks((await rows(db)).map((r) => ({ kid: r.kid, publicJwk: r.publicJwk, status: r.status })));
    },
    async list(db = sql) {
      return (await rows(db)).map(({ sealed: _s, ...r }) => r);
    },
    async ensure() {
      return sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${KEY_LOCK})`;
        if (config.SIGNING_KEY_JWK) {
          const key = await fromConfig();
          await install(tx, key, null, new Date());
          return key.kid;
        }
        const [row] = await tx<{ kid: string }[]>`select kid from signing_keys where status = 'current'`;
        if (row) return row.kid;
        const key = await generateSigningKey();
        await install(tx, key, await sealPrivateJwk(key.privateJwk, config.KEY_ENCRYPTION_SECRET), new Date());
        return key.kid;
      });
    },
    async rotate(db, now) {
      if (config.SIGNING_KEY_JWK) {
        throw new AppError(
          'CONFLICT',
          'The signing key comes from SIGNING_KEY_JWK: rotate it by setting a new key there and restarting',
        );
      }
      await db`select pg_advisory_xact_lock(${KEY_LOCK})`;
      const key = await generateSigningKey();
      const retired = await install(db, key, await sealPrivateJwk(key.privateJwk, config.KEY_ENCRYPTION_SECRET), now);
      return { kid: key.kid, retired };
    },
  };
}
