// The one catalogue of messages, in Vietnamese and English: a sentence for every error code, and
// every rule a field can break (the request schemas, the domain's rules, the handlers' checks).
// The API answers in English, as it always has; a Vietnamese page finds the rule behind an English
// message (ruleOf) and shows the rule's Vietnamese sentence with the same parameters, dates written
// dd/mm/yyyy and decimals with a comma. A message no rule matches is never shown in English on a
// Vietnamese page: the caller falls back to the kind of problem (see src/console/form.ts).
import type { ErrorCode } from '../errors';

export type MessageLang = 'vi' | 'en';

/** What each error code means, for a page that has nothing more precise to say. */
export const ERROR_MESSAGES: Record<ErrorCode, Record<MessageLang, string>> = {
  VALIDATION_FAILED: { vi: 'Dữ liệu chưa hợp lệ.', en: 'The data is not valid.' },
  BAD_JSON: { vi: 'Yêu cầu gửi lên không đọc được.', en: 'The request could not be read.' },
  GTIN_CHECK_DIGIT: { vi: 'Chữ số kiểm tra của mã GTIN không đúng.', en: 'The GTIN check digit is wrong.' },
  GLN_CHECK_DIGIT: { vi: 'Chữ số kiểm tra của mã GLN không đúng.', en: 'The GLN check digit is wrong.' },
  UNAUTHENTICATED: { vi: 'Hãy đăng nhập.', en: 'Sign in first.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You may not do this.' },
  NOT_FOUND: { vi: 'Không tìm thấy trang hoặc bản ghi này.', en: 'This page or record was not found.' },
  METHOD_NOT_ALLOWED: { vi: 'Thao tác này không được hỗ trợ ở đây.', en: 'This method is not allowed here.' },
  CONFLICT: {
    vi: 'Thay đổi xung đột với dữ liệu hiện có hoặc với một thay đổi khác; hãy tải lại trang và thử lại.',
    en: 'The change conflicts with the data or with another change; reload and try again.',
  },
  DUPLICATE: { vi: 'Đã có một bản ghi với giá trị này.', en: 'A record with this value already exists.' },
  IDEMPOTENCY_KEY_REUSED: {
    vi: 'Khóa chống gửi trùng đã được dùng cho một yêu cầu khác.',
    en: 'The Idempotency-Key was used for another request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    vi: 'Yêu cầu giống hệt đang được xử lý; hãy chờ giây lát.',
    en: 'The same request is still being processed; wait a moment.',
  },
  CHECK_RUN_IN_PROGRESS: {
    vi: 'Một lượt kiểm tra liên kết đang chạy; hãy xem kết quả khi nó xong rồi chạy lại nếu cần.',
    en: 'A link-check run is in progress; see its findings when it ends, and run again if needed.',
  },
  BATCH_SEALED: {
    vi: 'Lô sản xuất đã niêm phong, không sửa được nữa.',
    en: 'The batch is sealed and can no longer change.',
  },
  BATCH_NOT_SEALED: { vi: 'Lô sản xuất chưa được niêm phong.', en: 'The batch is not sealed yet.' },
  BATCH_SUPERSEDED: {
    vi: 'Lô sản xuất này đã được thay bằng một bản sửa.',
    en: 'This batch has been superseded by a correction.',
  },
  BATCH_RECALLED: { vi: 'Lô sản xuất này đang bị thu hồi.', en: 'This batch is recalled.' },
  HARVEST_OVERDRAWN: {
    vi: 'Lượng lấy vượt quá lượng còn lại của lô thu hoạch.',
    en: 'More is drawn than the harvest lot has left.',
  },
  BATCH_INCOMPLETE: {
    vi: 'Lô sản xuất còn thiếu thông tin bắt buộc để niêm phong.',
    en: 'The batch lacks what sealing requires.',
  },
  OCOP_RATING_INVALID: { vi: 'Xếp hạng OCOP không hợp lệ.', en: 'The OCOP rating is not valid.' },
  AREA_NOT_LINKED: {
    vi: 'Vùng nguyên liệu không thuộc hợp tác xã này và không có hợp đồng liên kết còn hiệu lực.',
    en: 'The area is neither the cooperative’s nor under a supply contract in force.',
  },
  LABEL_TEMPLATE_INVALID: { vi: 'Mẫu tem không hợp lệ.', en: 'The label template is not valid.' },
  LABEL_TEMPLATE_UNFIT: {
    vi: 'Mẫu tem không in được nội dung này (mã QR quá nhỏ hoặc các phần chồng lên nhau).',
    en: 'The label template cannot print this content.',
  },
  LABEL_GLYPH_MISSING: {
    vi: 'Phông chữ in tem thiếu một ký tự cần in.',
    en: 'The label font lacks a character to print.',
  },
  LABEL_INPUT_INVALID: { vi: 'Nội dung in lên tem không hợp lệ.', en: 'The label content is not valid.' },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    vi: 'Biểu mẫu gửi lên không đúng định dạng.',
    en: 'The request body is not in a format we accept.',
  },
  UNPROCESSABLE: { vi: 'Yêu cầu không thực hiện được.', en: 'The request cannot be carried out.' },
  RATE_LIMITED: { vi: 'Quá nhiều yêu cầu; hãy thử lại sau ít phút.', en: 'Too many requests; try again later.' },
  INTERNAL: { vi: 'Máy chủ gặp lỗi.', en: 'The server failed.' },
  NOT_READY: {
    vi: 'Cơ sở dữ liệu tạm thời gián đoạn. Hãy thử lại sau ít giây.',
    en: 'The database is temporarily unavailable. Try again in a few seconds.',
  },
};

