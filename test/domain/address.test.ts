import { describe, expect, it } from 'vitest';
import { addressLine } from '../../src/domain/address';

describe('an address shown once', () => {
  it('leaves out the commune and province when the address already says them (the demo cooperative)', () => {
    expect(
      addressLine([
        { text: 'Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm' },
        { text: 'Xã Cao Bồ', level: 'commune' },
        { text: 'Tỉnh Sơn Lâm', level: 'province' },
      ]),
    ).toBe('Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm');
  });

  it('compares without case, diacritics or extra spaces, and with or without the level word', () => {
    const line = (address: string, commune: string | null, province: string) =>
      addressLine([{ text: address }, { text: commune, level: 'commune' }, { text: province, level: 'province' }]);
    expect(line('Thôn Tham Vè, XA CAO BO', 'Xã  Cao Bồ', 'Tỉnh Sơn Lâm')).toBe('Thôn Tham Vè, XA CAO BO, Tỉnh Sơn Lâm');
    expect(line('Số 12, Cao Bồ, Sơn Lâm', 'Xã Cao Bồ', 'Tỉnh Sơn Lâm')).toBe('Số 12, Cao Bồ, Sơn Lâm');
    expect(line('Thôn 3, xã Cao Bồ'.normalize('NFD'), 'Cao Bồ', 'Sơn Lâm')).toBe(
      `${'Thôn 3, xã Cao Bồ'.normalize('NFD')}, Sơn Lâm`,
    );
    expect(line('Tổ 5, TP. Lào Cai, tỉnh Lào Cai', null, 'Tỉnh Lào Cai')).toBe('Tổ 5, TP. Lào Cai, tỉnh Lào Cai');
  });

  it('keeps a commune or province that only shares its name with a district or city in the address', () => {
    expect(
      addressLine([
        { text: 'Thôn 1, huyện Vân Sơn' },
        { text: 'Xã Vân Sơn', level: 'commune' },
        { text: 'Tỉnh Sơn Lâm', level: 'province' },
      ]),
    ).toBe('Thôn 1, huyện Vân Sơn, Xã Vân Sơn, Tỉnh Sơn Lâm');
    expect(addressLine([{ text: 'Tổ 5, thành phố Lào Cai' }, { text: 'Tỉnh Lào Cai', level: 'province' }])).toBe(
      'Tổ 5, thành phố Lào Cai, Tỉnh Lào Cai',
    );
    // A city's name without "tỉnh" may be the province itself (thành phố Hà Nội): said once.
    expect(addressLine([{ text: 'Số 1, thành phố Hà Nội' }, { text: 'Hà Nội', level: 'province' }])).toBe(
      'Số 1, thành phố Hà Nội',
    );
    expect(addressLine([{ text: 'Thị trấn Vân Sơn' }, { text: 'Vân Sơn', level: 'commune' }])).toBe('Thị trấn Vân Sơn');
  });

  it('leaves out empty parts and says a commune and a province as they are', () => {
    expect(
      addressLine([
        { text: null },
        { text: 'Xã Cao Bồ', level: 'commune' },
        { text: ' Tỉnh Sơn Lâm ', level: 'province' },
      ]),
    ).toBe('Xã Cao Bồ, Tỉnh Sơn Lâm');
    expect(
      addressLine([{ text: '' }, { text: null, level: 'commune' }, { text: 'Tỉnh Sơn Lâm', level: 'province' }]),
    ).toBe('Tỉnh Sơn Lâm');
  });
});
