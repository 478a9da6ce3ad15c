// One API operation = one definition: its route, who may call it, its zod schemas and its
// handler. The same list mounts the Hono routes and produces the OpenAPI document, so the
// documentation cannot drift from what is enforced. Write operations run in one transaction,
// with their audit entries and the stored Idempotency-Key answer inside it.
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors';
import { retryRead, transaction, type Db, type Tx } from '../db/client';
import { recordAudit, type AuditEntry } from '../db/audit-store';
import { beginIdempotent, finishIdempotent } from '../db/idempotency-store';
import type { AppDeps, AppEnv } from './types';
import type { Actor, Role } from '../domain/roles';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Schema = z.ZodType | undefined;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The parameter names of a path: '/batches/:id/recalls/:recallId/lift' → 'id' | 'recallId'. */
export type PathParams<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | PathParams<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

export interface OpInput<P extends string, B extends Schema, Q extends Schema> {
  c: Context<AppEnv>;
  deps: AppDeps;
  /** The caller; undefined only for public operations called without a key. */
  actor: Actor;
  body: Infer<B>;
  query: Infer<Q>;
  /** The path's parameters by name; ids are already checked to be UUIDs (else NOT_FOUND). */
  params: Record<PathParams<P>, string>;
  /** The pool for reads; the transaction for writes. */
  db: Db;
  now: Date;
  requestId: string;
  /** Writes an audit entry in the operation's transaction (write operations only). */
  audit: (entry: Omit<AuditEntry, 'actor' | 'requestId' | 'at'>) => Promise<void>;
  /**
   * Work to start once the operation's transaction has committed (write operations only), in the
   * background: the answer does not wait for it and its failure is only logged.
   */
  afterCommit: (task: () => Promise<unknown>) => void;
}

/** One API operation; `R` is what its handler answers, so callers of runOp get typed results. */
export interface Operation<
  P extends string = string,
  B extends Schema = Schema,
  Q extends Schema = Schema,
  R = unknown,
> {
  method: Method;
  /** Hono-style path below /api/v1, e.g. /areas/:id */
  path: P;
  tag: string;
  summary: string;
  description?: string | undefined;
  roles: readonly Role[];
  /** Anyone may call it, with or without a key (actor is then undefined). */
  public?: boolean;
  body?: B;
  query?: Q;
  response?: z.ZodType;
  status?: 200 | 201 | 202;
  /** Honour the Idempotency-Key header (creates). */
  idempotent?: boolean;
  /**
   * Reads a body that is not JSON (a photo upload) into the value the body schema checks; run
   * after the role check and before the transaction. Without it the body is JSON.
   */
  readBody?: (c: Context<AppEnv>, deps: AppDeps) => Promise<{ raw: string; value: unknown }>;
  /** The OpenAPI requestBody, for operations with their own readBody. */
  requestBody?: Record<string, unknown>;
  // A method, not a function property: parameters compare bivariantly, so every operation is an AnyOperation.
  handler(input: OpInput<P, B, Q>): Promise<R>;
}

// biome-ignore lint/suspicious/noExplicitAny: the list of all operations holds every path, schema and result
export type AnyOperation = Operation<string, any, any, unknown>;

/** Declares an operation; the path, schemas and the handler's result type are kept for typed callers. */
export function op<P extends string, B extends Schema = undefined, Q extends Schema = undefined, R = unknown>(
  spec: Operation<P, B, Q, R>,
): Operation<P, B, Q, R> {
  return spec;
}

/** What calling an operation takes besides the caller: its path parameters, query strings and body. */
export type OpArgs<O> =
  O extends Operation<infer P, infer B, infer Q, unknown>
    ? ([PathParams<P>] extends [never] ? { params?: undefined } : { params: Record<PathParams<P>, string> }) &
        (Q extends z.ZodType ? { query?: { [K in keyof z.input<Q>]?: string | undefined } } : { query?: undefined }) &
        (B extends z.ZodType ? { body: z.input<B> } : { body?: undefined })
    : never;

/** What an operation's handler answers. */
export type OpAnswer<O> = O extends Operation<string, Schema, Schema, infer R> ? Awaited<R> : never;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

async function readJsonBody(c: Context<AppEnv>): Promise<{ raw: string; value: unknown }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json', {
      contentType: type || null,
    });
  }
  const raw = await c.req.text();
  try {
    return { raw, value: JSON.parse(raw) };
  } catch {
    throw new AppError('BAD_JSON', 'The request body is not valid JSON');
  }
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError(
    'VALIDATION_FAILED',
    where === 'body' ? 'The request body is not valid' : 'The query parameters are not valid',
    r.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join('.'),
      message: i.message,
      code: i.code,
    })),
  );
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** One call of an operation, from the API routes (mountOps) or from a console page. */
export interface OpCall {
  c: Context<AppEnv>;
  /** The caller: an API key's or a console user's; undefined only for public operations. */
  actor: Actor | undefined;
  /** Raw path parameters by name (ids are checked here: a malformed id is NOT_FOUND). */
  params?: Record<string, string | undefined>;
  /** Raw query parameters, parsed by the operation's query schema. */
  query?: Record<string, string>;
  /** The request body as decoded JSON (not yet validated), for callers that build it themselves. */
  body?: unknown;
  /** Reads the body only once authorization passed (mountOps reads the request's JSON). */
  readBody?: () => Promise<{ raw: string; value: unknown }>;
  /** Honoured only by operations marked idempotent. */
  idempotencyKey?: string;
}

