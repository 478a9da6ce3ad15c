// Texts of the admin's API key pages.
import { areaTexts } from './common';

export const KEY_TEXTS = areaTexts({
  vi: {
    title: 'Khóa API',
    intro:
      'Khóa API cho phần mềm khác kết nối với hệ thống (máy in tem, phần mềm kế toán…). Mỗi khóa có một vai trò; khóa của hợp tác xã chỉ truy cập dữ liệu của đơn vị đó.',
    add: 'Tạo khóa API',
    name: 'Tên khóa',
    nameHint: 'Để nhận ra khóa sau này, ví dụ: “Máy in tem HTX Cao Bồ”.',
    prefix: 'Mã nhận diện',
    orgHint: 'Bắt buộc với vai trò Hợp tác xã; để trống với quản trị viên và cán bộ.',
    orgNeeded: 'Khóa của hợp tác xã phải thuộc một đơn vị; khóa quản trị viên và cán bộ thì không',
    created: 'Tạo lúc',
    state: 'Trạng thái',
    active: 'Đang dùng',
    revokedAt: (at: string) => `Đã thu hồi lúc ${at}`,
    revoke: 'Thu hồi khóa',
    revoked: 'Đã thu hồi khóa. Phần mềm dùng khóa này không truy cập được nữa.',
    noKeys: 'Chưa có khóa API.',
    create: 'Tạo khóa',
    shownOnce:
      'Khóa mới đã được tạo. Hãy chép khóa dưới đây ngay: đây là lần duy nhất khóa được hiển thị; hệ thống chỉ lưu bản băm của khóa.',
    copyHint: 'Đưa khóa vào cấu hình của phần mềm dưới dạng tiêu đề “Authorization: Bearer <khóa>”.',
    back: 'Về danh sách khóa',
    needed: 'Không được để trống',
  },
  en: {
    title: 'API keys',
    intro:
      'API keys let other software reach the service (stamp printers, accounting software…). Each key has a role; a cooperative’s key reaches that organization’s data only.',
    add: 'Create an API key',
    name: 'Key name',
    nameHint: 'To recognise the key later, e.g. “Stamp printer, Cao Bồ cooperative”.',
    prefix: 'Identifier',
    orgHint: 'Required for the Cooperative role; leave empty for administrators and staff.',
    orgNeeded: 'A cooperative key belongs to one organization; administrator and staff keys do not',
    created: 'Created',
    state: 'State',
    active: 'In use',
    revokedAt: (at: string) => `Revoked on ${at}`,
    revoke: 'Revoke the key',
    revoked: 'Key revoked. Software using it can no longer get in.',
    noKeys: 'No API keys yet.',
    create: 'Create the key',
    shownOnce: 'The new key was created. Copy it now: this is the only time it is shown; only its hash is stored.',
    copyHint: 'Configure the software to send it as the header “Authorization: Bearer <key>”.',
    back: 'Back to the keys',
    needed: 'Must not be empty',
  },
});

export type KeyTexts = (typeof KEY_TEXTS)['vi'];