/**
 * A rule's message in both languages. `{name}` is a parameter read back from the English message;
 * `{name:day}` a day (YYYY-MM-DD, dd/mm/yyyy in Vietnamese), `{name:num}` a number (a decimal
 * comma in Vietnamese), `{name:window}` a date window (windowWords in ./date-windows.ts).
 */
export interface FieldRule {
  en: string;
  vi: string;
}

const CHAR_AT = ' ({char} at character {pos:num})';
const CHAR_AT_VI = ' (ký tự {char} ở vị trí {pos})';

/** Every field rule, by a stable code. Earlier rules win when two would match the same message. */
export const FIELD_RULES = {
  // text (src/domain/text.ts, src/http/schemas.ts)
  required: { en: 'must not be empty', vi: 'Không được để trống' },
  tooLong: { en: 'must be at most {max:num} characters', vi: 'Dài tối đa {max} ký tự' },
  tooLongZod: { en: 'Too big: expected string to have <={max:num} characters', vi: 'Dài tối đa {max} ký tự' },
  tooShortZod: { en: 'Too small: expected string to have >={min:num} characters', vi: 'Cần ít nhất {min} ký tự' },
  loneSurrogate: {
    en: 'is not well-formed Unicode: a lone UTF-16 surrogate at character {pos:num}',
    vi: 'Có một ký tự bị hỏng (nửa cặp UTF-16) ở vị trí {pos}',
  },
  controlChar: {
    en: `must not contain control characters${CHAR_AT}`,
    vi: `Không được chứa ký tự điều khiển${CHAR_AT_VI}`,
  },
  bidiChar: {
    en: `must not contain bidirectional formatting characters${CHAR_AT}`,
    vi: `Không được chứa ký tự định hướng chữ viết${CHAR_AT_VI}`,
  },
  notOneLine: {
    en: `must be one line, without line breaks or tabs${CHAR_AT}`,
    vi: `Chỉ viết trên một dòng, không xuống dòng hay tab${CHAR_AT_VI}`,
  },
  lineSeparator: {
    en: `must use line feeds for line breaks${CHAR_AT}`,
    vi: `Chỉ xuống dòng bằng phím Enter${CHAR_AT_VI}`,
  },
  zeroWidth: {
    en: `must not contain zero-width characters${CHAR_AT}`,
    vi: `Không được chứa ký tự vô hình${CHAR_AT_VI}`,
  },
  // numbers and lists (zod's own messages)
  missing: { en: 'Invalid input: expected {type}, received undefined', vi: 'Không được để trống' },
  notNumber: { en: 'Invalid input: expected number, received {got}', vi: 'Hãy nhập một số, ví dụ 12,5' },
  notInteger: { en: 'Invalid input: expected int, received number', vi: 'Hãy nhập một số nguyên' },
  wrongType: { en: 'Invalid input: expected {type}, received {got}', vi: 'Sai kiểu dữ liệu' },
  atMost: { en: 'Too big: expected number to be <={max:num}', vi: 'Không được lớn hơn {max}' },
  below: { en: 'Too big: expected number to be <{max:num}', vi: 'Phải nhỏ hơn {max}' },
  atLeast: { en: 'Too small: expected number to be >={min:num}', vi: 'Không được nhỏ hơn {min}' },
  above: { en: 'Too small: expected number to be >{min:num}', vi: 'Phải lớn hơn {min}' },
  tooManyItems: { en: 'Too big: expected array to have <={max:num} items', vi: 'Tối đa {max} mục' },
  tooFewItems: { en: 'Too small: expected array to have >={min:num} items', vi: 'Cần ít nhất {min} mục' },
  oneOf: { en: 'must be one of: {options}', vi: 'Hãy chọn một giá trị trong danh sách' },
  notOption: { en: 'Invalid option: expected one of {options}', vi: 'Hãy chọn một giá trị trong danh sách' },
  notValue: { en: 'Invalid input: expected {value}', vi: 'Giá trị không hợp lệ' },
  unknownKey: { en: 'Unrecognized key: {key}', vi: 'Có trường không được chấp nhận: {key}' },
  unknownKeys: { en: 'Unrecognized keys: {keys}', vi: 'Có trường không được chấp nhận: {keys}' },
  onlyMe: { en: 'the only value is "me"', vi: 'Giá trị duy nhất được chấp nhận là "me"' },
  // dates (src/domain/date-windows.ts, src/http/schemas.ts)
  dateFormat: { en: 'must be a date written YYYY-MM-DD', vi: 'Hãy chọn một ngày hợp lệ' },
  instantFormat: { en: 'must be a date-time such as {example}', vi: 'Hãy nhập ngày giờ hợp lệ' },
  dayWindow: { en: 'must be a day {window:window}', vi: 'Phải là một ngày {window}' },
  instantWindow: {
    en: 'must fall on a day {window:window}, in Vietnam',
    vi: 'Phải rơi vào một ngày {window} (giờ Việt Nam)',
  },
  instantBetween: { en: 'must fall between {from:day} and {to:day}', vi: 'Phải trong khoảng từ {from} đến {to}' },
  notAfterToday: { en: 'must not be after today ({today:day})', vi: 'Không được sau hôm nay ({today})' },
  expiryBeforeProduction: {
    en: 'expiry must not be before production',
    vi: 'Hạn sử dụng không được trước ngày sản xuất',
  },
  packingBeforeProduction: {
    en: 'packing must not be before production',
    vi: 'Ngày đóng gói không được trước ngày sản xuất',
  },
  harvestAfterProduction: {
    en: 'harvested on {harvested:day}, after the production date {production:day}',
    vi: 'Thu hoạch ngày {harvested}, sau ngày sản xuất {production}',
  },
  validToBeforeFrom: {
    en: 'validTo must not be before validFrom',
    vi: 'Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực',
  },
  endsBeforeStarts: { en: 'endsOn must not be before startsOn', vi: 'Ngày kết thúc không được trước ngày bắt đầu' },
  toBeforeFrom: { en: 'to must not be before from', vi: 'Ngày kết thúc không được trước ngày bắt đầu' },
  fromAfterTo: { en: 'from must not be after to', vi: 'Ngày kết thúc không được trước ngày bắt đầu' },
  reportYears: { en: 'a report covers at most {years:num} years', vi: 'Một báo cáo tính tối đa {years} năm' },
  // identifiers (src/domain/identifiers.ts, src/http/schemas.ts, the routes' codes)
  gtinFormat: { en: 'a GTIN has 8, 12, 13 or 14 digits', vi: 'Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số' },
  gtinCheckDigit: {
    en: 'the GTIN check digit is wrong (GS1 mod-10)',
    vi: 'Chữ số kiểm tra (chữ số cuối) của mã GTIN không đúng: hãy xem lại mã',
  },
  gtinAllZero: { en: 'an all-zero GTIN names no trade item', vi: 'Mã GTIN toàn số 0 không chỉ sản phẩm nào' },
  gtinRestricted: {
    en: 'this is a restricted-circulation number (GS1 prefix 02, 04 or 2), valid only inside one company or country; use the trade item GTIN from GS1 Vietnam',
    vi: 'Đây là mã lưu hành nội bộ (đầu số GS1 02, 04 hoặc 2), chỉ dùng trong một công ty hoặc một nước; hãy dùng mã GTIN sản phẩm do GS1 Việt Nam cấp',
  },
  gtinCoupon: {
    en: 'GS1 prefixes 05, 980–984 and 99 are for coupons and refund receipts, not trade items',
    vi: 'Đầu số GS1 05, 980–984 và 99 dành cho phiếu giảm giá và phiếu hoàn tiền, không dùng cho sản phẩm',
  },
  glnFormat: { en: 'a GLN has 13 digits', vi: 'Mã địa điểm GLN gồm 13 chữ số' },
  glnCheckDigit: {
    en: 'the GLN check digit is wrong (GS1 mod-10)',
    vi: 'Chữ số kiểm tra (chữ số cuối) của mã GLN không đúng: hãy xem lại mã',
  },
  lotCodeFormat: {
    en: 'a lot code (GS1 AI 10) has 1–20 characters: letters, digits and !"%&\'()*+,-./:;<=>?_',
    vi: 'Số lô dài tối đa 20 ký tự: chữ không dấu, số và các dấu như - . / _ (không có dấu cách)',
  },
  areaCodeFormat: {
    en: 'a code has 1–40 letters, digits, dots, dashes or underscores',
    vi: 'Mã dài tối đa 40 ký tự: chữ không dấu, số và các dấu . - _ (không có dấu cách)',
  },
  phone: { en: 'must be a phone number', vi: 'Phải là một số điện thoại' },
  email: { en: 'must be an e-mail address', vi: 'Phải là một địa chỉ email' },
  url: { en: 'must be an http(s) URL', vi: 'Phải là một địa chỉ web bắt đầu bằng http:// hoặc https://' },
  // a buyer's webhook address (src/domain/webhook-address.ts)
  webhookUrl: { en: 'must be a URL', vi: 'Phải là một địa chỉ web, ví dụ https://ten-mien.vn/thong-bao' },
  webhookHttps: { en: 'must be an https URL', vi: 'Địa chỉ phải bắt đầu bằng https://' },
  webhookUserinfo: {
    en: 'must not carry a user name or password',
    vi: 'Địa chỉ không được chứa tên đăng nhập hay mật khẩu',
  },
  webhookPrivateIp: {
    en: 'must be a public address, not one on a private or local network',
    vi: 'Phải là địa chỉ công khai trên Internet, không phải địa chỉ trong mạng nội bộ',
  },
  webhookHostName: {
    en: 'must be a host name or a public IP address',
    vi: 'Phải là tên miền hoặc địa chỉ IP công khai',
  },
  webhookLocalName: {
    en: 'must be a public host name, not one of a local network',
    vi: 'Phải là tên miền công khai, không phải tên trong mạng nội bộ',
  },
  uuid: { en: 'must be a UUID', vi: 'Hãy chọn một mục trong danh sách' },
  cursor: { en: 'must be the nextCursor of a previous page', vi: 'Vị trí trang không hợp lệ' },
  // stamps and print runs
  serialOfRun: { en: 'must be a stamp serial of this run', vi: 'Phải là một số tem của đợt in này' },
  serialNotInRun: { en: 'this serial is not in the run', vi: 'Số tem này không thuộc đợt in' },
  rangeReversed: {
    en: 'comes before fromSerial in the run',
    vi: 'Số tem cuối đứng trước số tem đầu trong đợt in',
  },
  // records that must exist or be of a kind
  noOrganization: { en: 'no organization has this id', vi: 'Không có đơn vị nào như vậy' },
  noOrganizationId: { en: 'no organization has the id {id}', vi: 'Không có đơn vị nào với mã {id}' },
  noArea: { en: 'no area has this id', vi: 'Không có vùng nguyên liệu nào như vậy' },
  noAreaId: { en: 'no area has the id {id}', vi: 'Không có vùng nguyên liệu nào với mã {id}' },
  noProductId: { en: 'no product has the id {id}', vi: 'Không có sản phẩm nào với mã {id}' },
  noBatch: { en: 'no batch has this id', vi: 'Không có lô sản xuất nào như vậy' },
  noHarvestLot: { en: 'no harvest lot has this id', vi: 'Không có lô thu hoạch nào như vậy của hợp tác xã này' },
  producerKind: {
    en: 'must be a cooperative, group or enterprise',
    vi: 'Phải là hợp tác xã, tổ hợp tác hoặc doanh nghiệp',
  },
  parentKind: { en: 'the parent must be an association unit', vi: 'Đơn vị cấp trên phải là một đơn vị Hội' },
  ownParent: { en: 'an organization cannot be its own parent', vi: 'Một đơn vị không thể là cấp trên của chính nó' },
  associationLevel: {
    en: 'an association unit needs a level: province, district or commune',
    vi: 'Đơn vị Hội cần có cấp: tỉnh, huyện hoặc xã',
  },
  levelOnlyAssociation: { en: 'only association units have a level', vi: 'Chỉ đơn vị Hội mới có cấp' },
  leadKind: {
    en: 'the lead must be a cooperative, group or enterprise',
    vi: 'Đơn vị chủ trì phải là hợp tác xã, tổ hợp tác hoặc doanh nghiệp',
  },
  userOrganization: {
    en: 'a cooperative user names its organization; admin and staff users do not',
    vi: 'Tài khoản hợp tác xã cần chọn đơn vị; tài khoản quản trị và cán bộ thì không',
  },
  keyOrganization: {
    en: 'a cooperative key names its organization; admin and staff keys do not',
    vi: 'Khóa của hợp tác xã cần chọn đơn vị; khóa quản trị và cán bộ thì không',
  },
  usernameTaken: { en: 'this username is taken', vi: 'Tên đăng nhập này đã có người dùng' },
  adminNamesCooperative: {
    en: 'an admin key must say which cooperative harvested',
    vi: 'Hãy chọn hợp tác xã đã thu hoạch',
  },
  // batches, harvests, OCOP, places
  lotOnce: {
    en: 'each harvest lot may appear once; add the quantities together',
    vi: 'Mỗi lô thu hoạch chỉ ghi một lần; hãy cộng dồn khối lượng',
  },
  correctionKeepsProduct: {
    en: 'a correction keeps the product of the batch it corrects',
    vi: 'Bản sửa phải giữ sản phẩm của lô sản xuất được sửa',
  },
  eventPlace: {
    en: 'name the place: either placeOrganizationId or placeAreaId',
    vi: 'Hãy chọn nơi thực hiện: một đơn vị hoặc một vùng nguyên liệu',
  },
  fiveStarsCentral: {
    en: '5★ ratings are recognised at the central level',
    vi: 'Xếp hạng 5 sao do cấp trung ương công nhận',
  },
  minInputPerOutput: {
    en: 'must not be below minInputPerOutput',
    vi: 'Không được nhỏ hơn mức tối thiểu',
  },
  longitude: { en: 'longitude {value:num} is outside -180…180', vi: 'Kinh độ {value} nằm ngoài khoảng -180…180' },
  latitude: { en: 'latitude {value:num} is outside -90…90', vi: 'Vĩ độ {value} nằm ngoài khoảng -90…90' },
  ringTooShort: {
    en: 'a polygon ring needs at least four positions',
    vi: 'Một vòng ranh giới cần ít nhất bốn điểm',
  },
  ringNotClosed: {
    en: 'a polygon ring must be closed (last position equal to the first)',
    vi: 'Vòng ranh giới phải khép kín (điểm cuối trùng điểm đầu)',
  },
  traceStart: {
    en: 'name exactly one starting point: serial, batchId, or gtin with lot',
    vi: 'Hãy nhập đúng một điểm bắt đầu: số tem, lô sản xuất, hoặc mã GTIN cùng số lô',
  },
  gtinWithLot: {
    en: 'gtin and lot go together: the lot code names a batch of one product',
    vi: 'Mã GTIN và số lô đi cùng nhau: số lô chỉ một lô sản xuất của một sản phẩm',
  },
  traceForwardStart: {
    en: 'name exactly one starting point: areaId or harvestLotId',
    vi: 'Hãy chọn đúng một điểm bắt đầu: vùng nguyên liệu hoặc lô thu hoạch',
  },
  rangeForArea: {
    en: 'a date range applies to an area, not to one harvest lot',
    vi: 'Khoảng ngày chỉ dùng cho một vùng, không dùng cho một lô thu hoạch',
  },
  // refusals of a whole form (the handlers' and the stores' messages)
  contractNotPending: {
    en: 'This contract is {status}; only a pending contract is {action}',
    vi: 'Hợp đồng này đã được xử lý: chỉ hợp đồng đang chờ xác nhận mới được xác nhận, từ chối hoặc rút lại',
  },
  contractNotConfirmed: {
    en: 'This contract is {status}; only a confirmed contract is ended',
    vi: 'Chỉ hợp đồng đã được xác nhận mới chấm dứt được',
  },
  contractClosed: {
    en: 'This contract is {status}; record a new one instead',
    vi: 'Hợp đồng này không thay đổi được nữa; hãy ghi một hợp đồng mới',
  },
  recallLifted: { en: 'This recall has already been lifted', vi: 'Lệnh thu hồi này đã được dỡ bỏ' },
  ownAccount: { en: 'You cannot disable your own account', vi: 'Bạn không thể tự khóa tài khoản của mình' },
  collided: {
    en: 'The change collided with a concurrent one; retry it',
    vi: 'Thay đổi trùng lúc với một thay đổi khác; hãy thử lại',
  },
  referenced: {
    en: 'A referenced record does not exist or is still referenced',
    vi: 'Bản ghi liên quan không tồn tại hoặc vẫn đang được dùng',
  },
  duplicateValue: { en: 'A record with the same unique value already exists', vi: 'Đã có một bản ghi với giá trị này' },
  duplicateLot: {
    en: 'The product already has a batch with lot code {lot}',
    vi: 'Sản phẩm này đã có lô sản xuất với số lô {lot}',
  },
  batchAlreadySealed: { en: 'This batch is already sealed', vi: 'Lô sản xuất này đã được niêm phong' },
  batchSealedNoDelete: {
    en: 'This batch is sealed and cannot be deleted; record a correction instead',
    vi: 'Lô sản xuất đã niêm phong nên không xóa được; hãy ghi một bản sửa',
  },
  batchSealedEvents: {
    en: 'This batch is sealed; its events cannot change',
    vi: 'Lô sản xuất đã niêm phong; các công đoạn không sửa được nữa',
  },
  batchSealedCorrect: {
    en: 'This batch is sealed; record a correction instead',
    vi: 'Lô sản xuất đã niêm phong; hãy ghi một bản sửa',
  },
  batchCorrectedPrint: {
    en: 'This batch was corrected; print for its newest version',
    vi: 'Lô sản xuất này đã được sửa; hãy in tem cho phiên bản mới nhất',
  },
  versionCorrected: {
    en: 'This version has already been corrected; correct the newest version',
    vi: 'Phiên bản này đã được sửa; hãy sửa phiên bản mới nhất',
  },
  batchUnderRecall: { en: 'This batch is already under recall', vi: 'Lô sản xuất này đang bị thu hồi' },
  batchRecalledNoPrint: {
    en: 'This batch is under recall; no stamps can be printed for it',
    vi: 'Lô sản xuất đang bị thu hồi; không in tem được',
  },
  batchNeedsInput: {
    en: 'A batch needs at least one harvest lot as input before it can be sealed',
    vi: 'Lô sản xuất cần ít nhất một lô thu hoạch làm nguyên liệu trước khi niêm phong',
  },
  // association activities, courses and people (src/http/routes/activities.ts, courses.ts, people.ts)
  programmePeriodDay: {
    en: 'must be a day of the programme period, {first:day} to {last:day}',
    vi: 'Phải là một ngày trong thời gian thực hiện Đề án, từ {first} đến {last}',
  },
  notInUnitArea: { en: "is not in the unit's area", vi: 'Không thuộc địa bàn của đơn vị Hội này' },
  notInOrganiserArea: {
    en: "is not in the organiser's area",
    vi: 'Không thuộc địa bàn của đơn vị tổ chức lớp',
  },
  officerInUnit: {
    en: 'an association officer belongs to an association unit',
    vi: 'Cán bộ Hội phải thuộc một đơn vị Hội Nông dân',
  },
  directorInProducer: {
    en: 'a director or group leader belongs to a cooperative, cooperative group or farmer professional group',
    vi: 'Giám đốc, tổ trưởng phải thuộc một hợp tác xã, tổ hợp tác hoặc chi, tổ hội nghề nghiệp',
  },
  personTwice: { en: 'a person is named twice', vi: 'Một người được chọn hai lần' },
  organizationTwice: { en: 'an organization is named twice', vi: 'Một tổ chức được chọn hai lần' },
  noPerson: { en: 'no person has this id', vi: 'Không có người nào với mã này' },
  activeToBeforeFrom: {
    en: 'activeTo must not be before activeFrom',
    vi: 'Ngày thôi giữ chức không được trước ngày bắt đầu',
  },
  otherTopicWords: {
    en: 'topicOther says what an "other" course was about, and only then',
    vi: 'Ghi rõ chủ đề khi chọn “Chủ đề khác”, và chỉ khi đó',
  },
  organizationIsRequired: { en: 'is required', vi: 'Không được để trống' },
} as const satisfies Record<string, FieldRule>;

