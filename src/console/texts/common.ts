// The console's fixed texts, Vietnamese first: the shell (header, navigation, error pages, field
// problems) and the words on the pages of more than one area. Each area's texts (./areas.ts…)
// add its own words on top of these through areaTexts(), so a page reads one table.
import type { Role } from '../../domain/roles';
import type { Lang } from '../../pages/i18n';

export const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  vi: { admin: 'Quản trị viên', staff: 'Cán bộ Hội', cooperative: 'Hợp tác xã', buyer: 'Doanh nghiệp mua hàng' },
  en: { admin: 'Administrator', staff: 'Association staff', cooperative: 'Cooperative', buyer: 'Buyer enterprise' },
};

/** Units by code, in each language (src/domain/units.ts, where messages and pages find them too). */
export { UNIT_NAMES } from '../../domain/units';

/** The language a visitor read a page in, by its code (a scan's language, a report's). */
export const LANGUAGE_NAMES: Record<Lang, Record<string, string>> = {
  vi: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
  en: { vi: 'Vietnamese', en: 'English' },
};

/** What a stamp page told the shopper (a fake report's or a scan's verdict), by the API's code. */
export const VERDICT_NAMES: Record<Lang, Record<string, string>> = {
  vi: {
    genuine: 'Chính hãng',
    not_activated: 'Chưa kích hoạt',
    void: 'Đã hủy',
    recalled: 'Đang thu hồi',
    unknown: 'Không có trong hệ thống',
    mistyped: 'Nhập sai số tem',
    other_product: 'Tem của sản phẩm khác',
  },
  en: {
    genuine: 'Genuine',
    not_activated: 'Not activated',
    void: 'Void',
    recalled: 'Recalled',
    unknown: 'Not on record',
    mistyped: 'Mistyped serial',
    other_product: 'Another product’s stamp',
  },
};

export const SEVERITY_NAMES: Record<Lang, Record<'critical' | 'warning' | 'notice', string>> = {
  vi: { critical: 'Nghiêm trọng', warning: 'Cảnh báo', notice: 'Lưu ý' },
  en: { critical: 'Critical', warning: 'Warning', notice: 'Notice' },
};

export const BATCH_STATUS: Record<Lang, Record<string, string>> = {
  vi: { draft: 'Bản nháp', sealed: 'Đã niêm phong', superseded: 'Đã được thay thế' },
  en: { draft: 'Draft', sealed: 'Sealed', superseded: 'Superseded' },
};

export const ORG_KINDS: Record<Lang, Record<string, string>> = {
  vi: {
    association_unit: 'Đơn vị Hội Nông dân',
    cooperative: 'Hợp tác xã',
    cooperative_group: 'Tổ hợp tác',
    farmer_professional_group: 'Chi hội nông dân nghề nghiệp',
    enterprise: 'Doanh nghiệp',
  },
  en: {
    association_unit: 'Farmers’ Association unit',
    cooperative: 'Cooperative',
    cooperative_group: 'Cooperative group',
    farmer_professional_group: 'Farmers’ professional group',
    enterprise: 'Enterprise',
  },
};

