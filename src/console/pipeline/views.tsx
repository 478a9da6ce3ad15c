// The pipeline pages: the board of a registration year (candidates by stage, against the new
// products a year, and the stalled ones), the candidate list, the registration form, and one
// candidate with the stages it reached and the form for the next.
import type { Candidate, PipelineYear } from '../../db/candidates-store';
import { PIPELINE_STAGES, STAGE_NAMES } from '../../domain/pipeline';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { PipelineTexts } from '../texts/pipeline';
import { Done, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea, type Option } from '../ui/fields';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/pipeline`;

export const CANDIDATE_FIELDS = [
  'productName',
  'organizationId',
  'householdName',
  'yearRegistered',
  'supportingUnitId',
  'commune',
  'note',
] as const;
export const STAGE_FIELDS = ['stage', 'reachedOn', 'note'] as const;

const stageName = (lang: Lang, s: string | null, t: PipelineTexts) =>
  s ? STAGE_NAMES[s as keyof typeof STAGE_NAMES][lang] : t.notStarted;
const holderOf = (c: Candidate) => c.organizationName ?? c.householdName ?? '';

function CandidateTable(props: { t: PipelineTexts; lang: Lang; items: Candidate[]; stalledBefore: string }) {
  const { t, lang } = props;
  return (
    <Table head={[t.productName, t.holder, t.commune, t.currentStage, t.lastActivity]}>
      {props.items.map((c) => (
        <tr>
          <td>
            <a href={`${base}/${c.id}`}>{c.productName}</a>
          </td>
          <td>{holderOf(c)}</td>
          <td>{c.commune}</td>
          <td>
            {stageName(lang, c.currentStage, t)}
            {c.currentStage !== 'promotion' && c.lastActivityOn < props.stalledBefore ? (
              <b class="unmet"> · {t.stalled}</b>
            ) : null}
          </td>
          <td>{formatDate(lang, c.lastActivityOn)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function PipelineBoard(props: {
  t: PipelineTexts;
  lang: Lang;
  year: number;
  board: PipelineYear & { target: number; stallMonths: number; stalledBefore: string; stalledCandidates: Candidate[] };
  candidates: Candidate[];
  done?: string | undefined;
}) {
  const { t, lang, board: b } = props;
  const n = (v: number) => formatNumber(lang, v, 0);
  return (
    <>
      <StaffStyle />
      <style dangerouslySetInnerHTML={{ __html: '.met{color:#17652a}.unmet{color:#a4221b}' }} />
      <h1>{t.title}</h1>
      <Done text={props.done} />
      <p>{t.intro}</p>
      <form method="get" action={base} class="actions">
        <Field name="year" label={t.year} value={String(props.year)} inputmode="numeric" maxlength={4} />
        <button type="submit">{t.show}</button>
      </form>
      <p>
        <a href={`${base}/new`}>{t.newCandidate}</a>
      </p>
      <h2>{t.board(props.year)}</h2>
      <p class={b.rated >= b.target ? 'met' : 'unmet'}>
        <b>{t.target(b.target, b.rated)}</b>
      </p>
      <Table head={[t.stage, t.registered]}>
        <tr>
          <td>{t.notStarted}</td>
          <td class="num">{n(b.atStage.notStarted)}</td>
        </tr>
        {PIPELINE_STAGES.map((s, i) => (
          <tr>
            <td>
              {i + 1}. {STAGE_NAMES[s][lang]}
            </td>
            <td class="num">{n(b.atStage[s])}</td>
          </tr>
        ))}
        <tr>
          <td>
            <b>{t.registered}</b>
          </td>
          <td class="num">
            <b>{n(b.registered)}</b>
          </td>
        </tr>
      </Table>
      <h2>{t.stalledTitle(b.stallMonths)}</h2>
      {b.stalledCandidates.length ? (
        <CandidateTable t={t} lang={lang} items={b.stalledCandidates} stalledBefore={b.stalledBefore} />
      ) : (
        <p>{t.noStalled}</p>
      )}
      <h2>{t.candidates}</h2>
      {props.candidates.length ? (
        <CandidateTable t={t} lang={lang} items={props.candidates} stalledBefore={b.stalledBefore} />
      ) : (
        <p>{t.noCandidates}</p>
      )}
    </>
  );
}

export function CandidateForm(props: {
  t: PipelineTexts;
  csrf: string | undefined;
  organizations: Option[];
  units: Option[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, values: v, errors: e } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.newCandidate}</h1>
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.refused}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${base}/new`}>
        <CsrfInput token={props.csrf} />
        <Field name="productName" label={t.productName} value={v.productName} error={e.productName} required />
        <SelectField
          name="organizationId"
          label={t.organizationId}
          options={[{ value: '', label: t.noOrganization }, ...props.organizations]}
          value={v.organizationId}
          error={e.organizationId}
        />
        <Field name="householdName" label={t.householdName} value={v.householdName} error={e.householdName} />
        <Field
          name="yearRegistered"
          label={t.year}
          value={v.yearRegistered}
          error={e.yearRegistered}
          inputmode="numeric"
          maxlength={4}
          required
        />
        <SelectField
          name="supportingUnitId"
          label={t.supportingUnitId}
          options={props.units}
          value={v.supportingUnitId}
          error={e.supportingUnitId}
          required
        />
        <Field name="commune" label={t.commune} value={v.commune} error={e.commune} required />
        <TextArea name="note" label={t.note} value={v.note} error={e.note} />
        <button type="submit">{t.save}</button>
      </form>
    </>
  );
}

