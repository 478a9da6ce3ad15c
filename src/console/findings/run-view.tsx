// The page of one link-check run started from the console (/console/findings/runs/{id}): while it
// runs, how far it has come by rule (the page reloads itself every 2 seconds with a meta refresh,
// no script); once done, what it found by rule, new, reopened and cleared; once failed, why, in
// plain words.
import type { checkOps } from '../../http/routes';
import { formatNumber, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { OpAnswer } from '../../http/op';
import type { CheckRunTexts } from '../texts/check-runs';
import type { FindingTexts } from '../texts/findings';
import { Notice, Table } from '../ui/blocks';
import { CsrfInput } from '../ui/fields';
import { qs } from '../ui/links';

export type CheckRunAnswer = OpAnswer<typeof checkOps.getRun>;

/** The seconds between reloads of a running run's page. */
export const RUN_REFRESH_SECONDS = 2;

const base = `${CONSOLE_BASE}/findings`;

function RuleName(props: { code: string; titles: Map<string, string> }) {
  return (
    <a href={`${base}${qs({ rule: props.code })}`}>
      {props.titles.get(props.code) ?? props.code} <span class="muted">({props.code})</span>
    </a>
  );
}

export function CheckRunPage(props: {
  t: CheckRunTexts;
  ft: FindingTexts;
  lang: Lang;
  csrf: string | undefined;
  run: CheckRunAnswer;
  /** Rule titles by code, in the page's language. */
  titles: Map<string, string>;
}) {
  const { t, ft, lang, run, titles } = props;
  const n = (v: number) => formatNumber(lang, v, 0);
  const seconds = t.seconds(Math.max(0, Math.round(run.elapsedMs / 1000)));
  const who = run.byName ?? run.actor.slice(run.actor.indexOf(':') + 1);
  const facts = (
    <dl>
      <dt>{t.startedBy}</dt>
      <dd>
        {who}, {formatTime(lang, run.startedAt)}
      </dd>
      <dt>{run.status === 'running' ? t.elapsed : t.took}</dt>
      <dd>{seconds}</dd>
    </dl>
  );
  if (run.status === 'running') {
    return (
      <>
        <h1>{t.runningTitle}</h1>
        <div class="card" role="status">
          <p>
            <label for="run-progress">
              <b>{t.rulesDone(n(run.rulesDone), n(run.rulesTotal))}</b>
            </label>
            <br />
            <progress id="run-progress" max={run.rulesTotal} value={run.rulesDone}>
              {run.rulesDone}/{run.rulesTotal}
            </progress>
          </p>
          <dl>
            <dt>{t.current}</dt>
            <dd>{run.currentRule ? <RuleName code={run.currentRule} titles={titles} /> : t.waiting}</dd>
            <dt>{t.foundSoFar}</dt>
            <dd>{n(run.found)}</dd>
          </dl>
        </div>
        {facts}
        <p class="hint">{t.refreshHint}</p>
        {run.rules.length ? (
          <>
            <h2>{t.rulesSoFar}</h2>
            <Table head={[t.rule, t.found, t.time]}>
              {run.rules.map((r) => (
                <tr>
                  <td>
                    <RuleName code={r.code} titles={titles} />
                  </td>
                  <td>{n(r.found)}</td>
                  <td>{n(r.ms)} ms</td>
                </tr>
              ))}
            </Table>
          </>
        ) : null}
      </>
    );
  }
  const again = (
    <form method="post" action={`${base}/run`} class="actions">
      <CsrfInput token={props.csrf} />
      <button type="submit">{t.runAgain}</button>
    </form>
  );
  if (run.status === 'failed' || !run.result) {
    return (
      <>
        <h1>{t.failedTitle}</h1>
        <Notice kind="error">
          <p>{t.failedText}</p>
          {run.error ? (
            <p>
              {t.errorWas} <code>{run.error}</code>
            </p>
          ) : null}
        </Notice>
        {facts}
        {again}
      </>
    );
  }
  const s = run.result;
  return (
    <>
      <h1>{t.doneTitle}</h1>
      <Notice kind="ok">
        {ft.ran({
          found: s.found,
          new: s.new,
          reopened: s.reopened,
          cleared: s.cleared,
          attention: s.needAttention,
        })}
      </Notice>
      {facts}
      <h2>{t.byRule}</h2>
      <Table head={[t.rule, t.found, t.new, t.reopened, t.cleared]}>
        {s.rules.map((r) => (
          <tr>
            <th scope="row">
              <RuleName code={r.code} titles={titles} />
            </th>
            <td>{n(r.found)}</td>
            <td>{n(r.new)}</td>
            <td>{n(r.reopened)}</td>
            <td>{n(r.cleared)}</td>
          </tr>
        ))}
      </Table>
      <p class="next">
        <a href={base}>{t.seeFindings}</a>
      </p>
      {again}
    </>
  );
}
