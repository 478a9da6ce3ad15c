// Blocks the console's pages share: notices above a form, the summary of a refused form, tables
// that become stacked cards on a phone, big-number strips and severity badges.
import type { Child } from 'hono/jsx';
import { formatNumber, type Lang } from '../../pages/i18n';
import type { FieldErrors } from '../form';
import { SEVERITY_NAMES } from '../texts/common';

/** A message at the top of a form: what was done, or (role="alert") what went wrong. */
export function Notice(props: { kind: 'ok' | 'error'; children: Child }) {
  return props.kind === 'ok' ? (
    <p class="card notice" role="status">
      {props.children}
    </p>
  ) : (
    <div class="card errsum" role="alert">
      {props.children}
    </div>
  );
}

/** The "done" notice after a POST → redirect → GET. */
export function Done(props: { text: string | undefined }) {
  return props.text ? <Notice kind="ok">{props.text}</Notice> : null;
}

/** Error keys the form shows nowhere beside a field go to the top of the form, under `title`. */
export function FormErrors(props: { errors: FieldErrors; shown: (key: string) => boolean; title: string }) {
  const keys = Object.keys(props.errors);
  if (!keys.length) return null;
  const loose = keys.filter((k) => k === '_form' || !props.shown(k));
  return (
    <Notice kind="error">
      <p>{props.title}</p>
      {loose.length ? (
        <ul>
          {loose.map((k) => (
            <li>{props.errors[k]}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}

/** A column's header as CSS string content (an escaped literal: our own texts, never markup). */
const cssString = (text: string) => `"${text.replace(/[\\"<>\n]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;

/** A short, stable class name for a set of headers (two tables with the same headers share it). */
function headClass(labels: readonly string[]): string {
  let h = 5381;
  for (const ch of labels.join('\u0001')) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
  return `c${h.toString(36)}`;
}

/**
 * A table that, on a phone, becomes stacked cards: one card per row, each cell under its column's
 * name (the console's CSS at narrow widths, with each column's name given here as generated
 * content: no script, and the rows stay plain <tr>/<td> whatever component draws them). On a
 * wide screen it is an ordinary table that may scroll sideways inside its box.
 */
export function Table(props: { head: readonly Child[]; children: Child; class?: string }) {
  const labels = props.head.map((h) => (typeof h === 'string' || typeof h === 'number' ? String(h) : ''));
  const cls = headClass(labels);
  const css = labels
    .map((l, i) => (l ? `.${cls} tbody>tr>:nth-child(${i + 1})::before{content:${cssString(l)}}` : ''))
    .join('');
  return (
    <div class={`tbl cards ${cls}${props.class ? ` ${props.class}` : ''}`} tabindex={0}>
      {css ? <style dangerouslySetInnerHTML={{ __html: `@media (max-width:40rem){${css}}` }} /> : null}
      <table>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A big-number strip (the public pages' .mfig), each figure optionally a link. */
export function Figures(props: {
  lang: Lang;
  items: { label: string; value: number; href?: string | undefined; bad?: boolean }[];
}) {
  const n = (v: number) => formatNumber(props.lang, v, 0);
  return (
    <ul class="mfig">
      {props.items.map((f) => (
        <li class={f.bad && f.value > 0 ? 'bad' : undefined}>
          {f.href ? (
            <a href={f.href}>
              <b>{n(f.value)}</b>
              {f.label}
            </a>
          ) : (
            <>
              <b>{n(f.value)}</b>
              {f.label}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function SeverityBadge(props: { lang: Lang; severity: 'critical' | 'warning' | 'notice' }) {
  return <span class={`sev sev-${props.severity}`}>{SEVERITY_NAMES[props.lang][props.severity]}</span>;
}

/**
 * The confirmation step of an irreversible action (sealing, voiding stamps, recalling): what it
 * will do, a box saying what cannot be undone, a "Hủy" well apart from the red button, and the
 * POST form (CSRF, the values carried as hidden fields and confirm=yes). Works without script.
 */
export function ConfirmStep(props: {
  title: string;
  /** What cannot be undone, in words. */
  cannotUndoTitle: string;
  cannotUndo: readonly string[];
  action: string;
  csrf: string | undefined;
  hidden?: Record<string, string>;
  confirmLabel: string;
  cancelHref: string;
  cancelLabel: string;
  /** Why the action cannot be confirmed now (no button then). */
  blocked?: string | undefined;
  children: Child;
}) {
  return (
    <>
      <h1>{props.title}</h1>
      {props.children}
      <section class="card irrev" aria-labelledby="irrev-h">
        <h2 id="irrev-h" class="mh">
          ⚠ {props.cannotUndoTitle}
        </h2>
        <ul>
          {props.cannotUndo.map((x) => (
            <li>{x}</li>
          ))}
        </ul>
      </section>
      {props.blocked ? (
        <Notice kind="error">
          <p>{props.blocked}</p>
        </Notice>
      ) : null}
      <p>
        <a class="cancel" href={props.cancelHref}>
          {props.cancelLabel}
        </a>
      </p>
      {props.blocked ? null : (
        <form method="post" action={props.action} class="confirm">
          <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
          {Object.entries(props.hidden ?? {}).map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger">
            {props.confirmLabel}
          </button>
        </form>
      )}
    </>
  );
}
