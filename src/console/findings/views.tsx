// The staff's findings pages: the counts needing attention, "run the checks now", the filters
// and the list; one finding with the records it names, its facts and history, and the forms that
// acknowledge or resolve it with a note; and the panel on the home page.
import { FINDING_VIEWS } from '../../db/findings-store';
import type { Organization } from '../../db/organizations-store';
import type { FindingObject, Severity } from '../../domain/findings';
import type { checkOps } from '../../http/routes';
import { formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { ItemOf } from '../ops';
import { SEVERITY_NAMES } from '../texts/common';
import type { FindingTexts } from '../texts/findings';
import { Figures, Notice, SeverityBadge } from '../ui/blocks';
import { CsrfInput, SelectField, TextArea } from '../ui/fields';
import { qs, traceHref } from '../ui/links';
import { StaffStyle } from '../ui/styles';
import { factLines } from './facts';

const SEVERITIES = ['critical', 'warning', 'notice'] as const;
export const FILTERS = ['view', 'rule', 'severity', 'cooperativeId', 'objectId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base = `${CONSOLE_BASE}/findings`;

type Finding = ItemOf<typeof checkOps.listFindings>;
/** A rule as GET /checks/settings lists it. */
type Rule = { code: string; title: Record<Lang, string> };

const statusOf = (f: Finding): string => (f.clearedAt ? 'cleared' : f.status);

function objectHref(o: FindingObject): string | null {
  switch (o.kind) {
    case 'batch':
      return UUID.test(o.id) ? traceHref.backBatch(o.id) : null;
    case 'harvest_lot':
      return UUID.test(o.id) ? traceHref.fromLot(o.id) : null;
    case 'area':
      return UUID.test(o.id) ? traceHref.fromArea(o.id) : null;
    case 'stamp':
      return traceHref.backSerial(o.id);
    case 'contract':
      return UUID.test(o.id) ? `${CONSOLE_BASE}/contracts/${o.id}` : null;
    case 'cooperative':
      return UUID.test(o.id) ? `${base}${qs({ view: 'all', cooperativeId: o.id })}` : null;
    default:
      return null;
  }
}

/** When the checks over all data last ran (GET /findings/counts); null when they never ran. */
export type LastRun = { at: string | Date; by: string; byName: string | null; scheduled: boolean } | null;

/** "by the schedule", "run by <name>", or the actor as recorded (an API key, the npm command). */
function ranBy(t: FindingTexts, run: NonNullable<LastRun>): string {
  if (run.scheduled) return t.bySchedule;
  const name = run.by.slice(run.by.indexOf(':') + 1);
  if (!run.byName && run.by.startsWith('system:')) return t.byCommand(name);
  return t.byPerson(run.byName ?? name);
}

/** When the checks last ran; or that they never did, with the button that runs them. */
export function LastRunLine(props: { t: FindingTexts; lang: Lang; run: LastRun; csrf: string | undefined }) {
  const { t, run } = props;
  if (run) return <p class="muted">{t.lastRun(formatTime(props.lang, run.at), ranBy(t, run))}</p>;
  return (
    <div class="card" role="status">
      <p>
        <b>{t.neverRun}</b>
      </p>
      <RunForm t={t} csrf={props.csrf} />
    </div>
  );
}

function RunForm(props: { t: FindingTexts; csrf: string | undefined }) {
  return (
    <form method="post" action={`${base}/run`} class="actions">
      <CsrfInput token={props.csrf} />
      <button type="submit">{props.t.run}</button>
      <span class="hint">{props.t.runHint}</span>
    </form>
  );
}

/** The counts needing attention, by severity, each a link to those findings. */
function AttentionFigures(props: { lang: Lang; counts: Record<Severity, number> }) {
  const { lang } = props;
  const items = SEVERITIES.map((sev) => ({
    label: SEVERITY_NAMES[lang][sev],
    value: props.counts[sev],
    href: `${base}${qs({ severity: sev })}`,
    bad: sev === 'critical',
  }));
  return <Figures lang={lang} items={items} />;
}

export function AttentionPanel(props: {
  t: FindingTexts;
  lang: Lang;
  counts: Record<Severity, number>;
  lastRun: LastRun;
  csrf: string | undefined;
}) {
  const { t, counts } = props;
  return (
    <section>
      <h2>{t.panel}</h2>
      {counts.critical + counts.warning + counts.notice ? (
        <AttentionFigures lang={props.lang} counts={counts} />
      ) : props.lastRun ? (
        <p>{t.panelNone}</p>
      ) : null}
      <LastRunLine t={t} lang={props.lang} run={props.lastRun} csrf={props.csrf} />
      <p>
        <a href={base}>{t.panelAll}</a>
      </p>
    </section>
  );
}

function FindingList(props: { t: FindingTexts; lang: Lang; items: Finding[]; names: Map<string, string> }) {
  const { t, lang } = props;
  return (
    <ul class="fl">
      {props.items.map((f) => (
        <li>
          <p>
            <SeverityBadge lang={lang} severity={f.severity} /> <span class="tag">{t.statuses[statusOf(f)]}</span>{' '}
            <a href={`${base}/${f.id}`}>
              <b>{f.title[lang]}</b>
            </a>
          </p>
          <p>{f.message[lang]}</p>
          <p class="muted">
            {f.cooperativeId ? `${props.names.get(f.cooperativeId) ?? ''} · ` : ''}
            {t.lastFound}: {formatTime(lang, f.lastFoundAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Filters(props: {
  t: FindingTexts;
  lang: Lang;
  v: Record<string, string>;
  errors: FieldErrors;
  rules: Rule[];
  orgs: Organization[];
}) {
  const { t, lang, v, errors } = props;
  return (
    <section>
      <form method="get" action={base}>
        {errors._form ? (
          <Notice kind="error">
            <p>{errors._form}</p>
          </Notice>
        ) : null}
        <div class="grid">
          <SelectField
            name="view"
            label={t.view}
            value={v.view || 'attention'}
            error={errors.view}
            options={FINDING_VIEWS.map((x) => ({ value: x, label: t.views[x]! }))}
          />
          <SelectField
            name="rule"
            label={t.rule}
            value={v.rule}
            error={errors.rule}
            options={[
              { value: '', label: t.any },
              ...props.rules.map((r) => ({ value: r.code, label: r.title[lang] })),
            ]}
          />
          <SelectField
            name="severity"
            label={t.severity}
            value={v.severity}
            error={errors.severity}
            options={[
              { value: '', label: t.any },
              ...SEVERITIES.map((x) => ({ value: x, label: SEVERITY_NAMES[lang][x] })),
            ]}
          />
          <SelectField
            name="cooperativeId"
            label={t.cooperative}
            value={v.cooperativeId}
            error={errors.cooperativeId}
            options={[{ value: '', label: t.any }, ...props.orgs.map((o) => ({ value: o.id, label: o.name }))]}
          />
        </div>
        {v.objectId ? <input type="hidden" name="objectId" value={v.objectId} /> : null}
        <div class="actions">
          <button type="submit">{t.filter}</button>
          <a href={base}>{t.clear}</a>
        </div>
      </form>
    </section>
  );
}

export function FindingsPage(props: {
  t: FindingTexts;
  lang: Lang;
  csrf: string | undefined;
  notice: string | null;
  counts: Record<Severity, number>;
  lastRun: LastRun;
  filters: Record<string, string>;
  errors: FieldErrors;
  rules: Rule[];
  orgs: Organization[];
  list: { items: Finding[]; next: string | null } | null;
}) {
  const { t, lang, list } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <h2>{t.needAttention}</h2>
      <LastRunLine t={t} lang={lang} run={props.lastRun} csrf={props.csrf} />
      {props.lastRun ? (
        <>
          <AttentionFigures lang={lang} counts={props.counts} />
          <RunForm t={t} csrf={props.csrf} />
        </>
      ) : null}
      <Filters t={t} lang={lang} v={props.filters} errors={props.errors} rules={props.rules} orgs={props.orgs} />
      {list ? (
        <>
          <p>{t.shown(list.items.length, !!list.next)}</p>
          {list.items.length ? (
            <FindingList t={t} lang={lang} items={list.items} names={new Map(props.orgs.map((o) => [o.id, o.name]))} />
          ) : props.lastRun ? (
            <p>{t.noneFound}</p>
          ) : null}
          {list.next ? (
            <p>
              <a href={list.next}>{t.nextPage}</a>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** What the acknowledge or resolve form posted, to show it again with its refusal. */
export type ReviewState = {
  action?: 'acknowledge' | 'resolve';
  note?: string;
  error?: string | undefined;
  status?: number;
  done?: string | undefined;
};

function ReviewForm(props: {
  t: FindingTexts;
  csrf: string | undefined;
  id: string;
  action: 'acknowledge' | 'resolve';
  st: ReviewState;
}) {
  const { t, action } = props;
  const mine = props.st.action === action;
  return (
    <section class="narrow">
      <h2>{action === 'acknowledge' ? t.acknowledge : t.resolve}</h2>
      <form method="post" action={`${base}/${props.id}/${action}`} novalidate>
        <CsrfInput token={props.csrf} />
        <TextArea
          name="note"
          id={`f-${action}-note`}
          label={t.note}
          value={mine ? props.st.note : ''}
          error={mine ? props.st.error : undefined}
          hint={action === 'acknowledge' ? t.acknowledgeHint : t.resolveHint}
          required
          maxlength={2000}
        />
        <button type="submit">{action === 'acknowledge' ? t.acknowledge : t.resolve}</button>
      </form>
    </section>
  );
}

function ObjectItem(props: { t: FindingTexts; o: FindingObject }) {
  const { t, o } = props;
  const href = objectHref(o);
  const recall =
    (o.kind === 'batch' || o.kind === 'harvest_lot' || o.kind === 'area') && UUID.test(o.id)
      ? `${CONSOLE_BASE}/recall${qs({ kind: o.kind, id: o.id })}`
      : null;
  return (
    <li>
      {t.kinds[o.kind] ?? o.kind}: {href ? <a href={href}>{o.label}</a> : <b>{o.label}</b>}
      {href && o.kind !== 'cooperative' && o.kind !== 'contract' ? <span class="muted"> ({t.traceThis})</span> : null}
      {recall ? (
        <>
          {' '}
          · <a href={recall}>{t.recallThis}</a>
        </>
      ) : null}
      {UUID.test(o.id) && o.kind !== 'cooperative' ? (
        <>
          {' '}
          · <a href={`${base}${qs({ view: 'all', objectId: o.id })}`}>{t.others}</a>
        </>
      ) : null}
    </li>
  );
}

export function FindingView(props: {
  t: FindingTexts;
  lang: Lang;
  csrf: string | undefined;
  f: Finding & { reviewedByName?: string | null };
  st: ReviewState;
}) {
  const { t, lang, f, st } = props;
  return (
    <>
      <StaffStyle />
      <p>
        <a href={base}>← {t.back}</a>
      </p>
      <h1>{f.title[lang]}</h1>
      <p>
        <SeverityBadge lang={lang} severity={f.severity} /> <span class="tag">{t.statuses[statusOf(f)]}</span>{' '}
        <code>{f.rule}</code>
      </p>
      {st.done && t.done[st.done] ? <Notice kind="ok">{t.done[st.done]}</Notice> : null}
      {st.error ? (
        <Notice kind="error">
          <p>{t.fixBelow}</p>
        </Notice>
      ) : null}
      <section>
        <p>{f.message[lang]}</p>
      </section>
      <section>
        <h2>{t.objects}</h2>
        <ul>
          {f.objects.map((o) => (
            <ObjectItem t={t} o={o} />
          ))}
        </ul>
      </section>
      {Object.keys(f.facts).length ? (
        <section>
          <h2>{t.facts}</h2>
          <dl>
            {factLines(f.rule, f.facts, lang).map((line) => (
              <>
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
      <History t={t} lang={lang} f={f} />
      <ReviewForm t={t} csrf={props.csrf} id={f.id} action="acknowledge" st={st} />
      <ReviewForm t={t} csrf={props.csrf} id={f.id} action="resolve" st={st} />
    </>
  );
}

function History(props: { t: FindingTexts; lang: Lang; f: Finding & { reviewedByName?: string | null } }) {
  const { t, lang, f } = props;
  return (
    <section>
      <h2>{t.history}</h2>
      <dl>
        <dt>{t.firstFound}</dt>
        <dd>{formatTime(lang, f.firstFoundAt)}</dd>
        <dt>{t.lastFound}</dt>
        <dd>{formatTime(lang, f.lastFoundAt)}</dd>
        {f.clearedAt ? (
          <>
            <dt>{t.cleared}</dt>
            <dd>{formatTime(lang, f.clearedAt)}</dd>
          </>
        ) : null}
        <dt>{t.reopened}</dt>
        <dd>{f.reopenedCount}</dd>
        {f.reviewedBy ? (
          <>
            <dt>{t.reviewedBy}</dt>
            <dd>{f.reviewedByName ?? f.reviewedBy.slice(f.reviewedBy.indexOf(':') + 1)}</dd>
          </>
        ) : null}
        {f.reviewedAt ? (
          <>
            <dt>{t.reviewedAt}</dt>
            <dd>{formatTime(lang, f.reviewedAt)}</dd>
          </>
        ) : null}
        {f.note ? (
          <>
            <dt>{t.note}</dt>
            <dd>{f.note}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
