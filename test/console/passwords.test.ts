import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptPasswordHasher } from '../../src/entry/passwords-node';
import { createTestDatabase, type TestDatabase } from '../support/db';

const hasher = scryptPasswordHasher();

describe('scrypt password hasher', () => {
  it('stores scrypt$N$r$p$salt$hash with N = 2^15, r = 8, p = 1 and a 16-byte random salt', async () => {
    const a = await hasher.hash('một mật khẩu dài');
    const b = await hasher.hash('một mật khẩu dài');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b); // salted
    expect(await hasher.verify('một mật khẩu dài', a)).toBe(true);
    expect(await hasher.verify('một mật khẩu dài ', a)).toBe(false);
    expect(hasher.needsRehash!(a)).toBe(false);
  });

  it('accepts the same Vietnamese password typed composed or decomposed', async () => {
    const composed = 'Mật khẩu Việt Nam'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await hasher.verify(decomposed, await hasher.hash(composed))).toBe(true);
  });

  it('answers false, never throws, for malformed or abusive stored hashes', async () => {
    for (const stored of [
      '',
      'plain text',
      'scrypt$3$8$1$AAAA$BBBB',
      `scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==`,
      'bcrypt$2b$10$x',
    ]) {
      expect(await hasher.verify('anything at all', stored), stored).toBe(false);
      expect(hasher.needsRehash!(stored)).toBe(true);
    }
  });

  it('refuses to be built weaker than N = 2^15', () => {
    expect(() => scryptPasswordHasher({ N: 2 ** 14, r: 8, p: 1 })).toThrow(TypeError);
  });
});

describe('users table', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  const insert = (username: string, hash: string, role = 'staff', org: string | null = null) =>
    db.sql`insert into users (username, display_name, password_hash, role, organization_id) values (${username}, 'X', ${hash}, ${role}, ${org})`;

  it('refuses anything but a scrypt hash, upper-case usernames and cooperative users without an organization', async () => {
    const hash = await hasher.hash('long enough password');
    await insert('ok.user', hash);
    await expect(insert('plain.user', 'long enough password')).rejects.toThrow();
    await expect(insert('Upper', hash)).rejects.toThrow();
    await expect(insert('ab', hash)).rejects.toThrow();
    await expect(insert('ok.user', hash)).rejects.toThrow(); // unique
    await expect(insert('coop.user', hash, 'cooperative')).rejects.toThrow();
  });
});
