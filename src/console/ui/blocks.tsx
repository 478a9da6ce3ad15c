// Blocks the console's pages share: notices above a form, the summary of a refused form, tables
// that scroll sideways on a phone, big-number strips and severity badges.
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

/** A table that scrolls sideways on a phone instead of widening the page. */
export function Table(props: { head: readonly Child[]; children: Child }) {
  return (
    <div class="tbl" tabindex={0}>
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
