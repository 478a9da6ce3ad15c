// Console forms: reading a posted form once (urlencoded or multipart, size-limited by the
// console's body limit), reading numbers and lists from its fields, and turning an operation's
// VALIDATION_FAILED details into messages beside the fields. Convention: a form field has the
// name of the API body field it fills ("quantity", or "inputs.0.quantity" for nested ones), so
// "body.quantity" lands beside it.
import { ERROR_MESSAGES, translateMessage } from '../domain/messages';
import { AppError } from '../errors';
import type { Lang } from '../pages/i18n';
import type { ConsoleContext } from './env';
import { COMMON } from './texts/common';

/** The posted form, parsed once per request. Throws UNSUPPORTED_MEDIA_TYPE for other bodies. */
export async function readForm(c: ConsoleContext): Promise<FormData> {
  const cached = c.get('form');
  if (cached) return cached;
  const type = c.req.header('content-type') ?? '';
  if (!/^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the form as application/x-www-form-urlencoded or multipart/form-data',
      {
        contentType: type || null,
      },
    );
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    // The console's body limit has already buffered (or refused) the body: this is a malformed one.
    throw new AppError('VALIDATION_FAILED', 'The form could not be read');
  }
  c.set('form', form);
  return form;
}

/** A text field's value ('' when absent or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** Text fields by name, for re-filling a form after an error (passwords are never re-filled). */
export function values<N extends string>(form: FormData, names: readonly N[]): Record<N, string> {
  return Object.fromEntries(names.map((n) => [n, field(form, n)])) as Record<N, string>;
}

/** Every text field of a posted form, by name (the CSRF token left out), for forms with numbered rows. */
export function formStrings(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of form.entries()) if (typeof x === 'string' && k !== '_csrf') out[k] = x;
  return out;
}

/** A number typed in a form ("12,5" or "12.5"); '' is undefined and nonsense NaN, which the API's schema refuses beside the field. */
export function num(v: string): number | undefined {
  const s = v.trim().replace(/\s/g, '');
  if (!s) return undefined;
  return Number(/^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s);
}

/** A comma-separated list. */
export function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** '' as absent. */
export function opt(v: string): string | undefined {
  const s = v.trim();
  return s ? s : undefined;
}

export type FieldErrors = Record<string, string>;

/**
 * An API message in the page's language: English as the API wrote it, or the catalogue's
 * Vietnamese for the rule it states (src/domain/messages.ts); null when the catalogue has no such
 * rule, so that a Vietnamese page never shows the English.
 */
export function messageIn(lang: Lang, message: string): string | null {
  return lang === 'en' ? message : translateMessage(lang, message);
}

/** An error's own message in the page's language, or what its code means when the catalogue lacks it. */
export function errorText(err: AppError, lang: Lang): string {
  return messageIn(lang, err.message) ?? ERROR_MESSAGES[err.code][lang];
}

/**
 * Messages by form field from a VALIDATION_FAILED (or similar) error. `own(field, code)` gives a
 * page's own wording (in the page's language) where it has one; otherwise the catalogue's message
 * for the rule the API's message states, in the page's language, or, for a rule the catalogue
 * lacks, the kind of problem (never English on a Vietnamese page). Details without a path (or
 * errors without details) land under "_form".
 */
export function fieldErrors(
  err: AppError,
  lang: Lang,
  own: (field: string, code: string) => string | undefined = () => undefined,
): FieldErrors {
  const out: FieldErrors = {};
  const details = Array.isArray(err.details)
    ? (err.details as { path?: unknown; message?: unknown; code?: unknown }[])
    : [];
  for (const d of details) {
    if (typeof d?.path !== 'string') continue;
    const name = d.path.replace(/^(?:body|query)\.?/, '') || '_form';
    if (out[name]) continue;
    const code = typeof d.code === 'string' ? d.code : '';
    const message = typeof d.message === 'string' ? d.message : '';
    const kind = COMMON[lang].fieldCodes[code] ?? COMMON[lang].fieldCodes.invalid_value!;
    out[name] = own(name, code) ?? ((message && messageIn(lang, message)) || kind);
  }
  if (!Object.keys(out).length) out._form = errorText(err, lang);
  return out;
}

const NUMERIC = new Set(['quantity', 'areaHa', 'households', 'count', 'lat', 'lon']);
const DATES = new Set([
  'harvestedOn',
  'productionDate',
  'packingDate',
  'expiryDate',
  'startsOn',
  'endsOn',
  'validFrom',
  'validTo',
  'date',
]);

/**
 * fieldErrors in the cooperative operator's words where we have them: numbers that are not
 * numbers or not positive, dates that are not dates, required fields left empty.
 */
export function operatorErrors(err: AppError, lang: Lang): FieldErrors {
  const t = COMMON[lang];
  return fieldErrors(err, lang, (name, code) => {
    const leaf = name.split('.').pop() ?? name;
    if (NUMERIC.has(leaf) || /^coordinates\.\d$/.test(name.split('.').slice(-2).join('.'))) {
      if (code === 'invalid_type') return t.numberBad;
      if (code === 'too_small' && leaf !== 'households') return t.positive;
    }
    if (DATES.has(leaf) && (code === 'invalid_format' || code === 'invalid_type')) return t.dateBad;
    if (code === 'too_small' && !NUMERIC.has(leaf)) return t.required;
    return undefined;
  });
}

/** Renames error keys (e.g. the API's "inputs.2.quantity" to the form's "use.<lot id>"). */
export function renameErrors(errors: FieldErrors, rename: (key: string) => string | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const to = rename(k) ?? k;
    out[to] ??= v;
  }
  return out;
}