export type FieldRuleCode = keyof typeof FIELD_RULES;

/** A date window's words (windowWords in ./date-windows.ts), English to Vietnamese. */
const WINDOWS: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^between (\d{4}-\d{2}-\d{2}) and today \(today is (\d{4}-\d{2}-\d{2})\)$/,
    (m) => `từ ${dayVi(m[1]!)} đến hôm nay (${dayVi(m[2]!)})`,
  ],
  [
    /^between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2}) \(a year from today\)$/,
    (m) => `từ ${dayVi(m[1]!)} đến ${dayVi(m[2]!)} (một năm kể từ hôm nay)`,
  ],
  [
    /^between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2}) \((\d+) years from today\)$/,
    (m) => `từ ${dayVi(m[1]!)} đến ${dayVi(m[2]!)} (${m[3]} năm kể từ hôm nay)`,
  ],
  [/^between (\d{4}-\d{2}-\d{2}) and today$/, (m) => `từ ${dayVi(m[1]!)} đến hôm nay`],
  [/^between (\d{4}-\d{2}-\d{2}) and a year from today$/, (m) => `từ ${dayVi(m[1]!)} đến một năm kể từ hôm nay`],
  [
    /^between (\d{4}-\d{2}-\d{2}) and (\d+) years from today$/,
    (m) => `từ ${dayVi(m[1]!)} đến ${m[2]} năm kể từ hôm nay`,
  ],
  [/^between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})$/, (m) => `từ ${dayVi(m[1]!)} đến ${dayVi(m[2]!)}`],
];

