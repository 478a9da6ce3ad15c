// Texts of the account page, where a user changes their own password.
import { areaTexts } from './common';

export const ACCOUNT_TEXTS = areaTexts({
  vi: {
    changePassword: 'Đổi mật khẩu',
    currentPassword: 'Mật khẩu hiện tại',
    passwordSame: 'Mật khẩu mới phải khác mật khẩu hiện tại',
    wrongCurrent: 'Mật khẩu hiện tại không đúng',
    mustChange: 'Quản trị viên đã đặt lại mật khẩu của bạn. Hãy chọn mật khẩu mới trước khi tiếp tục.',
    tryLater: (seconds: number) => `Nhập sai quá nhiều lần. Hãy thử lại sau ${seconds} giây.`,
    passwordChanged: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.',
  },
  en: {
    changePassword: 'Change password',
    currentPassword: 'Current password',
    passwordSame: 'The new password must differ from the current one',
    wrongCurrent: 'The current password is wrong',
    mustChange: 'An administrator has reset your password. Choose a new one before you go on.',
    tryLater: (seconds: number) => `Too many wrong attempts. Try again in ${seconds} seconds.`,
    passwordChanged: 'Password changed. Your other sessions have been signed out.',
  },
});

export type AccountTexts = (typeof ACCOUNT_TEXTS)['vi'];
