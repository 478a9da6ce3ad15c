// Zod building blocks shared by the request schemas. Strict objects everywhere: unknown
// fields are rejected rather than silently dropped.
import { z } from 'zod';
import { EARLIEST_DAY, LAST_CALENDAR_DAY, windowWords, vietnamDayOf, type DayKind } from '../domain/date-windows';
import { gtinUseProblem, normalizeGtin, isValidGln } from '../domain/identifiers';
import type { Actor } from '../domain/roles';
import { textProblem, type TextKind } from '../domain/text';

export const uuid = z.uuid({ error: 'must be a UUID' });

const TEXT_DESCRIPTION: Record<TextKind, string> = {
  line: 'One line of text, stored in Unicode NFC; control, bidirectional-formatting and zero-width characters are refused.',
  multiline:
    'Text, line breaks allowed, stored in Unicode NFC; other control characters and bidirectional-formatting characters are refused.',
};

/** Any text as typed, checked (src/domain/text.ts), in NFC and trimmed; what every text helper builds on. */
function cleanText(kind: TextKind) {
  return z.string().transform((s, ctx) => {
    const problem = textProblem(s, kind);
    if (problem === null) return s.normalize('NFC').trim();
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });
}

/**
 * The one helper for text fields: names and codes on one line by default, free text (notes,
 * reasons, descriptions) with `{ multiline: true }`. The length is counted after NFC, so a name
 * typed in decomposed form is not refused for its combining marks.
 */
export const text = (max: number, opts: { multiline?: boolean } = {}) => {
  const kind: TextKind = opts.multiline ? 'multiline' : 'line';
  return cleanText(kind)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`))
    .meta({ description: TEXT_DESCRIPTION[kind], minLength: 1, maxLength: max });
};
export const optionalText = (max: number, opts: { multiline?: boolean } = {}) => text(max, opts).nullish();
/**
 * A code typed by people (an area's code, a slug, a username, a serial…): checked like a name
 * first, since trimming alone would quietly drop a byte-order mark, then in NFC, trimmed, cased
 * as `casing` says and matched against `pattern`.
 */
export const code = (pattern: RegExp, message: string, casing?: 'lower' | 'upper') =>
  cleanText('line')
    .pipe(
      (casing === 'lower'
        ? z.string().toLowerCase()
        : casing === 'upper'
          ? z.string().toUpperCase()
          : z.string()
      ).regex(pattern, message),
    )
    .meta({ pattern: pattern.source });
/** A list filter's search text: checked like a name, in NFC (so it matches what is stored), may be empty. */
export const filterText = (max: number) =>
  cleanText('line')
    .pipe(z.string().max(max, `must be at most ${max} characters`))
    .meta({ description: TEXT_DESCRIPTION.line, maxLength: max });

// Date checks abort: a date of the wrong form or outside the calendar stops there, and the
// cross-field rules of its object (from ≤ to, endsOn ≥ startsOn) are not judged on it.
const dateFormat = { error: 'must be a date written YYYY-MM-DD', abort: true } as const;
const instantFormat = {
  offset: true,
  error: 'must be a date-time such as 2025-06-12T07:30:00+07:00',
  abort: true,
} as const;
/** The edge cannot know today: it refuses what no window reaches, the handler the rest (src/domain/date-windows.ts). */
const inCalendar = (d: string) => d >= EARLIEST_DAY && d <= LAST_CALENDAR_DAY;

/** A day of a record in the window of its kind: the edge checks the calendar, the handler the end of the window. */
export const day = (kind: DayKind) =>
  z.iso
    .date(dateFormat)
    .refine(inCalendar, { message: `must be a day ${windowWords(kind)}`, abort: true })
    .meta({ description: `A day (YYYY-MM-DD) ${windowWords(kind)}.` });

/** An instant of a record with its offset, judged by its day in Vietnam like `day`. */
export const instant = (kind: DayKind) =>
  z.iso
    .datetime(instantFormat)
    .refine((s) => inCalendar(vietnamDayOf(s)), {
      message: `must fall on a day ${windowWords(kind)}, in Vietnam`,
      abort: true,
    })
    .meta({ description: `A date-time with its offset, on a day ${windowWords(kind)} in Vietnam.` });

/** A day in a list filter: any day of the service's calendar (the database refuses some, such as year 0). */
export const isoDate = z.iso
  .date(dateFormat)
  .refine(inCalendar, { message: `must be a day between ${EARLIEST_DAY} and ${LAST_CALENDAR_DAY}`, abort: true });
/** An instant in a list filter (a cursor such as `before`), within the same calendar. */
export const isoInstant = z.iso.datetime(instantFormat).refine((s) => inCalendar(vietnamDayOf(s)), {
  message: `must fall between ${EARLIEST_DAY} and ${LAST_CALENDAR_DAY}`,
  abort: true,
});

export const gtin = z.string().transform((s, ctx) => {
  const problem = textProblem(s, 'line');
  if (problem !== null) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
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

export const gln = code(/^[0-9]{13}$/, 'a GLN has 13 digits').refine(
  (s) => !/^[0-9]{13}$/.test(s) || isValidGln(s),
  'the GLN check digit is wrong (GS1 mod-10)',
);

export const email = z.email({ error: 'must be an e-mail address' }).max(254);
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

/** A list's optional ?year= filter (the calendar year of the records). */
export const yearFilter = z.coerce.number().int().min(2000).max(2100).optional();

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
