// Pieces shared by the cooperative operator's pages: the role guard, reading numbers and lists
// from form fields, error messages in the operator's words, and compact inputs for table rows.
import type { Child } from 'hono/jsx';
import { AppError } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import type { AppDeps } from '../../http/types';
import { formatNumber, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import type { ConsoleContext } from '../env';
import { fieldErrors, type FieldErrors } from '../form';
import { Notice } from '../pages/layout';
import { KT, UNIT_NAMES, type CoopTexts } from './i18n';

/**
 * Every cooperative page is guarded route by route (not with use('*')), so that another
 * module mounted on a neighbouring path is never caught by this guard.
 */
export const coopOnly = requireRole('cooperative');

/** The organization the signed-in operator acts for. */
export function ownOrg(c: ConsoleContext): string {
  const id = c.get('actor')?.organizationId;
  if (!id) throw new AppError('FORBIDDEN', 'This page is for cooperative users');
  return id;
}

/** A number typed in a form ("12,5" or "12.5"); '' is undefined and nonsense NaN, which the API's schema refuses beside the field. */
export function num(v: string): number | undefined {
  const s = v.trim().replace(/\s/g, '');
  if (!s) return undefined;
  return Number(/^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s);
}

/** A comma-separated list. */
export function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** '' as absent. */
export function opt(v: string): string | undefined {
  const s = v.trim();
  return s ? s : undefined;
}

/** Today in UTC, as the API's date rules see it. */
export function today(deps: AppDeps): string {
  return vietnamToday(deps.clock());
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function qty(lang: Lang, n: number, unit: string): string {
  return `${formatNumber(lang, n, 3)} ${UNIT_NAMES[lang][unit] ?? unit}`;
}

const NUMERIC = new Set(['quantity', 'areaHa', 'households', 'count', 'lat', 'lon']);
const DATES = new Set(['harvestedOn', 'productionDate', 'packingDate', 'expiryDate', 'startsOn', 'endsOn', 'validFrom', 'validTo', 'date']);

/** Messages by field from an operation's refusal, in the operator's words where we have them. */
export function errorsOf(err: AppError, lang: Lang): FieldErrors {
  const t = KT[lang];
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

/** Error keys the form shows nowhere beside a field go to the top of the form. */
export function FormErrors(props: { errors: FieldErrors; shown: (key: string) => boolean; t: CoopTexts }) {
  const keys = Object.keys(props.errors);
  if (!keys.length) return null;
  const loose = keys.filter((k) => k === '_form' || !props.shown(k));
  return (
    <Notice kind="error">
      <p>{props.t.fixBelow}</p>
      {loose.length ? <ul>{loose.map((k) => <li>{props.errors[k]}</li>)}</ul> : null}
    </Notice>
  );
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A compact input for a table cell: labelled by aria-label, error right below it. */
export function CellInput(props: {
  name: string; label: string; value?: string | undefined; error?: string | undefined; type?: string;
  inputmode?: 'decimal' | 'numeric' | 'text'; maxlength?: number;
}) {
  const id = idOf(props.name);
  return (
    <>
      <input
        id={id} name={props.name} type={props.type ?? 'text'} value={props.value} aria-label={props.label}
        inputmode={props.inputmode} maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-err` : undefined}
      />
      {props.error ? <p class="ferr" id={`${id}-err`}>{props.error}</p> : null}
    </>
  );
}

export function CellSelect(props: {
  name: string; label: string; value?: string | undefined; error?: string | undefined;
  options: readonly { value: string; label: string }[];
}) {
  const id = idOf(props.name);
  return (
    <>
      <select id={id} name={props.name} aria-label={props.label} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-err` : undefined}>
        {props.options.map((o) => <option value={o.value} selected={o.value === (props.value ?? '')}>{o.label}</option>)}
      </select>
      {props.error ? <p class="ferr" id={`${id}-err`}>{props.error}</p> : null}
    </>
  );
}

export function TextArea(props: { name: string; label: string; value?: string | undefined; error?: string | undefined; hint?: string | undefined; rows?: number; maxlength?: number }) {
  const id = idOf(props.name);
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} maxlength={props.maxlength} aria-invalid={props.error ? 'true' : undefined} aria-describedby={described}>
        {props.value ?? ''}
      </textarea>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {props.error ? <p class="ferr" id={`${id}-err`}>{props.error}</p> : null}
    </div>
  );
}

export function CheckBox(props: { name: string; label: string; checked: boolean; value?: string; error?: string | undefined }) {
  const id = idOf(props.name);
  return (
    <div>
      <label for={id}>
        <input id={id} type="checkbox" name={props.name} value={props.value ?? 'true'} checked={props.checked} aria-invalid={props.error ? 'true' : undefined} /> {props.label}
      </label>
      {props.error ? <p class="ferr">{props.error}</p> : null}
    </div>
  );
}

/** A table that scrolls sideways on a phone instead of widening the page. */
export function Table(props: { head: readonly Child[]; children: Child }) {
  return (
    <div class="tbl" tabindex={0}>
      <table>
        <thead><tr>{props.head.map((h) => <th scope="col">{h}</th>)}</tr></thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The "done" notice after a POST → redirect → GET. */
export function Done(props: { text: string | undefined }) {
  return props.text ? <Notice kind="ok">{props.text}</Notice> : null;
}

/** Per-page CSS of the cooperative pages (little: the console's CSS does the rest). */
export const COOP_CSS = `fieldset{min-width:0;border:1px solid #dcdcd5;border-radius:8px;background:#fff;margin:.75rem 0;padding:.5rem 1rem}legend{font-weight:600;padding:0 .3rem}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:0 .75rem}
.tpl{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}.tpl label{flex:1 1 14rem;border:1px solid #dcdcd5;border-radius:8px;padding:.5rem;margin:0;background:#fff}
.tpl svg{display:inline-block;vertical-align:top;margin:.3rem .4rem 0 0}td input,td select{min-width:5.5rem}.num{text-align:right;white-space:nowrap}
.tag{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85rem;background:#f0f3ec}.tag.warn,.tag.bad{border:1px solid}`;

/** The small style block each cooperative page carries beside the console's. */
export function CoopStyle() {
  return <style dangerouslySetInnerHTML={{ __html: COOP_CSS }} />;
}
