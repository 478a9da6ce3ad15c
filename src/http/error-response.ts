// Turns anything thrown while serving a request into the one JSON error shape.
// Bad input never becomes a 500: zod issues, malformed JSON and PostgreSQL's own
// constraint errors each map to a client error that says what was wrong.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { isConnectionFailure, TransactionInterrupted } from '../db/client';
import { AppError, errorStatus, type ErrorCode } from '../errors';
import { LabelError } from '../labels/errors';
import type { AppEnv } from './types';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown; requestId: string };
}

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details, requestId: c.get('requestId') ?? '' } };
}

export function errorJson(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  details: unknown = null,
  headers?: Record<string, string>,
) {
  // An error that says when to come back (rate limits, the database unreachable) says it in HTTP too.
  const retry = (details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  const withRetry = typeof retry === 'number' ? { 'Retry-After': String(retry), ...headers } : headers;
  return c.json(errorBody(c, code, message, details), errorStatus[code] as 400, withRetry);
}

/** What a client is asked to wait (Retry-After) while the database is unreachable: restarts take seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database unreachable or a connection lost: 503, come back later. A write interrupted after
 * it began says whether it was saved: surely not (rolled back), or unknown (the connection broke
 * while COMMIT was on its way), when only a retry with the same Idempotency-Key is safe.
 */
function databaseUnavailable(err: unknown): AppError {
  const outcome = err instanceof TransactionInterrupted ? err.outcome : null;
  const message =
    outcome === 'unknown'
      ? 'The connection to the database broke while the change was being saved: it may or may not have been ' +
        'saved. Check, or retry with the same Idempotency-Key, in a few seconds'
      : outcome === 'not_saved'
        ? 'The database became unreachable and nothing was saved; retry in a few seconds'
        : 'The database is unreachable at the moment; retry in a few seconds';
  return new AppError('NOT_READY', message, {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    ...(outcome ? { outcome } : {}),
  });
}

export function zodIssues(e: ZodError, prefix: (string | number)[] = []) {
  return e.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))].join('.'),
    message: i.message,
    code: i.code,
  }));
}

/**
 * Class 22 "data exception" in plain words. Request schemas catch these values first; this is the
 * net behind them, and PostgreSQL's own text (which quotes values and types) is never passed on.
 */
function dataException(code: string): string {
  if (code === '22001') return 'a text is too long';
  if (code === '22003') return 'a number is out of range';
  if (code === '22007' || code === '22008') return 'a date or time is not valid or out of range';
  if (code === '22021' || code === '22P05') return 'a text holds a character that cannot be stored';
  return 'a value has the wrong form';
}

/** PostgreSQL errors that mean the client sent something the schema refuses. */
function fromPostgres(e: {
  code?: string;
  constraint_name?: string;
  column_name?: string;
  detail?: string;
  message: string;
  table_name?: string;
}): AppError | null {
  switch (e.code) {
    case '23505':
      return new AppError('DUPLICATE', 'A record with the same unique value already exists', {
        constraint: e.constraint_name,
        detail: e.detail,
      });
    case '23503':
      return new AppError('CONFLICT', 'A referenced record does not exist or is still referenced', {
        constraint: e.constraint_name,
      });
    case '23514':
    case '23502':
    case '23P01':
      return new AppError('VALIDATION_FAILED', 'The record breaks a rule of the schema', {
        constraint: e.constraint_name ?? null,
        table: e.table_name ?? null,
      });
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', 'The change collided with a concurrent one; retry it');
    default:
      // Class 22 is "data exception": a value of the wrong form, out of range, a NUL byte…
      if (e.code?.startsWith('22')) {
        return new AppError('VALIDATION_FAILED', 'A value has the wrong form or is out of range', [
          // The column, when PostgreSQL names one, in the API's camelCase.
          {
            path: e.column_name?.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) ?? null,
            message: dataException(e.code),
          },
        ]);
      }
      return null;
  }
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof LabelError) return new AppError(err.code, err.message, err.details);
  if (err instanceof ZodError) return new AppError('VALIDATION_FAILED', 'The request is not valid', zodIssues(err));
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    if (err.status === 400) return new AppError('BAD_JSON', err.message || 'Malformed request');
    if (err.status === 401) return new AppError('UNAUTHENTICATED', err.message || 'Authentication required');
    return null;
  }
  if (isConnectionFailure(err)) return databaseUnavailable(err);
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    // Errors raised by our own PL/pgSQL triggers carry their code in the message hint.
    const pg = err as { code: string; message: string; hint?: string };
    if (pg.code === 'P0001' && pg.hint && pg.hint in errorStatus) {
      const detail = (err as { detail?: string }).detail;
      let details: unknown = detail ?? null;
      try {
        if (detail) details = JSON.parse(detail);
      } catch {
        // a plain-text detail stays as it is
      }
      return new AppError(pg.hint as ErrorCode, pg.message, details);
    }
    return fromPostgres(err as never);
  }
  return null;
}
