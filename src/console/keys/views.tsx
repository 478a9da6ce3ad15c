// The admin's API key pages: the keys (name, prefix, role, organization, state; never a secret)
// with their revoke buttons, the new-key form, and the page that shows a new key once.
import type { ApiKeyRow } from '../../db/api-keys-store';
import type { Organization } from '../../db/organizations-store';
import { formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import { COMMON, ROLE_NAMES } from '../texts/common';
import type { KeyTexts } from '../texts/keys';
import { Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/keys`;

export function KeyList(props: {
  t: KeyTexts;
  lang: Lang;
  csrf: string | undefined;
  /** Newest first, one page. */
  keys: ApiKeyRow[];
  next: string | null;
  first: string | null;
  orgs: Organization[];
  revoked: boolean;
}) {
  const { t, lang } = props;
  const names = new Map(props.orgs.map((o) => [o.id, o.name]));
  return (
    <>
      <StaffStyle />
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {props.revoked ? <Notice kind="ok">{t.revoked}</Notice> : null}
      <p>
        <a href={`${base}/new`}>{t.add}</a>
      </p>
      {props.keys.length ? (
        <Table head={[t.name, t.prefix, t.role, t.organization, t.created, t.state]}>
          {props.keys.map((k) => (
            <tr>
              <td>{k.name}</td>
              <td>
                <code>{`ocop_${k.prefix}_…`}</code>
              </td>
              <td>{ROLE_NAMES[lang][k.role]}</td>
              <td>{k.organizationId ? (names.get(k.organizationId) ?? '—') : '—'}</td>
              <td>{formatTime(lang, k.createdAt)}</td>
              <td>
                {k.revokedAt ? (
                  <span class="tag">{t.revokedAt(formatTime(lang, k.revokedAt))}</span>
                ) : (
                  <form method="post" action={`${base}/${k.id}/revoke`}>
                    <CsrfInput token={props.csrf} />
                    <span class="tag">{t.active}</span>{' '}
                    <button type="submit" class="danger">
                      {t.revoke}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noKeys}</p>
      )}
      {props.next || props.first ? (
        <p class="actions">
          {props.next ? <a href={props.next}>{COMMON[lang].nextPage} →</a> : null}
          {props.first ? <a href={props.first}>{COMMON[lang].first}</a> : null}
        </p>
      ) : null}
    </>
  );
}

export function NewKeyForm(props: {
  t: KeyTexts;
  lang: Lang;
  csrf: string | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
  orgs: Organization[];
}) {
  const { t, lang, values: v, errors: e } = props;
  const roles = (['cooperative', 'buyer', 'staff', 'admin'] as const).map((r) => ({
    value: r,
    label: ROLE_NAMES[lang][r],
  }));
  const orgs = props.orgs.filter((o) => o.kind !== 'association_unit').map((o) => ({ value: o.id, label: o.name }));
  return (
    <>
      <p>
        <a href={base}>← {t.title}</a>
      </p>
      <h1>{t.add}</h1>
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.fixBelow}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${base}/new`} novalidate class="narrow">
        <CsrfInput token={props.csrf} />
        <Field
          name="name"
          label={t.name}
          value={v.name}
          error={e.name}
          hint={t.nameHint}
          required
          maxlength={200}
          autocomplete="off"
        />
        <SelectField
          name="role"
          label={t.role}
          value={v.role || 'cooperative'}
          error={e.role}
          required
          options={roles}
        />
        <SelectField
          name="organizationId"
          label={t.organization}
          value={v.organizationId}
          error={e.organizationId}
          hint={t.orgHint}
          options={[{ value: '', label: t.noChoice }, ...orgs]}
        />
        <button type="submit">{t.create}</button>
      </form>
    </>
  );
}

/** The only time the key exists outside the caller's hands: rendered on the answer to the POST (no-store). */
export function KeyCreated(props: { t: KeyTexts; lang: Lang; created: ApiKeyRow & { key: string } }) {
  const { t, created: k } = props;
  return (
    <>
      <h1>{k.name}</h1>
      <Notice kind="ok">{t.shownOnce}</Notice>
      <section>
        <p>
          <code id="new-key">{k.key}</code>
        </p>
        <p class="hint">{t.copyHint}</p>
        <dl>
          <dt>{t.role}</dt>
          <dd>{ROLE_NAMES[props.lang][k.role]}</dd>
          <dt>{t.prefix}</dt>
          <dd>
            <code>{`ocop_${k.prefix}_…`}</code>
          </dd>
        </dl>
      </section>
      <p>
        <a href={base}>{t.back}</a>
      </p>
    </>
  );
}
