// The sign-in form: username and password, the double-submit CSRF token and where to go after.
import { CONSOLE_BASE } from '../env';
import type { SignInTexts } from '../texts/sign-in';
import { Notice } from '../ui/blocks';
import { Field } from '../ui/fields';

export interface SignInErrors {
  username?: string | undefined;
  password?: string | undefined;
  form?: string | undefined;
}

export function SignInForm(props: {
  t: SignInTexts;
  csrf: string;
  next: string;
  username?: string | undefined;
  errors: SignInErrors;
}) {
  const { t, errors: e } = props;
  return (
    <section class="narrow">
      <h1>{t.signInTitle}</h1>
      <p class="muted">{t.signInIntro}</p>
      {e.form ? (
        <Notice kind="error">
          <p>{e.form}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${CONSOLE_BASE}/sign-in`} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <Field
          name="username"
          label={t.username}
          value={props.username}
          error={e.username}
          autocomplete="username"
          required
          maxlength={100}
          autofocus={!props.username}
        />
        <Field
          name="password"
          label={t.password}
          type="password"
          error={e.password}
          autocomplete="current-password"
          required
          maxlength={200}
          autofocus={!!props.username}
        />
        <button type="submit">{t.signIn}</button>
      </form>
    </section>
  );
}
