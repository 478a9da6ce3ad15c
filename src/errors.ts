// The one list of error codes clients can rely on, and their HTTP statuses.
// Domain and store code throws AppError; the HTTP layer renders it as
// { "error": { "code", "message", "details", "requestId" } }.

export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  GTIN_CHECK_DIGIT: 400,
  GLN_CHECK_DIGIT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  DUPLICATE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  CHECK_RUN_IN_PROGRESS: 409,
  BATCH_SEALED: 409,
  BATCH_NOT_SEALED: 409,
  BATCH_SUPERSEDED: 409,
  BATCH_RECALLED: 409,
  HARVEST_OVERDRAWN: 409,
  BATCH_INCOMPLETE: 422,
  OCOP_RATING_INVALID: 422,
  AREA_NOT_LINKED: 422,
  LABEL_TEMPLATE_INVALID: 400,
  LABEL_TEMPLATE_UNFIT: 422,
  LABEL_GLYPH_MISSING: 422,
  LABEL_INPUT_INVALID: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, id === undefined ? undefined : { id });
export const forbidden = (message = 'This key may not change this resource') => new AppError('FORBIDDEN', message);

/** One VALIDATION_FAILED for every problem a rule found (each { path, message }); nothing when there are none. */
export function failOnProblems(message: string, problems: readonly { path: string; message: string }[]): void {
  if (problems.length) throw new AppError('VALIDATION_FAILED', message, problems);
}