const vi = {
  // the shell
  site: 'Quản lý truy xuất OCOP',
  skip: 'Bỏ qua, tới nội dung chính',
  switchTo: 'English',
  nav: 'Điều hướng',
  home: 'Trang chính',
  signedInAs: 'Đang đăng nhập',
  signOut: 'Đăng xuất',
  // error pages and field problems
  errorTitle: 'Có lỗi xảy ra',
  notFound: 'Không tìm thấy trang hoặc bản ghi này.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  tooLarge: 'Dữ liệu gửi lên quá lớn.',
  unsupported: 'Biểu mẫu gửi lên không đúng định dạng.',
  internal: 'Máy chủ gặp lỗi. Mã yêu cầu giúp chúng tôi tìm nguyên nhân:',
  notReady: 'Cơ sở dữ liệu tạm thời gián đoạn. Hãy thử lại sau ít giây.',
  notReadyNotSaved: 'Cơ sở dữ liệu tạm thời gián đoạn, thay đổi của bạn chưa được lưu. Hãy thử lại sau ít giây.',
  notReadyUnknown:
    'Kết nối tới cơ sở dữ liệu bị ngắt đúng lúc đang lưu: thay đổi có thể đã được lưu hoặc chưa. Sau ít giây, hãy kiểm tra lại trước khi gửi lần nữa.',
  backHome: 'Về trang chính',
  formExpired: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.',
  fieldCodes: {
    too_small: 'Quá ngắn hoặc quá nhỏ',
    too_big: 'Quá dài hoặc quá lớn',
    invalid_type: 'Thiếu hoặc sai kiểu dữ liệu',
    invalid_format: 'Sai định dạng',
    invalid_value: 'Giá trị không hợp lệ',
    unrecognized_keys: 'Có trường không được chấp nhận',
    duplicate: 'Giá trị này đã có',
  } as Record<string, string>,
  fixBelow: 'Hãy sửa các ô được đánh dấu bên dưới.',
  fixBelowKept: 'Hãy sửa các ô được đánh dấu bên dưới; những gì bạn đã nhập vẫn được giữ.',
  required: 'Không được để trống',
  numberBad: 'Hãy nhập một số, ví dụ 12,5',
  positive: 'Phải lớn hơn 0',
  dateBad: 'Hãy chọn một ngày',
  // people and passwords
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  role: 'Vai trò',
  organization: 'Đơn vị',
  noHasher: 'Máy chủ chưa được cấu hình để đăng nhập bằng mật khẩu.',
  newPassword: 'Mật khẩu mới',
  confirmPassword: 'Nhập lại mật khẩu mới',
  passwordHint: 'Từ 10 đến 200 ký tự. Nên dùng một câu dễ nhớ.',
  passwordTooShort: 'Mật khẩu phải có ít nhất 10 ký tự',
  passwordTooLong: 'Mật khẩu dài tối đa 200 ký tự',
  passwordMismatch: 'Hai lần nhập mật khẩu không khớp',
  // forms and lists
  save: 'Lưu',
  cancel: 'Quay lại',
  edit: 'Sửa',
  status: 'Trạng thái',
  optional: '(không bắt buộc)',
  choose: '— chọn —',
  any: '— tất cả —',
  noChoice: '— không —',
  none: '—',
  filter: 'Lọc',
  clear: 'Bỏ lọc',
  nextPage: 'Trang sau',
  first: 'Về đầu danh sách',
  doneCreated: 'Đã lưu.',
  doneUpdated: 'Đã lưu thay đổi.',
  csv: 'Tải bảng CSV',
  from: 'Từ ngày',
  to: 'Đến ngày',
  date: 'Ngày',
  // the records
  cooperative: 'Hợp tác xã',
  product: 'Sản phẩm',
  newArea: 'Thêm vùng nguyên liệu',
  underContract: 'Theo hợp đồng liên kết',
  pickArea: '— chọn vùng —',
  chooseArea: 'Hãy chọn một vùng nguyên liệu',
  harvests: 'Thu hoạch',
  noHarvests: 'Chưa có lô thu hoạch nào.',
  newHarvest: 'Ghi một lô thu hoạch',
  harvestLot: 'Lô thu hoạch',
  harvestArea: 'Vùng nguyên liệu',
  harvestedOn: 'Ngày thu hoạch',
  remaining: 'Còn lại',
  unit: 'Đơn vị',
  batch: 'Lô sản xuất',
  batches: 'Lô sản xuất',
  newBatch: 'Tạo lô sản xuất',
  lot: 'Lô',
  recalledBadge: 'Đang thu hồi',
  publicPage: 'Trang công khai',
  traceBack: 'truy xuất ngược',
  orderedOn: 'Ngày đặt',
  count: 'Số tem',
  serial: 'Số tem',
  scanCount: 'Số lần quét',
  stampStates: { issued: 'Chưa kích hoạt', active: 'Đang hiệu lực', void: 'Đã hủy' } as Record<string, string>,
  stampsLive: 'Tem chưa hủy',
};

export type CommonTexts = typeof vi;

