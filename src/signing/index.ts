// Public API of the signing module: canonical JSON, Ed25519 keys, record JWS, JWKS, errors.

export { canonicalJson, sha256Hex } from './canonical';
export type { JsonValue } from './canonical';
export { SigningError, isSigningError } from './errors';
export type { SigningErrorCode } from './errors';
export {
  MIN_SEAL_SECRET_LENGTH,
  PLAINTEXT_KEY_PREFIX,
  SEALED_KEY_PREFIX,
  generateSigningKey,
  importPrivateJwk,
  isSealedPrivateJwk,
  openPrivateJwk,
  publicPart,
  sealPrivateJwk,
} from './keys';
export type { Ed25519PrivateJwk, Ed25519PublicJwk, SigningKey } from './keys';
export {
  CREDENTIAL_CTY,
  CREDENTIAL_TYP,
  RECORD_ALG,
  RECORD_TYP,
  signCanonicalCredential,
  signCredential,
  signRecord,
  verifyRecord,
} from './jws';
export type { SignedCredentialJws, SignedRecord, VerifyFailureReason, VerifyResult } from './jws';
export { buildJwks } from './jwks';
export type { PublishedJwk, PublishedJwks, SigningKeyStatus } from './jwks';
export { decodeJwsPayload } from './payload';