export function CandidatePage(props: {
  t: PipelineTexts;
  lang: Lang;
  csrf: string | undefined;
  candidate: Candidate;
  values: Record<string, string>;
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { t, lang, candidate: c, values: v, errors: e } = props;
  const next = PIPELINE_STAGES.filter(
    (s) => !c.currentStage || PIPELINE_STAGES.indexOf(s) > PIPELINE_STAGES.indexOf(c.currentStage),
  );
  return (
    <>
      <StaffStyle />
      <h1>{c.productName}</h1>
      <Done text={props.done} />
      <p>
        {t.holder}: <b>{holderOf(c)}</b> · {t.commune}: {c.commune} · {t.year}: {c.yearRegistered} ·{' '}
        {t.supportingUnitId}: {c.supportingUnitName}
      </p>
      {c.productId ? (
        <p>
          {t.productLink}: <a href={`${CONSOLE_BASE}/products/${c.productId}`}>{c.productId}</a>
        </p>
      ) : null}
      {c.note ? <p class="muted">{c.note}</p> : null}
      <h2>{t.stages}</h2>
      {c.stages.length ? (
        <Table head={[t.stage, t.reachedOn, t.note]}>
          {c.stages.map((s) => (
            <tr>
              <td>{STAGE_NAMES[s.stage][lang]}</td>
              <td>{formatDate(lang, s.reachedOn)}</td>
              <td>{s.note ?? ''}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noStages}</p>
      )}
      {next.length ? (
        <>
          <h2>{t.addStage}</h2>
          {Object.keys(e).length ? (
            <Notice kind="error">
              <p>{e._form ?? t.refused}</p>
            </Notice>
          ) : null}
          <form method="post" action={`${base}/${c.id}/stages`}>
            <CsrfInput token={props.csrf} />
            <SelectField
              name="stage"
              label={t.stage}
              options={next.map((s) => ({ value: s, label: STAGE_NAMES[s][lang] }))}
              value={v.stage}
              error={e.stage}
            />
            <Field name="reachedOn" label={t.reachedOn} type="date" value={v.reachedOn} error={e.reachedOn} required />
            <TextArea name="note" id="stage-note" label={t.note} value={v.note} error={e.note} />
            <button type="submit">{t.save}</button>
          </form>
        </>
      ) : null}
      <p>
        <a href={`${base}?year=${c.yearRegistered}`}>← {t.title}</a>
      </p>
    </>
  );
}
