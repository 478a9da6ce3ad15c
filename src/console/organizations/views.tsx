// The admin's organization pages: the list with its filters, and the form that registers one or
// changes one (kind, association level, name and codes, place, parent unit, contact).
import { ASSOCIATION_LEVELS, ORGANIZATION_KINDS, type Organization } from '../../db/organizations-store';
import { formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import { ORG_KINDS } from '../texts/common';
import type { OrganizationTexts } from '../texts/organizations';
import { Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/organizations`;

export function OrganizationList(props: {
  t: OrganizationTexts;
  lang: Lang;
  filters: { kind: string; q: string; province: string };
  errors: FieldErrors;
  organizations: Organization[];
  next: string | null;
}) {
  const { t, lang, filters: f, errors } = props;
  const kinds = [
    { value: '', label: t.any },
    ...ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORG_KINDS[lang][k] ?? k })),
  ];
  return (
    <>
      <StaffStyle />
      <h1>{t.title}</h1>
      <p>
        <a href={`${base}/new`}>{t.add}</a>
      </p>
      <section>
        <form method="get" action={base}>
          {errors._form ? (
            <Notice kind="error">
              <p>{errors._form}</p>
            </Notice>
          ) : null}
          <div class="grid">
            <SelectField name="kind" label={t.kind} value={f.kind} error={errors.kind} options={kinds} />
            <Field name="q" label={t.search} value={f.q} error={errors.q} maxlength={100} />
            <Field name="province" label={t.province} value={f.province} error={errors.province} maxlength={100} />
          </div>
          <div class="actions">
            <button type="submit">{t.filter}</button>
            <a href={base}>{t.clear}</a>
          </div>
        </form>
      </section>
      {props.organizations.length ? (
        <Table head={[t.name, t.kind, t.province, t.contactName]}>
          {props.organizations.map((o) => (
            <tr>
              <td>
                <a href={`${base}/${o.id}`}>{o.name}</a>
                {o.registrationCode ? <span class="muted"> · {o.registrationCode}</span> : null}
              </td>
              <td>
                {ORG_KINDS[lang][o.kind] ?? o.kind}
                {o.associationLevel ? ` (${t.levels[o.associationLevel]})` : ''}
              </td>
              <td>{[o.commune, o.province].filter(Boolean).join(', ')}</td>
              <td>{[o.contactName, o.contactPhone].filter(Boolean).join(' · ') || '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noneMatch}</p>
      )}
      {props.next ? (
        <p>
          <a href={`${base}${qs({ ...f, cursor: props.next })}`}>{t.nextPage}</a>
        </p>
      ) : null}
    </>
  );
}

function OrgForm(props: {
  t: OrganizationTexts;
  lang: Lang;
  action: string;
  csrf: string | undefined;
  v: Record<string, string>;
  e: FieldErrors;
  units: Organization[];
  self?: string | undefined;
  submit: string;
}) {
  const { t, lang, v, e } = props;
  const kinds = ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORG_KINDS[lang][k] ?? k }));
  const levels = [
    { value: '', label: t.noChoice },
    ...ASSOCIATION_LEVELS.map((l) => ({ value: l, label: t.levels[l] ?? l })),
  ];
  const parents = props.units.filter((u) => u.id !== props.self).map((u) => ({ value: u.id, label: u.name }));
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfInput token={props.csrf} />
      <div class="grid">
        <SelectField
          name="kind"
          label={t.kind}
          value={v.kind || 'cooperative'}
          error={e.kind}
          required
          options={kinds}
        />
        <SelectField
          name="associationLevel"
          label={t.level}
          value={v.associationLevel}
          error={e.associationLevel}
          hint={t.levelHint}
          options={levels}
        />
      </div>
      <Field name="name" label={t.name} value={v.name} error={e.name} required maxlength={300} />
      <div class="grid">
        <Field
          name="registrationCode"
          label={t.registrationCode}
          value={v.registrationCode}
          error={e.registrationCode}
          maxlength={50}
        />
        <Field
          name="gln"
          label={t.gln}
          value={v.gln}
          error={e.gln}
          hint={t.glnHint}
          inputmode="numeric"
          maxlength={13}
        />
      </div>
      <div class="grid">
        <Field name="province" label={t.province} value={v.province} error={e.province} required maxlength={100} />
        <Field name="commune" label={t.commune} value={v.commune} error={e.commune} maxlength={100} />
      </div>
      <Field name="address" label={t.address} value={v.address} error={e.address} maxlength={500} />
      <SelectField
        name="parentId"
        label={t.parent}
        value={v.parentId}
        error={e.parentId}
        options={[{ value: '', label: t.noChoice }, ...parents]}
      />
      <div class="grid">
        <Field name="contactName" label={t.contactName} value={v.contactName} error={e.contactName} maxlength={200} />
        <Field
          name="contactPhone"
          label={t.contactPhone}
          type="tel"
          value={v.contactPhone}
          error={e.contactPhone}
          maxlength={30}
        />
        <Field
          name="contactEmail"
          label={t.contactEmail}
          type="email"
          value={v.contactEmail}
          error={e.contactEmail}
          maxlength={254}
        />
      </div>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

/** Registering an organization (no `org`), or one organization with the form that changes it. */
export function OrganizationPage(props: {
  t: OrganizationTexts;
  lang: Lang;
  csrf: string | undefined;
  org?: Organization | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
  units: Organization[];
  notice?: string | undefined;
}) {
  const { t, lang, org, errors: e } = props;
  return (
    <>
      <StaffStyle />
      <p>
        <a href={base}>← {t.title}</a>
      </p>
      <h1>{org ? org.name : t.add}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.fixBelow}</p>
        </Notice>
      ) : null}
      {org ? (
        <p class="muted">
          {ORG_KINDS[lang][org.kind]} · {t.updated}: {formatTime(lang, org.updatedAt)}
          {org.kind !== 'association_unit' ? (
            <>
              {' '}
              · <a href={`${CONSOLE_BASE}/findings${qs({ view: 'all', cooperativeId: org.id })}`}>{t.findings}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <section>
        {org ? <h2>{t.editDetails}</h2> : null}
        <OrgForm
          t={t}
          lang={lang}
          action={org ? `${base}/${org.id}` : `${base}/new`}
          csrf={props.csrf}
          v={props.values}
          e={e}
          units={props.units}
          self={org?.id}
          submit={org ? t.saveChanges : t.create}
        />
      </section>
    </>
  );
}
