// Zod building blocks shared by the request schemas. Strict objects everywhere: unknown
// fields are rejected rather than silently dropped.
import { z } from 'zod';
import { gtinUseProblem, normalizeGtin, isValidGln } from '../domain/identifiers';
import type { Actor } from '../domain/roles';

export const uuid = z.uuid({ error: 'must be a UUID' });
export const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const optionalText = (max: number) => text(max).nullish();

export const gtin = z.string().transform((s, ctx) => {
  const r = normalizeGtin(s.trim());
  if ('gtin14' in r) {
    const refused = gtinUseProblem(r.gtin14);
    if (refused === null) return r.gtin14;
    ctx.addIssue({ code: 'custom', message: refused });
    return z.NEVER;
  }
  ctx.addIssue({
    code: 'custom',
    message:
      r.problem === 'format' ? 'a GTIN has 8, 12, 13 or 14 digits' : 'the GTIN check digit is wrong (GS1 mod-10)',
    params: { errorCode: r.problem === 'format' ? 'GTIN_FORMAT' : 'GTIN_CHECK_DIGIT' },
  });
  return z.NEVER;
});

export const gln = z
  .string()
  .trim()
  .refine((s) => /^[0-9]{13}$/.test(s), 'a GLN has 13 digits')
  .refine((s) => !/^[0-9]{13}$/.test(s) || isValidGln(s), 'the GLN check digit is wrong (GS1 mod-10)');

export const email = z.email({ error: 'must be an e-mail address' }).max(254);
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'must be the nextCursor of a previous page')
    .optional(),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows fetched with `limit + 1` and ordered by seq become a page with the next cursor. */
export function toPage<T extends { seq: number }>(rows: T[], limit: number): Page<Omit<T, 'seq'>> {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(({ seq: _seq, ...rest }) => rest);
  return { items, nextCursor: more ? String(rows[limit - 1]!.seq) : null };
}

/** List filters from a page query: the keyset position, and a cooperative key's own data only. */
export function pageFilter<Q extends { cursor?: string | undefined }>(query: Q, actor: Actor) {
  return {
    ...query,
    after: query.cursor ? Number(query.cursor) : 0,
    visibleTo: actor.role === 'cooperative' ? actor.organizationId : null,
  };
}