/** A calendar day YYYY-MM-DD as dd/mm/yyyy; anything else unchanged. */
export function dayVi(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** A number with a decimal comma and dot-grouped thousands (1.234,5), as Vietnamese writes it. */
export function numberVi(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = Math.abs(n)
    .toFixed(digits)
    .replace(/\.?0+$/, '')
    .split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;
const PARAM_PATTERN: Record<string, string> = {
  day: '(\\d{4}-\\d{2}-\\d{2})',
  num: '(-?\\d+(?:\\.\\d+)?)',
  window: '(between .+)',
};

interface Compiled {
  rule: FieldRuleCode;
  re: RegExp;
  params: { name: string; kind: string }[];
}

const COMPILED: Compiled[] = Object.entries(FIELD_RULES).map(([rule, { en }]) => {
  const params: Compiled['params'] = [];
  let source = '';
  let last = 0;
  for (const m of en.matchAll(PLACEHOLDER)) {
    source += escapeRe(en.slice(last, m.index));
    const kind = m[2] ?? 'text';
    source += PARAM_PATTERN[kind] ?? '(.+?)';
    params.push({ name: m[1]!, kind });
    last = m.index + m[0].length;
  }
  source += escapeRe(en.slice(last));
  return { rule: rule as FieldRuleCode, re: new RegExp(`^${source}$`), params };
});

export interface RuleMatch {
  rule: FieldRuleCode;
  params: Record<string, string>;
}

/** The rule an English message states, with its parameters as written; null for a message no rule states. */
export function ruleOf(message: string): RuleMatch | null {
  for (const c of COMPILED) {
    const m = c.re.exec(message);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.params.forEach((p, i) => {
      params[p.name] = m[i + 1]!;
    });
    if (c.params.some((p) => p.kind === 'window' && !WINDOWS.some(([re]) => re.test(params[p.name]!)))) continue;
    return { rule: c.rule, params };
  }
  return null;
}

/** A rule's message in a language, its parameters written as that language writes them. */
export function ruleMessage(lang: MessageLang, rule: FieldRuleCode, params: Record<string, string> = {}): string {
  const template = FIELD_RULES[rule][lang];
  const kinds = new Map(COMPILED.find((c) => c.rule === rule)!.params.map((p) => [p.name, p.kind]));
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (lang === 'en') return v;
    const kind = kinds.get(name);
    if (kind === 'day') return dayVi(v);
    if (kind === 'num') return numberVi(Number(v));
    if (kind === 'window') {
      for (const [re, to] of WINDOWS) {
        const m = re.exec(v);
        if (m) return to(m);
      }
    }
    return v;
  });
}

/** An English message (as the API gives it) in a language; null when no rule of the catalogue states it. */
export function translateMessage(lang: MessageLang, message: string): string | null {
  const m = ruleOf(message);
  return m ? ruleMessage(lang, m.rule, m.params) : null;
}

/**
 * The fixed English words of the catalogue (each message up to its first parameter, when long
 * enough to be telling): what a Vietnamese page must never show.
 */
export function englishCatalogue(): string[] {
  const out = new Set<string>();
  for (const { en } of Object.values(ERROR_MESSAGES)) out.add(en);
  for (const { en } of Object.values(FIELD_RULES)) {
    const head = en.split('{')[0]!.trim();
    if (head.length >= 12) out.add(head);
  }
  return [...out];
}
