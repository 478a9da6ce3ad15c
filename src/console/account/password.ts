// The rules a new password meets before anything is checked or written, for a user changing their
// own (account) and an admin setting someone's (users).
import { PASSWORD_MAX, PASSWORD_MIN } from '../../db/users-store';
import type { CommonTexts } from '../texts/common';

/** Problems with a new password and its repetition. */
export function newPasswordErrors(
  t: Pick<CommonTexts, 'passwordTooShort' | 'passwordTooLong' | 'passwordMismatch'>,
  password: string,
  confirm: string,
): { password?: string; confirm?: string } {
  if (password.length < PASSWORD_MIN) return { password: t.passwordTooShort };
  if (password.length > PASSWORD_MAX) return { password: t.passwordTooLong };
  if (confirm !== password) return { confirm: t.passwordMismatch };
  return {};
}