export interface OpResult {
  status: number;
  /** The handler's answer: a JSON-able value, or a Response (downloads, pages). */
  body: unknown;
  /** True when an Idempotency-Key replay answered with the stored first answer. */
  replayed: boolean;
}

/**
 * Runs one operation exactly as the API does: role check, path ids, zod parsing of query and
 * body, then the handler (writes in one transaction with their audit entries and the
 * Idempotency-Key answer). Throws AppError like the API routes do (VALIDATION_FAILED details
 * have paths such as "body.quantity").
 */
export async function runOp(deps: AppDeps, spec: AnyOperation, call: OpCall): Promise<OpResult> {
  const { c } = call;
  const actor = call.actor as Actor;
  if (!actor && !spec.public) throw new AppError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
  if (actor && !spec.roles.includes(actor.role)) {
    throw new AppError('FORBIDDEN', `This operation needs one of the roles: ${spec.roles.join(', ')}`);
  }
  const params: Record<string, string> = {};
  for (const n of paramNames(spec.path)) {
    const v = call.params?.[n] ?? '';
    // Ids are UUIDs: anything else cannot name a record, so it is simply not found.
    if (/id$/i.test(n) && !UUID.test(v)) throw new AppError('NOT_FOUND', 'No record has this id', { [n]: v });
    params[n] = /id$/i.test(n) ? v.toLowerCase() : v;
  }
  const query = spec.query ? parseOrThrow(spec.query, call.query ?? {}, 'query') : undefined;
  let raw = '';
  let body: unknown;
  if (spec.body) {
    const read = call.readBody ? await call.readBody() : { raw: JSON.stringify(call.body ?? null), value: call.body };
    raw = read.raw;
    body = parseOrThrow(spec.body, read.value, 'body');
  }
  const requestId = c.get('requestId');
  const now = deps.clock();
  const status = spec.status ?? (spec.method === 'post' ? 201 : 200);

  if (spec.method === 'get') {
    // A read has no effect: when its connection broke, it runs once more on fresh connections.
    const result = await retryRead(deps.sql, () =>
      spec.handler({
        c,
        deps,
        actor,
        body: body as never,
        query: query as never,
        params,
        db: deps.sql,
        now,
        requestId,
        audit: () => Promise.reject(new TypeError('audit() is for write operations')),
        afterCommit: () => {
          throw new TypeError('afterCommit() is for write operations');
        },
      }),
    );
    return { status, body: result, replayed: false };
  }

  const idemKey = spec.idempotent ? call.idempotencyKey : undefined;
  if (idemKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idemKey)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  const requestHash = idemKey ? await sha256Hex(`${spec.method} ${c.req.path}\n${raw}`) : '';
  const afterCommit: (() => Promise<unknown>)[] = [];
  // Retried only when the connection failed before BEGIN got through (see transaction()).
  const outcome = await transaction(deps.sql, async (tx: Tx) => {
    if (idemKey) {
      const prior = await beginIdempotent(tx, actor.keyId, idemKey, spec.method, c.req.path, requestHash);
      if (prior) return { replayed: true, status: prior.status, body: prior.body };
    }
    const result = await spec.handler({
      c,
      deps,
      actor,
      body: body as never,
      query: query as never,
      params,
      db: tx,
      now,
      requestId,
      audit: (e) => recordAudit(tx, { ...e, actor, requestId, at: now }),
      afterCommit: (task) => afterCommit.push(task),
    });
    if (idemKey) await finishIdempotent(tx, actor.keyId, idemKey, status, result);
    return { replayed: false, status, body: result } as OpResult;
  });
  if (afterCommit.length && !outcome.replayed) startInBackground(c, deps, afterCommit, requestId);
  return outcome;
}

/** Starts after-commit tasks without waiting for them; on Workers the request's waitUntil keeps them alive. */
function startInBackground(c: Context<AppEnv>, deps: AppDeps, tasks: (() => Promise<unknown>)[], requestId: string) {
  const work = (async () => {
    for (const task of tasks) {
      try {
        await task();
      } catch (e) {
        deps.log.error('work after a commit failed', { requestId, error: e instanceof Error ? e.message : String(e) });
      }
    }
  })();
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (Node): the promise runs on by itself.
  }
}

export function mountOps(app: Hono<AppEnv>, deps: AppDeps, ops: readonly AnyOperation[], prefix = '/api/v1') {
  for (const spec of ops) {
    const names = paramNames(spec.path);
    app.on(spec.method.toUpperCase(), prefix + spec.path, async (c) => {
      const params: Record<string, string | undefined> = {};
      for (const n of names) params[n] = c.req.param(n);
      const outcome = await runOp(deps, spec, {
        c,
        actor: c.get('actor'),
        params,
        query: c.req.query(),
        readBody: () => (spec.readBody ? spec.readBody(c, deps) : readJsonBody(c)),
        idempotencyKey: c.req.header('idempotency-key'),
      });
      // A download built as a Response still gets the headers middleware prepared (X-Request-Id).
      if (outcome.body instanceof Response) return c.newResponse(outcome.body.body, outcome.body);
      const headers: Record<string, string> = outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {};
      return c.json(outcome.body as object, outcome.status as 200, headers);
    });
  }
}
