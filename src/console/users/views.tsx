// The admin's user pages: the list, the new-user form, and one user with the password reset and
// the disable/enable button.
import type { Organization } from '../../db/organizations-store';
import type { UserRow } from '../../db/users-store';
import { formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import { ROLE_NAMES } from '../texts/common';
import type { UserTexts } from '../texts/users';
import { Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';

function status(t: UserTexts, u: UserRow) {
  if (u.disabledAt) return t.disabledStatus;
  if (u.mustChangePassword) return t.mustChangeStatus;
  // Nothing locks an account any more; many wrong passwords are worth the admin's eye all the same.
  return u.failedAttempts ? `${t.active} · ${t.wrongPasswords(u.failedAttempts)}` : t.active;
}

export function UserList(props: { t: UserTexts; lang: Lang; users: UserRow[]; next: string | null }) {
  const { t, lang } = props;
  const head = [t.username, t.displayName, t.role, t.organization, t.status, t.lastSignIn];
  return (
    <>
      <h1>{t.users}</h1>
      <p>
        <a href={`${CONSOLE_BASE}/users/new`}>{t.newUser}</a>
      </p>
      {props.users.length ? (
        <Table head={head}>
          {props.users.map((u) => (
            <tr>
              <td>
                <a href={`${CONSOLE_BASE}/users/${u.id}`}>{u.username}</a>
              </td>
              <td>{u.displayName}</td>
              <td>{ROLE_NAMES[lang][u.role]}</td>
              <td>{u.organizationName ?? '—'}</td>
              <td>{status(t, u)}</td>
              <td>{u.lastSignInAt ? formatTime(lang, u.lastSignInAt) : t.never}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noUsers}</p>
      )}
      {props.next ? (
        <p>
          <a href={`${CONSOLE_BASE}/users?cursor=${props.next}`}>{t.nextPage}</a>
        </p>
      ) : null}
    </>
  );
}

export function NewUserForm(props: {
  t: UserTexts;
  lang: Lang;
  csrf: string | undefined;
  orgs: Organization[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, lang, values: v, errors: e } = props;
  const roles = (['cooperative', 'buyer', 'staff', 'admin'] as const).map((r) => ({
    value: r,
    label: ROLE_NAMES[lang][r],
  }));
  const orgs = [{ value: '', label: t.noChoice }, ...props.orgs.map((o) => ({ value: o.id, label: o.name }))];
  return (
    <section class="narrow">
      <h1>{t.newUser}</h1>
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.fixBelow}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${CONSOLE_BASE}/users/new`} novalidate>
        <CsrfInput token={props.csrf} />
        <Field
          name="username"
          label={t.username}
          value={v.username}
          error={e.username}
          hint={t.usernameHint}
          required
          maxlength={40}
          autocomplete="off"
        />
        <Field
          name="displayName"
          label={t.displayName}
          value={v.displayName}
          error={e.displayName}
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
          hint={t.organizationHint}
          options={orgs}
        />
        <NewPasswordFields t={t} label={t.password} errors={e} />
        <button type="submit">{t.create}</button>
      </form>
    </section>
  );
}

/** A new password twice; `label` names the first field ("Password" on a new user, "New password" on a reset). */
function NewPasswordFields(props: { t: UserTexts; label: string; errors: FieldErrors }) {
  const { t, errors: e } = props;
  return (
    <>
      <Field
        name="password"
        label={props.label}
        type="password"
        error={e.password}
        hint={t.passwordHint}
        required
        autocomplete="new-password"
        maxlength={200}
      />
      <Field
        name="confirm"
        label={t.confirmPassword}
        type="password"
        error={e.confirm}
        required
        autocomplete="new-password"
        maxlength={200}
      />
    </>
  );
}

export function UserView(props: {
  t: UserTexts;
  lang: Lang;
  csrf: string | undefined;
  user: UserRow;
  notice?: string | undefined;
  errors: FieldErrors;
}) {
  const { t, lang, user: u, errors: e, csrf } = props;
  const base = `${CONSOLE_BASE}/users/${u.id}`;
  return (
    <>
      <p>
        <a href={`${CONSOLE_BASE}/users`}>← {t.users}</a>
      </p>
      <h1>{u.displayName}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {e._form ? (
        <Notice kind="error">
          <p>{e._form}</p>
        </Notice>
      ) : null}
      <section>
        <dl>
          <dt>{t.username}</dt>
          <dd>{u.username}</dd>
          <dt>{t.role}</dt>
          <dd>{ROLE_NAMES[lang][u.role]}</dd>
          {u.organizationName ? (
            <>
              <dt>{t.organization}</dt>
              <dd>{u.organizationName}</dd>
            </>
          ) : null}
          <dt>{t.status}</dt>
          <dd>{status(t, u)}</dd>
          <dt>{t.lastSignIn}</dt>
          <dd>{u.lastSignInAt ? formatTime(lang, u.lastSignInAt) : t.never}</dd>
        </dl>
      </section>
      <section class="narrow">
        <h2>{t.resetPassword}</h2>
        <form method="post" action={`${base}/reset-password`} novalidate>
          <CsrfInput token={csrf} />
          <NewPasswordFields t={t} label={t.newPassword} errors={e} />
          <button type="submit">{t.resetPassword}</button>
        </form>
      </section>
      <section class="actions">
        <form method="post" action={`${base}/${u.disabledAt ? 'enable' : 'disable'}`}>
          <CsrfInput token={csrf} />
          <button type="submit" class={u.disabledAt ? undefined : 'danger'}>
            {u.disabledAt ? t.enable : t.disable}
          </button>
        </form>
      </section>
    </>
  );
}
