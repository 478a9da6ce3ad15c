// Sign a batch record as a compact JWS over its canonical JSON, and verify one against a JWKS,
// reporting why a record does not verify instead of throwing.

import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
} from 'jose';
import type { JSONWebKeySet } from 'jose';
import { canonicalJson, sha256Hex } from './canonical';
import type { JsonValue } from './canonical';
import { SigningError } from './errors';
import type { Ed25519PrivateJwk } from './keys';

/**
 * `typ` of every record JWS (RFC 7515 §4.1.9, explicit typing per RFC 8725 §3.11). Not "JWT":
 * the payload is a batch record, not a claims set, and a distinct type stops a record from being
 * accepted where a JWT (a session, an access token) is expected, and vice versa. The "+jws"
 * suffix says the whole object is a JWS; "application/" is omitted as RFC 7515 recommends.
 */
export const RECORD_TYP = 'ocop-batch-record+jws';
export const RECORD_ALG = 'EdDSA';

/** The only protected header members a record carries; anything else is refused on verify. */
const HEADER_MEMBERS = new Set(['alg', 'kid', 'typ']);

export interface SignedRecord {
  /** Compact JWS: BASE64URL(header).BASE64URL(canonical).BASE64URL(signature). */
  jws: string;
  /** The signed payload: RFC 8785 canonical JSON of the record. */
  canonical: string;
  /** Lower-case hex SHA-256 of `canonical` (UTF-8). */
  sha256: string;
}

export type VerifyFailureReason =
  /** Not a compact JWS, or the payload is not a UTF-8 JSON object. */
  | 'malformed'
  /** A JWS, but not a record of ours: alg other than EdDSA, wrong typ, no kid, or extra header members. */
  | 'header'
  /** No key in the JWKS has the record's kid (never published, or removed from the set). */
  | 'unknown_kid'
  /** The key with that kid does not verify the signature: something in header, payload or signature changed. */
  | 'signature'
  /** Validly signed, but the payload bytes are not the RFC 8785 form of themselves. */
  | 'not_canonical'
  /** The key set itself is unusable (not a JWKS, private keys in it, several keys with one kid). */
  | 'jwks_invalid';

export type VerifyResult =
  | { valid: true; kid: string; payload: { [key: string]: JsonValue }; canonical: string; sha256: string }
  | { valid: false; reason: VerifyFailureReason; detail: string; kid?: string };

const utf8 = new TextEncoder();
const importedKeys = new WeakMap<Ed25519PrivateJwk, Promise<{ cryptoKey: CryptoKey; thumbprint: string }>>();

/**
 * Sign a record. The payload must be a plain JSON object; it is canonicalised (RFC 8785) and the
 * UTF-8 bytes of that text are the JWS payload, so a verifier can parse the payload, re-canonicalise
 * and get the same bytes. Throws SigningError: SIGNING_PAYLOAD_NOT_JSON, SIGNING_KEY_INVALID.
 */
export async function signRecord(
  payload: object,
  key: { kid: string; privateJwk: Ed25519PrivateJwk },
): Promise<SignedRecord> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new SigningError('SIGNING_PAYLOAD_NOT_JSON', 'a record payload must be a JSON object', {
      details: { path: '$' },
    });
  }
  const canonical = canonicalJson(payload);
  const privateKey = await signingKeyFor(key);
  const jws = await new CompactSign(utf8.encode(canonical))
    .setProtectedHeader({ alg: RECORD_ALG, kid: key.kid, typ: RECORD_TYP })
    .sign(privateKey);
  return { jws, canonical, sha256: await sha256Hex(canonical) };
}

/**
 * Import once per private JWK object (signing happens per sealed batch, the key lives for the
 * process), and refuse a kid that is not the key's thumbprint: such records could never verify.
 */
async function signingKeyFor(key: { kid: string; privateJwk: Ed25519PrivateJwk }): Promise<CryptoKey> {
  const { privateJwk } = key;
  let imported = importedKeys.get(privateJwk);
  if (imported === undefined) {
    imported = importSigningKey(privateJwk);
    importedKeys.set(privateJwk, imported);
    imported.catch(() => importedKeys.delete(privateJwk));
  }
  const { cryptoKey, thumbprint } = await imported;
  if (thumbprint !== key.kid) {
    throw new SigningError(
      'SIGNING_KEY_INVALID',
      `kid ${JSON.stringify(key.kid)} is not the RFC 7638 thumbprint of the signing key (${thumbprint})`,
    );
  }
  return cryptoKey;
}

async function importSigningKey(privateJwk: Ed25519PrivateJwk): Promise<{ cryptoKey: CryptoKey; thumbprint: string }> {
  try {
    const { kty, crv, x, d } = privateJwk;
    const cryptoKey = await importJWK({ kty, crv, x, d }, RECORD_ALG);
    if (!(cryptoKey instanceof CryptoKey)) throw new TypeError('expected a CryptoKey');
    return { cryptoKey, thumbprint: await calculateJwkThumbprint({ kty, crv, x }) };
  } catch (cause) {
    throw new SigningError('SIGNING_KEY_INVALID', 'the signing key could not be imported as an Ed25519 private JWK', {
      cause,
    });
  }
}

function fail(reason: VerifyFailureReason, detail: string, kid?: string): VerifyResult {
  return kid === undefined ? { valid: false, reason, detail } : { valid: false, reason, detail, kid };
}

/**
 * Verify a record JWS against a key set (the published JWKS, retired keys included). Never throws
 * on bad input: every failure comes back as `{ valid: false, reason, detail }`.
 */
