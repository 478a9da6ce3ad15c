// Console pages act only through the API's operations: the same role checks, zod schemas,
// tenant rules, transaction and audit entries, with the signed-in user as the actor.
//
//   const users = await callOp<Page<UserRow>>(deps, c, 'get', '/users', { query: { limit: '200' } });
//   const r = await submitOp(deps, c, 'post', '/users', { body: { username, displayName, role, password } });
//   if (!r.ok) return render(form with fieldErrors(r.error, lang));   // 400/409/422: show beside the fields
//   return c.redirect(`/console/users/${r.body.id}`, 303);
import { AppError } from '../errors';
import { toAppError } from '../http/error-response';
import { runOp, type AnyOperation } from '../http/op';
import { findOp } from '../http/routes';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../http/types';
import type { ConsoleContext } from './env';

export interface OpArgs {
  /** Path parameters by name, e.g. { id } for '/batches/:id'. */
  params?: Record<string, string>;
  /** Query parameters as the API receives them (strings). */
  query?: Record<string, string | undefined>;
  /** The JSON body the API operation expects (built by the page from its form). */
  body?: unknown;
}

function strings(q: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * Runs an API operation (by its method and path pattern below /api/v1) as the signed-in user
 * and returns its answer. Errors are thrown: the console renders them as a page (404, 403…).
 */
export async function callOp<T = any>(deps: AppDeps, c: ConsoleContext, method: AnyOperation['method'], path: string, args: OpArgs = {}): Promise<T> {
  const result = await runOp(deps, findOp(method, path), {
    c: c as unknown as Context<AppEnv>,
    actor: c.get('actor'),
    params: args.params,
    query: strings(args.query),
    body: args.body,
  });
  return result.body as T;
}

export type Submitted<T> = { ok: true; status: number; body: T } | { ok: false; error: AppError };

/**
 * Like callOp for a form's action: a refusal the user can correct (400, 409, 422: validation,
 * duplicate, conflict, a rule of the domain) comes back as { ok: false, error } for the page
 * to show beside the fields; anything else (403, 404, 5xx) is thrown.
 */
export async function submitOp<T = any>(deps: AppDeps, c: ConsoleContext, method: AnyOperation['method'], path: string, args: OpArgs = {}): Promise<Submitted<T>> {
  try {
    const result = await runOp(deps, findOp(method, path), {
      c: c as unknown as Context<AppEnv>,
      actor: c.get('actor'),
      params: args.params,
      query: strings(args.query),
      body: args.body,
    });
    return { ok: true, status: result.status, body: result.body as T };
  } catch (e) {
    const known = toAppError(e);
    if (known && [400, 409, 422].includes(known.status)) return { ok: false, error: known };
    throw e;
  }
}
