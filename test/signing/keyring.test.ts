// The keyring's plain-text policy (requireSealedKeys, decided by the entry: production starts,
// starts against DATABASE_URL and every Worker) and re-sealing stored keys with a (new) secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyring, PlaintextKeyError } from '../../src/db/keyring';
import { PLAINTEXT_KEY_PREFIX, SEALED_KEY_PREFIX, SigningError } from '../../src/signing';
import { createTestDatabase, type TestDatabase } from '../support/db';

const SECRET = 'tG1x9Jc0n7QeZ1b4Vv8yM2sK5pR3wL6uA0dF9hE2iOc=';
const NEW_SECRET = 'Q9w8E7r6T5y4U3i2O1p0AaSsDdFfGgHhJjKkLlZzXx0=';
const REQUIRED = { requireSealedKeys: true, requiredBecause: 'DATABASE_URL is set' };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});
// Each test starts from a database without keys (nothing else refers to them here).
beforeEach(async () => {
  await db.sql`delete from signing_keys`;
});

const stored = () =>
  db.sql<{ kid: string; status: string; sealed: string | null }[]>`
    select kid, status, private_jwk_sealed as sealed from signing_keys order by created_at, kid`;

describe('a keyring that requires sealed keys', () => {
  it('refuses to make a key without KEY_ENCRYPTION_SECRET, naming the settings to provide, and writes none', async () => {
    const keyring = createKeyring(db.sql, {}, REQUIRED);
    const error = await keyring.ensure().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaintextKeyError);
    expect((error as Error).message).toBe(
      'a signing key may not be kept in plain text here (DATABASE_URL is set): set KEY_ENCRYPTION_SECRET to 32 or more random characters (openssl rand -base64 32), or give the private key in SIGNING_KEY_JWK',
    );
    expect(await stored()).toEqual([]);
    await expect(db.sql.begin((tx) => keyring.rotate(tx, new Date()))).rejects.toBeInstanceOf(PlaintextKeyError);
    // What a Worker without the secret meets when it signs, even with a sealed key on record.
    await createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }).ensure();
    await expect(keyring.current()).rejects.toThrow((error as Error).message);
    await db.sql`delete from signing_keys`;
    expect(await stored()).toEqual([]);
  });

  it('with the secret, stores the key sealed: the row holds no readable JWK', async () => {
    const keyring = createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }, REQUIRED);
    const kid = await keyring.ensure();
    const [row] = await stored();
    expect(row!.kid).toBe(kid);
    expect(row!.sealed!.startsWith(SEALED_KEY_PREFIX)).toBe(true);
    expect(row!.sealed).not.toContain('"d"');
    expect(row!.sealed).not.toContain((await keyring.current()).privateJwk.d);
  });

  it('refuses keys already stored in plain text, at start and when signing, naming npm run key:rotate', async () => {
    // What the embedded demo wrote before this database went into production.
    await createKeyring(db.sql, {}).ensure();
    expect((await stored())[0]!.sealed!.startsWith(PLAINTEXT_KEY_PREFIX)).toBe(true);
    for (const config of [{}, { KEY_ENCRYPTION_SECRET: SECRET }]) {
      const keyring = createKeyring(db.sql, config, REQUIRED);
      await expect(keyring.ensure()).rejects.toThrow(
        /^the database holds a signing key in plain text, so whoever reads it or a backup of it can sign records \(DATABASE_URL is set\): set KEY_ENCRYPTION_SECRET and run npm run key:rotate/,
      );
      // The Worker never calls ensure(): it meets the key when it signs.
      await expect(keyring.current()).rejects.toBeInstanceOf(PlaintextKeyError);
    }
  });

  it('refuses to start when the stored key does not open: the secret is missing or another one', async () => {
    await createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }).ensure();
    await expect(createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: NEW_SECRET }, REQUIRED).ensure()).rejects.toThrow(
      'the sealed private key does not open with the configured secret (wrong secret, or the stored value was altered)',
    );
    await expect(createKeyring(db.sql, {}).ensure()).rejects.toThrow(
      'the stored private key is sealed and no sealing secret is configured',
    );
  });

  it('the embedded demo (no requirement, no secret) keeps a plain-text key as before', async () => {
    const keyring = createKeyring(db.sql, {});
    await keyring.ensure();
    expect((await stored())[0]!.sealed!.startsWith(PLAINTEXT_KEY_PREFIX)).toBe(true);
    expect((await keyring.current()).kid).toBe((await stored())[0]!.kid);
  });
});

describe('sealStored', () => {
  it('seals every plain-text key, current and retired, in place: kids and JWKS unchanged', async () => {
    const demo = createKeyring(db.sql, {});
    await demo.ensure();
    await db.sql.begin((tx) => demo.rotate(tx, new Date()));
    const jwks = await demo.jwks();
    const before = await stored();
    expect(before.map((r) => r.status).sort()).toEqual(['current', 'retired']);

    const keyring = createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }, REQUIRED);
    const done = await db.sql.begin((tx) => keyring.sealStored(tx));
    expect(done.sealed.sort()).toEqual(before.map((r) => r.kid).sort());
    const after = await stored();
    expect(after.map((r) => r.kid)).toEqual(before.map((r) => r.kid));
    for (const row of after) expect(row.sealed!.startsWith(SEALED_KEY_PREFIX)).toBe(true);
    expect(await keyring.jwks()).toEqual(jwks);
    await keyring.ensure();
    expect((await keyring.current()).kid).toBe(before.find((r) => r.status === 'current')!.kid);
    // A second run has nothing left to do.
    expect(await db.sql.begin((tx) => keyring.sealStored(tx))).toEqual({ sealed: [], resealed: [] });
  });

  it('re-seals keys sealed with the previous secret; a wrong previous secret changes nothing', async () => {
    await createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }).ensure();
    const before = await stored();
    const keyring = createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: NEW_SECRET }, REQUIRED);
    await expect(keyring.current()).rejects.toBeInstanceOf(SigningError);

    const wrong = 'W'.repeat(44);
    await expect(db.sql.begin((tx) => keyring.sealStored(tx, wrong))).rejects.toThrow(/does not open/);
    expect(await stored()).toEqual(before);

    const done = await db.sql.begin((tx) => keyring.sealStored(tx, SECRET));
    expect(done).toEqual({ sealed: [], resealed: [before[0]!.kid] });
    expect((await keyring.current()).kid).toBe(before[0]!.kid);
    await expect(createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }).current()).rejects.toThrow(/does not open/);
  });
});
