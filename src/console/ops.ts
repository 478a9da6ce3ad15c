// Console pages act only through the API's operations: the same role checks, zod schemas,
// tenant rules, transaction and audit entries, with the signed-in user as the actor. An
// operation is named by its exported reference (batchOps.seal, src/http/routes), so its path
// parameters, query and body are checked and its answer typed: a renamed route breaks the type
// check, not a page.
//
//   const users = await callOp(deps, c, userOps.list, { query: { limit: '200' } });
//   const r = await submitOp(deps, c, userOps.create, { body: { username, displayName, role, password } });
//   if (!r.ok) return render(form with fieldErrors(r.error, lang));   // 400/409/422: show beside the fields
//   return c.redirect(`/console/users/${r.body.id}`, 303);
import type { Context } from 'hono';
import type { AppError } from '../errors';
import { toAppError } from '../http/error-response';
import { runOp, type AnyOperation, type OpAnswer, type OpArgs, type OpResult } from '../http/op';
import type { Page } from '../http/schemas';
import type { AppDeps, AppEnv } from '../http/types';
import type { ConsoleContext } from './env';

/** The arguments of a call: optional when the operation needs no path parameter and no body. */
type ArgsOf<O> = object extends OpArgs<O> ? [args?: OpArgs<O>] : [args: OpArgs<O>];

/** What runOp is given, whatever the operation (OpArgs<O> checked it at the call). */
interface RawArgs {
  params?: Record<string, string> | undefined;
  query?: Record<string, string | undefined> | undefined;
  body?: unknown;
}

function strings(q: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function run(deps: AppDeps, c: ConsoleContext, operation: AnyOperation, args: RawArgs = {}): Promise<OpResult> {
  return runOp(deps, operation, {
    // The console's context is the app's context with more variables; runOp reads only the app's.
    c: c as unknown as Context<AppEnv>,
    actor: c.get('actor'),
    params: args.params,
    query: strings(args.query),
    body: args.body,
  });
}

/**
 * Runs an API operation as the signed-in user and returns its answer. Errors are thrown: the
 * console renders them as a page (404, 403…).
 */
export async function callOp<O extends AnyOperation>(
  deps: AppDeps,
  c: ConsoleContext,
  operation: O,
  ...args: ArgsOf<O>
): Promise<OpAnswer<O>> {
  const result = await run(deps, c, operation, args[0] as RawArgs | undefined);
  // The answer is what the operation's handler returned, in process (not JSON): its own type.
  return result.body as OpAnswer<O>;
}

export type Submitted<T> = { ok: true; status: number; body: T } | { ok: false; error: AppError };

/**
 * Like callOp for a form's action: a refusal the user can correct (400, 409, 422: validation,
 * duplicate, conflict, a rule of the domain) comes back as { ok: false, error } for the page
 * to show beside the fields; anything else (403, 404, 5xx) is thrown.
 */
export async function submitOp<O extends AnyOperation>(
  deps: AppDeps,
  c: ConsoleContext,
  operation: O,
  ...args: ArgsOf<O>
): Promise<Submitted<OpAnswer<O>>> {
  try {
    const result = await run(deps, c, operation, args[0] as RawArgs | undefined);
    return { ok: true, status: result.status, body: result.body as OpAnswer<O> };
  } catch (e) {
    const known = toAppError(e);
    if (known && [400, 409, 422].includes(known.status)) return { ok: false, error: known };
    throw e;
  }
}

/** The body an operation takes, as its schema's input (what a form fills in). */
export type BodyOf<O> = NonNullable<OpArgs<O>['body']>;

/** An item of a list operation's page. */
export type ItemOf<O> = OpAnswer<O> extends Page<infer T> ? T : never;
type ListQuery<O> = Omit<NonNullable<OpArgs<O>['query']>, 'limit' | 'cursor'>;

/** Every item of a list operation (pages of 200), up to `max`. */
export async function fetchAll<O extends AnyOperation>(
  deps: AppDeps,
  c: ConsoleContext,
  operation: O & (OpAnswer<O> extends Page<unknown> ? unknown : never),
  query?: ListQuery<O>,
  max = 1000,
): Promise<ItemOf<O>[]> {
  const out: ItemOf<O>[] = [];
  let cursor: string | undefined;
  while (out.length < max) {
    const filter = query as Record<string, string | undefined> | undefined;
    const p = (await run(deps, c, operation, { query: { ...filter, limit: '200', cursor } })).body as Page<ItemOf<O>>;
    out.push(...p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return out.slice(0, max);
}

/**
 * The JSON answer of an operation that may also answer with a file (format=csv, format=html):
 * the page asked for JSON, so a Response here is a programming error.
 */
export function jsonAnswer<T>(answer: T): Exclude<T, Response> {
  if (answer instanceof Response) throw new TypeError('the operation answered with a file where JSON was asked for');
  return answer as Exclude<T, Response>;
}

/** An operation's file answer (CSV, PDF, printable page), passed through as the console's answer. */
export async function downloadOp<O extends AnyOperation>(
  deps: AppDeps,
  c: ConsoleContext,
  operation: O,
  ...args: ArgsOf<O>
): Promise<Response> {
  const body = await callOp(deps, c, operation, ...args);
  if (body instanceof Response) return body;
  throw new TypeError(`${operation.method.toUpperCase()} ${operation.path} did not answer with a file`);
}
