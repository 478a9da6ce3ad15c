// Ed25519 signing keys: generate them, import the private JWK given in configuration, and seal
// it for storage at rest (AES-256-GCM under a key derived from a configuration secret).

import {
  CompactEncrypt,
  base64url,
  calculateJwkThumbprint,
  compactDecrypt,
  decodeProtectedHeader,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import { SigningError } from './errors';

/** Public half of an Ed25519 key as a JWK (RFC 8037), only the members that define the key. */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** Private Ed25519 JWK: the public members plus the private scalar `d`. Never publish this. */
export interface Ed25519PrivateJwk extends Ed25519PublicJwk {
  d: string;
}

export interface SigningKey {
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
  kid: string;
  publicJwk: Ed25519PublicJwk;
  privateJwk: Ed25519PrivateJwk;
}

/** Prefix of a private JWK stored as plain JSON, unprotected: whoever reads the store can sign. */
export const PLAINTEXT_KEY_PREFIX = 'ocop-key-plaintext-v1:';
/** Prefix of a private JWK stored as a compact JWE (dir + A256GCM, key from HKDF-SHA256 of the secret). */
export const SEALED_KEY_PREFIX = 'ocop-key-sealed-v1:';
/**
 * HKDF is a key derivation function, not a password hash: the secret must already carry key-grade
 * entropy (e.g. `openssl rand -base64 32`), so shorter secrets are refused outright.
 */
export const MIN_SEAL_SECRET_LENGTH = 32;

const HKDF_INFO = 'ocop-trace signing key seal v1';
const utf8 = new TextEncoder();
const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** A fresh Ed25519 key pair, its kid the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return toSigningKey(await exportJWK(privateKey), 'generated key');
}

/**
 * Import the private JWK held in configuration (a JSON text, or an already-parsed object).
 * Checks that it is an OKP/Ed25519 private key whose `x` belongs to its `d`; an optional `kid`,
 * `alg` or `use` member must agree with what this service would publish. Throws
 * SigningError('SIGNING_KEY_INVALID') saying which check failed, never echoing the key itself.
 */
export async function importPrivateJwk(json: string | Record<string, unknown>): Promise<SigningKey> {
  let parsed: unknown = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json);
    } catch {
      throw invalidKey(
        'the private key is not a JSON text (expected a JWK such as {"kty":"OKP","crv":"Ed25519","x":…,"d":…})',
      );
    }
  }
  return toSigningKey(parsed, 'private key');
}

/** The public members of a (possibly private) Ed25519 JWK, copied by name so `d` cannot come along. */
export function publicPart(key: Ed25519PublicJwk): Ed25519PublicJwk {
  return { kty: key.kty, crv: key.crv, x: key.x };
}

/**
 * Serialise a private JWK for storage. With a secret: a sealed form (AES-256-GCM, random salt
 * per call). Without one: plain JSON, marked with PLAINTEXT_KEY_PREFIX so nobody mistakes it
 * for protected.
 */
export async function sealPrivateJwk(privateJwk: Ed25519PrivateJwk, secret?: string): Promise<string> {
  const key = await toSigningKey(privateJwk, 'private key');
  const plaintext = JSON.stringify(key.privateJwk);
  if (secret === undefined) return PLAINTEXT_KEY_PREFIX + plaintext;
  assertSecret(secret);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const jwe = await new CompactEncrypt(utf8.encode(plaintext))
    .setProtectedHeader({
      alg: 'dir',
      enc: 'A256GCM',
      cty: 'jwk+json',
      kid: key.kid,
      'ocop-kdf': 'HKDF-SHA256',
      'ocop-salt': base64url.encode(salt),
    })
    .encrypt(await deriveSealKey(secret, salt));
  return SEALED_KEY_PREFIX + jwe;
}

/** Whether a stored private key is sealed (true) or marked plaintext (false); throws if neither. */
export function isSealedPrivateJwk(stored: string): boolean {
  if (stored.startsWith(SEALED_KEY_PREFIX)) return true;
  if (stored.startsWith(PLAINTEXT_KEY_PREFIX)) return false;
  throw new SigningError(
    'SIGNING_KEY_SEALED_MALFORMED',
    `stored private key starts with neither "${SEALED_KEY_PREFIX}" nor "${PLAINTEXT_KEY_PREFIX}"`,
  );
}

/**
 * Open what sealPrivateJwk stored. A sealed key needs the secret it was sealed with
 * (SIGNING_KEY_SECRET_MISSING / SIGNING_KEY_SEALED_WRONG_SECRET otherwise). A plaintext key is
 * refused when a secret is configured (SIGNING_KEY_NOT_SEALED): the operator believes keys are
 * protected, so a plaintext one is either a leftover to re-seal or a planted key.
 */
