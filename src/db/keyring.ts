// The signing keys the service holds: which one signs now, and every public key ever used (the
// JWKS). Private keys come from configuration (SIGNING_KEY_JWK) or are generated and kept in
// signing_keys, sealed with KEY_ENCRYPTION_SECRET. Whether a key may be kept in plain text (only
// the embedded demo) is the entry's decision, passed in as requireSealedKeys; this file enforces it.
import { AppError } from '../errors';
import {
  PLAINTEXT_KEY_PREFIX,
  buildJwks,
  generateSigningKey,
  importPrivateJwk,
  isSealedPrivateJwk,
  isSigningError,
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
  /** The service's origin: its did:web names these keys (the DID document lists them). */
  PUBLIC_BASE_URL?: string | undefined;
}

export interface KeyringOptions {
  /**
   * Refuse to write a private key in plain text, or to use one found so (production: NODE_ENV=production,
   * a start against DATABASE_URL, every Worker). The embedded demo leaves it off.
   */
  requireSealedKeys?: boolean;
  /** Why sealed keys are required, for the refusal ("DATABASE_URL is set"). */
  requiredBecause?: string;
}

/**
 * A signing key would be, or is, kept in plain text where that is not allowed. Its message is one
 * line saying which setting to provide; the Node entry and the CLIs print it as it is.
 */
export class PlaintextKeyError extends AppError {
  constructor(message: string) {
    super('NOT_READY', message);
    this.name = 'PlaintextKeyError';
  }
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
  /** PUBLIC_BASE_URL, whose did:web issues the passports these keys sign (the default origin when not configured). */
  readonly issuerBase: string;
  /** The key that signs now. Throws NOT_READY when none has been set up. */
  current(db?: Db): Promise<SigningKey>;
  jwks(db?: Db): Promise<PublishedJwks>;
  list(db?: Db): Promise<PublicKeyRow[]>;
  /** Makes sure a current key exists (first start); returns its kid. */
  ensure(): Promise<string>;
  /** New current key; the old one is retired (kept in the JWKS, never signs again). */
  rotate(db: Db, now: Date): Promise<{ kid: string; retired: string | null }>;
  /**
   * Seal every private key stored in plain text (current and retired) with KEY_ENCRYPTION_SECRET,
   * and re-seal those that open only with `previousSecret` (a changed secret). Public keys and
   * kids are untouched, so the JWKS and every record stay as they are. Returns the kids changed.
   */
  sealStored(db: Db, previousSecret?: string): Promise<{ sealed: string[]; resealed: string[] }>;
}

const KEY_LOCK = 0x6f636f73;

export function createKeyring(sql: Sql, config: KeyringConfig, options: KeyringOptions = {}): Keyring {
  const opened = new Map<string, SigningKey>();
  const because = options.requiredBecause ? ` (${options.requiredBecause})` : '';

  /** Refuses when a new private key would have to be stored in plain text. */
  function assertCanSeal() {
    if (options.requireSealedKeys && !config.KEY_ENCRYPTION_SECRET) {
      throw new PlaintextKeyError(
        `a signing key may not be kept in plain text here${because}: set KEY_ENCRYPTION_SECRET to 32 or more random characters (openssl rand -base64 32), or give the private key in SIGNING_KEY_JWK`,
      );
    }
  }

  /** Refuses when private keys sit in plain text while that is not allowed, or while a secret is set. */
  async function assertNoPlaintext(db: Db) {
    if (!options.requireSealedKeys && !config.KEY_ENCRYPTION_SECRET) return;
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from signing_keys
      where starts_with(private_jwk_sealed, ${PLAINTEXT_KEY_PREFIX})`;
    if (row && row.n > 0) {
      const what = row.n === 1 ? 'a signing key' : `${row.n} signing keys`;
      throw new PlaintextKeyError(
        `the database holds ${what} in plain text, so whoever reads it or a backup of it can sign records${because}: set KEY_ENCRYPTION_SECRET and run npm run key:rotate (it seals them and starts a new key)`,
      );
    }
  }

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
    issuerBase: (config.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    async current(db = sql) {
      if (config.SIGNING_KEY_JWK) return fromConfig();
      // The Worker never runs ensure(): without a secret it can use no stored key, so it says which setting to give.
      assertCanSeal();
      const [row] = await db<{ kid: string; sealed: string | null }[]>`
        select kid, private_jwk_sealed as sealed from signing_keys where status = 'current'`;
      if (!row?.sealed)
        throw new AppError('NOT_READY', 'No signing key is set up; start the server once or run npm run key:rotate');
      let key = opened.get(row.kid);
      if (!key) {
        if (!isSealedPrivateJwk(row.sealed)) await assertNoPlaintext(db);
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
        await assertNoPlaintext(tx);
        if (config.SIGNING_KEY_JWK) {
          const key = await fromConfig();
          await install(tx, key, null, new Date());
          return key.kid;
        }
        assertCanSeal();
        const [row] = await tx<{ kid: string; sealed: string | null }[]>`
          select kid, private_jwk_sealed as sealed from signing_keys where status = 'current'`;
        if (row?.sealed) {
          // Opened now, so that a missing or wrong KEY_ENCRYPTION_SECRET stops the start, not the first seal.
          if (!opened.has(row.kid)) opened.set(row.kid, await openPrivateJwk(row.sealed, config.KEY_ENCRYPTION_SECRET));
          return row.kid;
        }
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
      assertCanSeal();
      await db`select pg_advisory_xact_lock(${KEY_LOCK})`;
      const key = await generateSigningKey();
      const retired = await install(db, key, await sealPrivateJwk(key.privateJwk, config.KEY_ENCRYPTION_SECRET), now);
      return { kid: key.kid, retired };
    },
    async sealStored(db, previousSecret) {
      const secret = config.KEY_ENCRYPTION_SECRET;
      if (!secret) {
        throw new PlaintextKeyError(
          'KEY_ENCRYPTION_SECRET is not set: set it to 32 or more random characters (openssl rand -base64 32) to seal the signing keys with it',
        );
      }
      await db`select pg_advisory_xact_lock(${KEY_LOCK})`;
      const stored = await db<{ kid: string; sealed: string }[]>`
        select kid, private_jwk_sealed as sealed from signing_keys
        where private_jwk_sealed is not null order by created_at, kid for update`;
      const sealed: string[] = [];
      const resealed: string[] = [];
      for (const row of stored) {
        let key: SigningKey;
        if (!isSealedPrivateJwk(row.sealed)) {
          key = await openPrivateJwk(row.sealed);
          sealed.push(row.kid);
        } else {
          try {
            await openPrivateJwk(row.sealed, secret);
            continue; // already sealed with the current secret
          } catch (e) {
            if (!previousSecret || !isSigningError(e, 'SIGNING_KEY_SEALED_WRONG_SECRET')) throw e;
          }
          key = await openPrivateJwk(row.sealed, previousSecret);
          resealed.push(row.kid);
        }
        if (key.kid !== row.kid) throw new TypeError(`stored key ${row.kid} holds the key ${key.kid}`);
        await db`
          update signing_keys set private_jwk_sealed = ${await sealPrivateJwk(key.privateJwk, secret)}
          where kid = ${row.kid}`;
      }
      opened.clear();
      return { sealed, resealed };
    },
  };
}
