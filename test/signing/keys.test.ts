// Signing keys: generation, import from configuration, and sealing the private JWK at rest.

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  PLAINTEXT_KEY_PREFIX,
  SEALED_KEY_PREFIX,
  SigningError,
  generateSigningKey,
  importPrivateJwk,
  isSealedPrivateJwk,
  openPrivateJwk,
  sealPrivateJwk,
} from '../../src/signing';
import type { SigningErrorCode } from '../../src/signing';

const SECRET = 'tG1x9Jc0n7QeZ1b4Vv8yM2sK5pR3wL6uA0dF9hE2iOc=';
const OTHER_SECRET = 'Q9w8E7r6T5y4U3i2O1p0AaSsDdFfGgHhJjKkLlZzXx0=';

async function rejection(promise: Promise<unknown>): Promise<SigningError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SigningError);
    return error as SigningError;
  }
  throw new Error('expected a rejection');
}

async function expectCode(promise: Promise<unknown>, code: SigningErrorCode): Promise<SigningError> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  return error;
}

describe('generateSigningKey', () => {
  it('makes an Ed25519 key whose kid is the RFC 7638 thumbprint of its public half', async () => {
    const key = await generateSigningKey();
    expect(key.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(Object.keys(key.privateJwk).sort()).toEqual(['crv', 'd', 'kty', 'x']);
    expect(key.privateJwk.x).toBe(key.publicJwk.x);
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x }));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes a different key each time', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    expect(a.kid).not.toBe(b.kid);
  });
});

describe('importPrivateJwk', () => {
  it('imports the JSON text of a private JWK and derives the same kid', async () => {
    const key = await generateSigningKey();
    const imported = await importPrivateJwk(JSON.stringify(key.privateJwk));
    expect(imported).toEqual(key);
  });

  it('accepts kid, alg and use members that agree with the key, and drops them', async () => {
    const key = await generateSigningKey();
    const imported = await importPrivateJwk(
      JSON.stringify({ ...key.privateJwk, kid: key.kid, alg: 'EdDSA', use: 'sig' }),
    );
    expect(imported.privateJwk).toEqual(key.privateJwk);
  });

  it('accepts a JWK exported by another tool (jose, with extra members)', async () => {
    const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const imported = await importPrivateJwk(JSON.stringify({ ...jwk, key_ops: ['sign'], ext: true }));
    expect(imported.publicJwk.x).toBe(jwk.x);
  });

  it.each([
    ['not JSON', 'kty=OKP', /not a JSON text/],
    ['a JSON array', '[]', /not a JSON object/],
    ['an EC key', JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'c' }), /kty "EC"/],
    ['an X25519 key', JSON.stringify({ kty: 'OKP', crv: 'X25519', x: 'a', d: 'b' }), /crv "X25519"/],
    ['an x of the wrong length', JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'AAAA' }), /valid "x"/],
  ])('refuses %s with SIGNING_KEY_INVALID', async (_name, json, message) => {
    const error = await expectCode(importPrivateJwk(json), 'SIGNING_KEY_INVALID');
    expect(error.message).toMatch(message);
  });

  it('refuses a public JWK, saying it has no private part', async () => {
    const key = await generateSigningKey();
    const error = await expectCode(importPrivateJwk(JSON.stringify(key.publicJwk)), 'SIGNING_KEY_INVALID');
    expect(error.message).toMatch(/no "d"/);
  });

  it('refuses a JWK whose x is not the public key of its d', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const error = await expectCode(
      importPrivateJwk(JSON.stringify({ ...a.privateJwk, x: b.publicJwk.x })),
      'SIGNING_KEY_INVALID',
    );
    expect(error.message).toMatch(/inconsistent/);
  });

  it('refuses a kid that is not the thumbprint, or an alg or use meant for something else', async () => {
    const key = await generateSigningKey();
    await expectCode(importPrivateJwk(JSON.stringify({ ...key.privateJwk, kid: 'key-2024' })), 'SIGNING_KEY_INVALID');
    await expectCode(importPrivateJwk(JSON.stringify({ ...key.privateJwk, alg: 'ES256' })), 'SIGNING_KEY_INVALID');
    await expectCode(importPrivateJwk(JSON.stringify({ ...key.privateJwk, use: 'enc' })), 'SIGNING_KEY_INVALID');
  });

  it('never repeats the private scalar in its error messages', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const error = await rejection(importPrivateJwk(JSON.stringify({ ...a.privateJwk, x: b.publicJwk.x })));
    expect(`${error.message} ${JSON.stringify(error.details ?? {})}`).not.toContain(a.privateJwk.d);
  });
});