export async function openPrivateJwk(stored: string, secret?: string): Promise<SigningKey> {
  if (!isSealedPrivateJwk(stored)) {
    if (secret !== undefined) {
      throw new SigningError(
        'SIGNING_KEY_NOT_SEALED',
        'a sealing secret is configured but the stored private key is plaintext; re-seal it (open without the secret, seal with it)',
      );
    }
    return importPrivateJwk(stored.slice(PLAINTEXT_KEY_PREFIX.length));
  }
  if (secret === undefined) {
    throw new SigningError(
      'SIGNING_KEY_SECRET_MISSING',
      'the stored private key is sealed and no sealing secret is configured',
    );
  }
  assertSecret(secret);
  const jwe = stored.slice(SEALED_KEY_PREFIX.length);
  let salt: Uint8Array;
  let sealedKid: unknown;
  try {
    const header = decodeProtectedHeader(jwe);
    if (
      header.alg !== 'dir' ||
      header.enc !== 'A256GCM' ||
      header['ocop-kdf'] !== 'HKDF-SHA256' ||
      typeof header['ocop-salt'] !== 'string'
    ) {
      throw new Error('unexpected JWE header');
    }
    salt = base64url.decode(header['ocop-salt']);
    sealedKid = header.kid;
  } catch (cause) {
    throw new SigningError('SIGNING_KEY_SEALED_MALFORMED', 'the sealed private key is not a JWE this module wrote', {
      cause,
    });
  }
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(jwe, await deriveSealKey(secret, salt), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    }));
  } catch (cause) {
    if (cause instanceof joseErrors.JWEDecryptionFailed) {
      throw new SigningError(
        'SIGNING_KEY_SEALED_WRONG_SECRET',
        'the sealed private key does not open with the configured secret (wrong secret, or the stored value was altered)',
        { cause },
      );
    }
    throw new SigningError('SIGNING_KEY_SEALED_MALFORMED', 'the sealed private key could not be decrypted', { cause });
  }
  const key = await importPrivateJwk(new TextDecoder().decode(plaintext));
  if (sealedKid !== key.kid) {
    throw new SigningError(
      'SIGNING_KEY_SEALED_MALFORMED',
      'the kid in the sealed envelope does not match the key inside it',
    );
  }
  return key;
}

function invalidKey(message: string, cause?: unknown): SigningError {
  return new SigningError('SIGNING_KEY_INVALID', message, cause === undefined ? undefined : { cause });
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SEAL_SECRET_LENGTH) {
    throw new SigningError(
      'SIGNING_SECRET_TOO_SHORT',
      `the sealing secret must be at least ${MIN_SEAL_SECRET_LENGTH} characters of random data (e.g. openssl rand -base64 32)`,
    );
  }
}

async function toSigningKey(value: unknown, what: string): Promise<SigningKey> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidKey(`${what} is not a JSON object (expected a JWK)`);
  }
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'OKP') throw invalidKey(`${what} has kty ${JSON.stringify(jwk.kty)}; expected "OKP"`);
  if (jwk.crv !== 'Ed25519') throw invalidKey(`${what} has crv ${JSON.stringify(jwk.crv)}; expected "Ed25519"`);
  if (typeof jwk.x !== 'string' || !BASE64URL_32_BYTES.test(jwk.x)) {
    throw invalidKey(`${what} has no valid "x" (32 bytes, base64url without padding)`);
  }
  if (jwk.d === undefined) throw invalidKey(`${what} has no "d": it is a public key, not a private one`);
  if (typeof jwk.d !== 'string' || !BASE64URL_32_BYTES.test(jwk.d)) {
    throw invalidKey(`${what} has no valid "d" (32 bytes, base64url without padding)`);
  }
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') {
    throw invalidKey(`${what} has alg ${JSON.stringify(jwk.alg)}; expected "EdDSA"`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig')
    throw invalidKey(`${what} has use ${JSON.stringify(jwk.use)}; expected "sig"`);

  const publicJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const privateJwk: Ed25519PrivateJwk = { ...publicJwk, d: jwk.d };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  if (jwk.kid !== undefined && jwk.kid !== kid) {
    throw invalidKey(`${what} has kid ${JSON.stringify(jwk.kid)} but its RFC 7638 thumbprint is ${kid}`);
  }
  await assertHalvesMatch(privateJwk, what);
  return { kid, publicJwk, privateJwk };
}

/**
 * Sign a probe with `d` and verify it with `x`: a JWK whose halves come from different keys would
 * sign records nobody can verify. (Node already refuses such a JWK at import; other runtimes may not.)
 */
async function assertHalvesMatch(privateJwk: Ed25519PrivateJwk, what: string): Promise<void> {
  let publicKey: CryptoKey;
  try {
    publicKey = (await importJWK(publicPart(privateJwk), 'EdDSA')) as CryptoKey;
  } catch (cause) {
    throw invalidKey(`${what} has an "x" that is not an Ed25519 public key`, cause);
  }
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(privateJwk, 'EdDSA')) as CryptoKey;
  } catch (cause) {
    throw invalidKey(`${what} is inconsistent or invalid: its "x" is not the public key of its "d"`, cause);
  }
  const probe = utf8.encode('ocop-trace key check');
  const signature = await crypto.subtle.sign('Ed25519', privateKey, probe);
  if (!(await crypto.subtle.verify('Ed25519', publicKey, signature, probe))) {
    throw invalidKey(`${what} is inconsistent: its "x" is not the public key of its "d"`);
  }
}

async function deriveSealKey(secret: string, salt: Uint8Array): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey('raw', utf8.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(salt), info: utf8.encode(HKDF_INFO) },
    ikm,
    256,
  );
  return new Uint8Array(bits);
}
