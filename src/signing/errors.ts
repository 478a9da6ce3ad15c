// Errors raised by the signing module: one class, a fixed `code` per failure, so callers
// (HTTP error mapping, CLI) can branch on the code without parsing messages.

export type SigningErrorCode =
  /** The value to sign is not I-JSON (undefined, NaN, a Date, a cycle, a lone surrogate…). */
  | 'SIGNING_PAYLOAD_NOT_JSON'
  /** The private key from configuration or storage is not an Ed25519 private JWK, or its parts disagree. */
  | 'SIGNING_KEY_INVALID'
  /** A sealed private key could not be opened with the given secret (wrong secret or altered ciphertext). */
  | 'SIGNING_KEY_SEALED_WRONG_SECRET'
  /** A stored private key is neither of the two stored forms this module writes. */
  | 'SIGNING_KEY_SEALED_MALFORMED'
  /** The stored private key is sealed but no secret was configured to open it. */
  | 'SIGNING_KEY_SECRET_MISSING'
  /** A secret is configured but the stored private key is plaintext: refuse rather than pretend it is protected. */
  | 'SIGNING_KEY_NOT_SEALED'
  /** The sealing secret is too short to be a key (see MIN_SEAL_SECRET_LENGTH). */
  | 'SIGNING_SECRET_TOO_SHORT';

export class SigningError extends Error {
  override readonly name = 'SigningError';
  readonly code: SigningErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: SigningErrorCode,
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

export function isSigningError(value: unknown, code?: SigningErrorCode): value is SigningError {
  return value instanceof SigningError && (code === undefined || value.code === code);
}