export async function verifyRecord(
  jws: unknown,
  jwks: JSONWebKeySet | { keys: unknown[] } | unknown,
): Promise<VerifyResult> {
  try {
    return await verify(jws, jwks);
  } catch (error) {
    // Defensive: anything unforeseen is reported, not thrown, to keep the contract.
    return fail(
      'malformed',
      `verification failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function verify(jws: unknown, jwks: unknown): Promise<VerifyResult> {
  if (typeof jws !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(jws)) {
    return fail('malformed', 'not a compact JWS (three base64url parts separated by dots)');
  }

  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return fail('malformed', 'the protected header is not base64url-encoded JSON');
  }
  const kid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
  if (header.alg !== RECORD_ALG)
    return fail('header', `alg is ${JSON.stringify(header.alg)}; records are signed with ${RECORD_ALG}`, kid);
  if (header.typ !== RECORD_TYP)
    return fail('header', `typ is ${JSON.stringify(header.typ)}; expected ${RECORD_TYP}`, kid);
  if (kid === undefined) return fail('header', 'the protected header has no kid');
  const extra = Object.keys(header).filter((name) => !HEADER_MEMBERS.has(name));
  if (extra.length > 0) return fail('header', `unexpected protected header members: ${extra.join(', ')}`, kid);

  if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    return fail('jwks_invalid', 'the key set is not a JWKS ({ "keys": [...] })', kid);
  }
  const keys = (jwks as { keys: unknown[] }).keys;
  if (!keys.some((jwk) => typeof jwk === 'object' && jwk !== null && (jwk as { kid?: unknown }).kid === kid)) {
    return fail('unknown_kid', `no key with kid ${kid} in the key set`, kid);
  }

  let payloadBytes: Uint8Array;
  try {
    const keySet = createLocalJWKSet(jwks as JSONWebKeySet);
    ({ payload: payloadBytes } = await compactVerify(jws, keySet, { algorithms: [RECORD_ALG] }));
  } catch (error) {
    return fail(...classifyJoseError(error), kid);
  }

  let text: string;
  let parsed: unknown;
  try {
    // ignoreBOM keeps a leading BOM in the text, so it fails JSON.parse instead of vanishing.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payloadBytes);
    parsed = JSON.parse(text);
  } catch {
    return fail('malformed', 'the payload is not UTF-8 JSON', kid);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('malformed', 'the payload is not a JSON object', kid);
  }
  let canonical: string;
  try {
    canonical = canonicalJson(parsed);
  } catch (error) {
    return fail(
      'not_canonical',
      `the payload is not I-JSON: ${error instanceof Error ? error.message : String(error)}`,
      kid,
    );
  }
  if (canonical !== text) {
    return fail(
      'not_canonical',
      'the payload bytes are not the RFC 8785 canonical form of the record they encode',
      kid,
    );
  }
  return {
    valid: true,
    kid,
    payload: parsed as { [key: string]: JsonValue },
    canonical,
    sha256: await sha256Hex(canonical),
  };
}

function classifyJoseError(error: unknown): [VerifyFailureReason, string] {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return ['signature', 'the signature does not verify with the key published under this kid'];
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return ['unknown_kid', 'no usable Ed25519 signing key (kty OKP, use sig) with this kid in the key set'];
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys)
    return ['jwks_invalid', 'several keys in the key set share this kid'];
  if (error instanceof joseErrors.JWKSInvalid || error instanceof joseErrors.JWKInvalid)
    return ['jwks_invalid', error.message];
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported)
    return ['header', error.message];
  if (error instanceof joseErrors.JWSInvalid) return ['malformed', error.message];
  // e.g. a key whose "x" is not a valid point: the key set cannot verify anything with it.
  if (error instanceof joseErrors.JOSEError) return ['jwks_invalid', error.message];
  return ['malformed', error instanceof Error ? error.message : String(error)];
}

/** `typ` and `cty` of a credential secured with VC-JOSE-COSE (W3C Recommendation, May 2025). */
export const CREDENTIAL_TYP = 'vc+jwt';
export const CREDENTIAL_CTY = 'vc';

/**
 * Secure a W3C VC 2.0 credential with an enveloping proof (VC-JOSE-COSE): a compact JWS whose
 * payload is the credential JSON itself, in RFC 8785 canonical form (so the same credential and
 * key always give the same bytes), and whose `kid` is the DID URL of the signing key. The key's
 * own kid (its thumbprint) is checked as for records. Throws SigningError as signRecord does.
 */
export async function signCredential(
  credential: object,
  key: { kid: string; privateJwk: Ed25519PrivateJwk },
  didUrl: string,
): Promise<SignedCredentialJws> {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw new SigningError('SIGNING_PAYLOAD_NOT_JSON', 'a credential must be a JSON object', {
      details: { path: '$' },
    });
  }
  const canonical = canonicalJson(credential);
  return { jws: await signCanonicalCredential(canonical, key, didUrl), canonical };
}

/**
 * Sign a credential already in canonical form (kept as text, e.g. a DTE stored at the seal and
 * signed when asked for). Nothing is hashed here: a credential has no digest of its own to store.
 */
export async function signCanonicalCredential(
  canonical: string,
  key: { kid: string; privateJwk: Ed25519PrivateJwk },
  didUrl: string,
): Promise<string> {
  const privateKey = await signingKeyFor(key);
  return new CompactSign(utf8.encode(canonical))
    .setProtectedHeader({ alg: RECORD_ALG, kid: didUrl, typ: CREDENTIAL_TYP, cty: CREDENTIAL_CTY })
    .sign(privateKey);
}

export interface SignedCredentialJws {
  /** Compact JWS (VC-JOSE-COSE enveloping proof). */
  jws: string;
  /** The signed payload: RFC 8785 canonical JSON of the credential. */
  canonical: string;
}
