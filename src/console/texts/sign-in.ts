// Texts of the sign-in page.
import { areaTexts } from './common';

export const SIGN_IN_TEXTS = areaTexts({
  vi: {
    signIn: 'Đăng nhập',
    signInTitle: 'Đăng nhập hệ thống quản lý',
    signInIntro: 'Dành cho hợp tác xã và cán bộ Hội Nông dân.',
    badCredentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    locked: 'Nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.',
    slowed: (seconds: number) => `Có nhiều lần đăng nhập sai vào tài khoản này. Hãy thử lại sau ${seconds} giây.`,
    disabled: 'Tài khoản này đã bị ngừng sử dụng. Hãy liên hệ quản trị viên.',
  },
  en: {
    signIn: 'Sign in',
    signInTitle: 'Sign in to the console',
    signInIntro: 'For cooperatives and Farmers’ Association staff.',
    badCredentials: 'The username or password is wrong.',
    locked: 'Too many wrong attempts. Try again in 15 minutes.',
    slowed: (seconds: number) =>
      `There have been many wrong sign-ins to this account. Try again in ${seconds} seconds.`,
    disabled: 'This account has been disabled. Ask an administrator.',
  },
});

export type SignInTexts = (typeof SIGN_IN_TEXTS)['vi'];
