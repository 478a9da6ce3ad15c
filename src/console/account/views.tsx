// The change-password form: the current password, the new one twice.
import { PASSWORD_MAX } from '../../db/users-store';
import { CONSOLE_BASE } from '../env';
import type { AccountTexts } from '../texts/account';
import { Notice } from '../ui/blocks';
import { CsrfInput, Field } from '../ui/fields';

export type PasswordErrors = { current?: string; password?: string; confirm?: string; form?: string };

export function PasswordForm(props: {
  t: AccountTexts;
  csrf: string | undefined;
  username: string | undefined;
  errors: PasswordErrors;
  done: boolean;
  /** An admin reset the password: say why this page is the only one that opens. */
  mustChange: boolean;
}) {
  const { t, errors: e } = props;
  return (
    <section class="narrow">
      <h1>{t.changePassword}</h1>
      {props.done ? <Notice kind="ok">{t.passwordChanged}</Notice> : null}
      {props.mustChange ? <Notice kind="ok">{t.mustChange}</Notice> : null}
      {e.form ? (
        <Notice kind="error">
          <p>{e.form}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${CONSOLE_BASE}/account/password`} novalidate>
        <CsrfInput token={props.csrf} />
        <input type="text" name="username" value={props.username} autocomplete="username" hidden />
        <Field
          name="current"
          label={t.currentPassword}
          type="password"
          error={e.current}
          autocomplete="current-password"
          required
          maxlength={PASSWORD_MAX}
        />
        <Field
          name="password"
          label={t.newPassword}
          type="password"
          error={e.password}
          hint={t.passwordHint}
          autocomplete="new-password"
          required
          maxlength={PASSWORD_MAX}
        />
        <Field
          name="confirm"
          label={t.confirmPassword}
          type="password"
          error={e.confirm}
          autocomplete="new-password"
          required
          maxlength={PASSWORD_MAX}
        />
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}
