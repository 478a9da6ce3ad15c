// Pieces shared by the staff pages: a few lines of CSS on top of the console's (severity badges,
// filter grids, figures), a labelled textarea with its error beside it, and links into the
// public pages and the console's own trace pages.
import type { Child } from 'hono/jsx';
import { encodeAiValue } from '../../domain/digital-link';
import type { Lang } from '../../pages/i18n';
import { formatNumber } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import { SEVERITY_NAMES } from './i18n';

const STAFF_CSS = `.sev,.tag{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;font-weight:600;border:1px solid;white-space:nowrap}
.sev-critical,.tag-bad{background:#fdeeed;color:#a4221b}.sev-warning{background:#fff6e6;color:#874c00}.sev-notice,.tag{background:#eef3f8;color:#0b4a7a}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 .75rem;align-items:end}
.chain>li{margin:.5rem 0}.chain ul{border-left:3px solid #d9e2d0;padding-left:.75rem}.mfig a{text-decoration:none}
.fl{list-style:none;padding:0}.fl li{border-top:1px solid #e5e5e0;padding:.5rem 0}.fl p{margin:.2rem 0}`;

/** The staff pages' CSS, once per page (allowed by the console's CSP: inline styles only). */
export function StaffStyle() {
  return <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />;
}

export function SeverityBadge(props: { lang: Lang; severity: 'critical' | 'warning' | 'notice' }) {
  return <span class={`sev sev-${props.severity}`}>{SEVERITY_NAMES[props.lang][props.severity]}</span>;
}

/** A big-number strip (the public pages' .mfig), each figure optionally a link. */
export function Figures(props: { lang: Lang; items: { label: string; value: number; href?: string | undefined; bad?: boolean }[] }) {
  return (
    <ul class="mfig">
      {props.items.map((f) => (
        <li class={f.bad && f.value > 0 ? 'bad' : undefined}>
          {f.href ? <a href={f.href}><b>{formatNumber(props.lang, f.value, 0)}</b>{f.label}</a> : <><b>{formatNumber(props.lang, f.value, 0)}</b>{f.label}</>}
        </li>
      ))}
    </ul>
  );
}

/** A labelled textarea with its error beside it; `id` tells apart two forms with the same field name. */
export function TextArea(props: {
  name: string;
  id?: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  maxlength?: number;
  rows?: number;
}) {
  const id = props.id ?? `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described}
      >{props.value ?? ''}</textarea>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {props.error ? <p class="ferr" id={`${id}-err`}>{props.error}</p> : null}
    </div>
  );
}

/** A query string from the non-empty values ('' when none), e.g. '?view=all&rule=X'. */
export function qs(params: Record<string, string | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** The public page of a batch (its lot), as consumers reach it without a serial. */
export function batchPageHref(gtin: string, lot: string): string {
  return `/01/${gtin}/10/${encodeAiValue(lot)}`;
}

/** The public page of one stamp (its GS1 Digital Link). */
export function stampPageHref(gtin: string, lot: string, serial: string): string {
  return `/01/${gtin}/10/${encodeAiValue(lot)}/21/${encodeAiValue(serial)}`;
}

export const traceHref = {
  backBatch: (batchId: string) => `${CONSOLE_BASE}/trace/backward${qs({ batchId })}`,
  backSerial: (serial: string) => `${CONSOLE_BASE}/trace/backward${qs({ q: serial })}`,
  fromArea: (areaId: string, from?: string | null, to?: string | null) => `${CONSOLE_BASE}/trace/forward${qs({ areaId, from, to })}`,
  fromLot: (harvestLotId: string) => `${CONSOLE_BASE}/trace/forward${qs({ harvestLotId })}`,
  serialsCsv: (printRunId: string) => `${CONSOLE_BASE}/trace/print-runs/${printRunId}/serials.csv`,
};

/** Only whole non-negative numbers from a query (notices after a redirect carry counts). */
export function countParam(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export function Kv(props: { items: [string, Child][] }) {
  return <dl>{props.items.map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>;
}