describe('sealing the private key at rest', () => {
  it('round-trips a key sealed with a secret, and the stored form does not contain d', async () => {
    const key = await generateSigningKey();
    const stored = await sealPrivateJwk(key.privateJwk, SECRET);
    expect(stored.startsWith(SEALED_KEY_PREFIX)).toBe(true);
    expect(isSealedPrivateJwk(stored)).toBe(true);
    expect(stored).not.toContain(key.privateJwk.d);
    expect(await openPrivateJwk(stored, SECRET)).toEqual(key);
  });

  it('uses a fresh salt and IV each time, so sealing twice gives different ciphertexts', async () => {
    const key = await generateSigningKey();
    const [one, two] = await Promise.all([
      sealPrivateJwk(key.privateJwk, SECRET),
      sealPrivateJwk(key.privateJwk, SECRET),
    ]);
    expect(one).not.toBe(two);
  });

  it('refuses the wrong secret with SIGNING_KEY_SEALED_WRONG_SECRET', async () => {
    const key = await generateSigningKey();
    const stored = await sealPrivateJwk(key.privateJwk, SECRET);
    await expectCode(openPrivateJwk(stored, OTHER_SECRET), 'SIGNING_KEY_SEALED_WRONG_SECRET');
  });

  it('detects a stored ciphertext that was altered', async () => {
    const key = await generateSigningKey();
    const stored = await sealPrivateJwk(key.privateJwk, SECRET);
    const parts = stored.split('.');
    const ciphertext = parts[3] ?? '';
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    await expectCode(openPrivateJwk(parts.join('.'), SECRET), 'SIGNING_KEY_SEALED_WRONG_SECRET');
  });

  it('stores plaintext when no secret is configured, and marks it as such', async () => {
    const key = await generateSigningKey();
    const stored = await sealPrivateJwk(key.privateJwk);
    expect(stored).toBe(PLAINTEXT_KEY_PREFIX + JSON.stringify(key.privateJwk));
    expect(isSealedPrivateJwk(stored)).toBe(false);
    expect(await openPrivateJwk(stored)).toEqual(key);
  });

  it('refuses to open a plaintext key when a secret is configured', async () => {
    const key = await generateSigningKey();
    await expectCode(openPrivateJwk(await sealPrivateJwk(key.privateJwk), SECRET), 'SIGNING_KEY_NOT_SEALED');
  });

  it('refuses to open a sealed key when no secret is configured', async () => {
    const key = await generateSigningKey();
    await expectCode(openPrivateJwk(await sealPrivateJwk(key.privateJwk, SECRET)), 'SIGNING_KEY_SECRET_MISSING');
  });

  it('refuses a secret too short to be a key', async () => {
    const key = await generateSigningKey();
    await expectCode(sealPrivateJwk(key.privateJwk, 'hunter2'), 'SIGNING_SECRET_TOO_SHORT');
  });

  it('refuses stored values it did not write', async () => {
    await expectCode(openPrivateJwk('{"kty":"OKP"}'), 'SIGNING_KEY_SEALED_MALFORMED');
    await expectCode(openPrivateJwk(`${SEALED_KEY_PREFIX}not-a-jwe`, SECRET), 'SIGNING_KEY_SEALED_MALFORMED');
  });

  it('refuses to seal something that is not a valid private key', async () => {
    const key = await generateSigningKey();
    // @ts-expect-error a public JWK is not a private one
    await expectCode(sealPrivateJwk(key.publicJwk, SECRET), 'SIGNING_KEY_INVALID');
  });
});