const en: CommonTexts = {
  site: 'OCOP traceability console',
  skip: 'Skip to main content',
  switchTo: 'Tiếng Việt',
  nav: 'Navigation',
  home: 'Home',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  errorTitle: 'Something went wrong',
  notFound: 'This page or record was not found.',
  forbidden: 'You may not do this.',
  tooLarge: 'The form sent is too large.',
  unsupported: 'The form was not sent in a format we accept.',
  internal: 'The server failed. The request id helps us find out why:',
  notReady: 'The database is temporarily unavailable. Try again in a few seconds.',
  notReadyNotSaved:
    'The database is temporarily unavailable and your change was not saved. Try again in a few seconds.',
  notReadyUnknown:
    'The connection to the database broke while saving: your change may or may not have been saved. In a few seconds, check before sending it again.',
  backHome: 'Back to the home page',
  formExpired: 'The form expired or is not valid. Reload the page and try again.',
  fieldCodes: {
    too_small: 'Too short or too small',
    too_big: 'Too long or too large',
    invalid_type: 'Missing or of the wrong type',
    invalid_format: 'Wrong format',
    invalid_value: 'Not an accepted value',
    unrecognized_keys: 'Unexpected field',
    duplicate: 'Already taken',
  },
  fixBelow: 'Correct the marked fields below.',
  fixBelowKept: 'Correct the marked fields below; what you typed has been kept.',
  required: 'Required',
  numberBad: 'Enter a number, e.g. 12.5',
  positive: 'Must be more than zero',
  dateBad: 'Choose a date',
  username: 'Username',
  password: 'Password',
  role: 'Role',
  organization: 'Organization',
  noHasher: 'This server is not set up for password sign-in.',
  newPassword: 'New password',
  confirmPassword: 'New password again',
  passwordHint: '10 to 200 characters. A sentence you remember works well.',
  passwordTooShort: 'The password needs at least 10 characters',
  passwordTooLong: 'The password is at most 200 characters',
  passwordMismatch: 'The two passwords differ',
  save: 'Save',
  cancel: 'Back',
  edit: 'Edit',
  status: 'Status',
  optional: '(optional)',
  choose: '— choose —',
  any: '— any —',
  noChoice: '— none —',
  none: '—',
  filter: 'Filter',
  clear: 'Clear filters',
  nextPage: 'Next page',
  first: 'Back to the start',
  doneCreated: 'Saved.',
  doneUpdated: 'Changes saved.',
  csv: 'Download CSV',
  from: 'From',
  to: 'To',
  date: 'Date',
  cooperative: 'Cooperative',
  product: 'Product',
  newArea: 'Add a raw-material area',
  underContract: 'Under a supply contract',
  pickArea: '— choose an area —',
  chooseArea: 'Choose a raw-material area',
  harvests: 'Harvests',
  noHarvests: 'No harvest lots yet.',
  newHarvest: 'Record a harvest lot',
  harvestLot: 'Harvest lot',
  harvestArea: 'Raw-material area',
  harvestedOn: 'Harvest date',
  remaining: 'Remaining',
  unit: 'Unit',
  batch: 'Batch',
  batches: 'Batches',
  newBatch: 'Create a batch',
  lot: 'Lot',
  recalledBadge: 'Recalled',
  publicPage: 'Public page',
  traceBack: 'trace backwards',
  orderedOn: 'Ordered',
  count: 'Number of stamps',
  serial: 'Serial',
  scanCount: 'Scans',
  stampStates: { issued: 'Not activated', active: 'Active', void: 'Void' },
  stampsLive: 'Stamps not void',
};

export const COMMON: Record<Lang, CommonTexts> = { vi, en };

/** An area's own words may not reuse a common word's name (they would hide it). */
type OwnWords<T> = T & { [K in keyof T & keyof CommonTexts]: never };

/** An area's texts in both languages: the common words and the area's own, English shaped like Vietnamese. */
export function areaTexts<T extends object>(own: { vi: OwnWords<T>; en: NoInfer<T> }): Record<Lang, CommonTexts & T> {
  return { vi: { ...vi, ...own.vi }, en: { ...en, ...own.en } };
}

/** One text in both languages, e.g. a nav entry's label: inLanguages(BATCH_TEXTS, (t) => t.batches). */
export function inLanguages<T>(table: Record<Lang, T>, pick: (t: T) => string): Record<Lang, string> {
  return { vi: pick(table.vi), en: pick(table.en) };
}
