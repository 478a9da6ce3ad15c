// Page language: Vietnamese first, English on ?lang=en or when the browser prefers it.
export type Lang = 'vi' | 'en';

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'vi') return query;
  if (!acceptLanguage) return 'vi';
  // the first listed language decides; q-values are rarely used by phones
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

const DATE_VI = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Asia/Ho_Chi_Minh',
});
const DATE_EN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Asia/Ho_Chi_Minh',
});
const TIME_VI = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Ho_Chi_Minh',
});
const TIME_EN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Ho_Chi_Minh',
});

/** YYYY-MM-DD (a calendar day) or an instant, shown in Vietnam's time zone. */
export function formatDate(lang: Lang, value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00+07:00`)
      : new Date(value);
  return (lang === 'vi' ? DATE_VI : DATE_EN).format(d);
}

export function formatTime(lang: Lang, value: string | Date): string {
  return (lang === 'vi' ? TIME_VI : TIME_EN).format(new Date(value));
}

const NUMBER = new Map<string, Intl.NumberFormat>();

export function formatNumber(lang: Lang, n: number, digits = 2): string {
  // Intl formatters are costly to build: one per language and precision, reused.
  const key = `${lang}${digits}`;
  let f = NUMBER.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
    NUMBER.set(key, f);
  }
  return f.format(n);
}

/** Every fixed text of the public pages, in both languages. */
export const T = {
  vi: {
    site: 'Truy xuất nguồn gốc sản phẩm OCOP',
    switchTo: 'English',
    skip: 'Bỏ qua, tới nội dung chính',
    verdict: {
      genuine: 'Tem chính hãng, đang lưu hành',
      genuineHint: 'Tem này do hợp tác xã phát hành và đã được kích hoạt.',
      scannedOften: 'Cảnh báo: tem này đã được quét nhiều lần',
      scannedOftenHint:
        'Tem do hợp tác xã phát hành nhưng đã được quét quá nhiều lần hoặc từ lâu: có thể tem đã bị sao chép sang hàng giả. Nếu bạn vừa mua sản phẩm, hãy cẩn trọng.',
      notActivated: 'Tem chính hãng nhưng chưa được kích hoạt',
      notActivatedHint:
        'Tem đã được in nhưng hợp tác xã chưa kích hoạt. Nếu sản phẩm đang bày bán, hãy hỏi người bán hoặc báo cho chúng tôi.',
      void: 'Tem đã bị hủy',
      voidHint: 'Tem này đã bị hợp tác xã hủy (tờ tem hỏng hoặc thất lạc). Sản phẩm mang tem này không được bảo đảm.',
      recalled: 'Sản phẩm đang bị thu hồi',
      recalledHint: 'Lô sản xuất này đã bị thu hồi. Không sử dụng sản phẩm; liên hệ nơi bán để được đổi trả.',
      unknown: 'Không tìm thấy — có thể là hàng giả',
      unknownHint:
        'Số tem này không có trong hệ thống cho sản phẩm này. Hãy cẩn trọng và báo cho chúng tôi nếu nghi ngờ hàng giả.',
      mistyped: 'Số tem bị nhập sai',
      mistypedHint:
        'Ký tự kiểm tra của số tem không khớp: có thể một ký tự đã bị gõ nhầm. Hãy quét lại mã QR hoặc nhập lại cẩn thận.',
      otherProduct: 'Tem không thuộc về sản phẩm này',
      otherProductHint:
        'Số tem này có thật nhưng được cấp cho một sản phẩm hoặc lô sản xuất khác. Tem thật không bao giờ được chuyển sang sản phẩm khác: rất có thể tem đã bị sao chép. Đừng tin vào sản phẩm này và hãy báo cho chúng tôi.',
    },
    product: 'Sản phẩm',
    ocop: 'Xếp hạng OCOP',
    stars: (n: number) => `${n} sao`,
    decision: 'Quyết định',
    issuedBy: { province: 'cấp tỉnh', central: 'cấp trung ương', district: 'cấp huyện (trước đây)' },
    decisionDate: 'ngày',
    validUntil: 'Hiệu lực đến',
    ratingExpired: 'Xếp hạng đã hết hiệu lực',
    noRating: 'Chưa có xếp hạng OCOP còn hiệu lực',
    cooperative: 'Chủ thể sản xuất',
    address: 'Địa chỉ',
    contact: 'Liên hệ',
    areas: 'Vùng nguyên liệu',
    hectares: 'ha',
    certifications: 'Chứng nhận tại thời điểm thu hoạch',
    noCertifications: 'Không có chứng nhận còn hiệu lực',
    openMap: 'Xem bản đồ',
    harvested: 'Thu hoạch',
    model: 'Mô hình liên kết chuỗi giá trị',
    batch: 'Lô sản xuất',
    lot: 'Số lô',
    productionDate: 'Ngày sản xuất',
    expiryDate: 'Hạn sử dụng',
    quantity: 'Sản lượng',
    timeline: 'Quá trình sản xuất',
    standards: 'Tiêu chuẩn áp dụng',
    tests: 'Kết quả kiểm nghiệm',
    signature: 'Chữ ký số của hồ sơ',
    signatureValid: 'Hợp lệ',
    signatureInvalid: 'Không hợp lệ',
    signatureProves: (coop: string, at: string) =>
      `Hồ sơ lô sản xuất này do ${coop} ký số lúc ${at} và chưa bị sửa đổi kể từ đó.`,
    signatureBroken: 'Hồ sơ này không khớp với chữ ký số: có thể đã bị sửa đổi sau khi ký.',
    signatureScope:
      'Chữ ký chỉ cho biết hồ sơ là của hợp tác xã và còn nguyên vẹn; nó không cho biết con tem bạn đang cầm có đáng tin hay không. Điều đó xem ở kết luận đầu trang.',
    passportLine: (version: number, recalled: boolean) =>
      `Hộ chiếu số sản phẩm (DPP), phiên bản ${version}: ${recalled ? 'đã bị thu hồi vì lô đang bị thu hồi' : 'còn hiệu lực'}.`,
    passportSuperseded: (from: number) => ` Phiên bản ${from} trước đó đã được thay thế, không còn hiệu lực.`,
    passportLinks: 'Xem hộ chiếu số (DPP) · sự kiện truy xuất (DTE), dạng máy đọc',
    technical: 'Thông tin kỹ thuật',
    technicalHint: 'Dành cho người muốn tự kiểm tra. Không cần đọc phần này để biết tem thật hay giả.',
    keyId: 'Mã khóa ký (định danh khóa công khai dùng để ký hồ sơ)',
    sealedBy: 'Tài khoản đã ký hồ sơ (trong hệ thống)',
    record: 'Hồ sơ đã ký, dạng máy đọc (JWS)',
    jwks: 'Danh sách khóa công khai để kiểm tra chữ ký (JWKS)',
    gtin: 'Mã sản phẩm GS1 (GTIN)',
    serialCode: 'Số tem (in dưới mã QR)',
    stepCodes: 'Mã GS1 của các bước sản xuất (mã sản phẩm · mã địa điểm)',
    batchId: 'Mã nội bộ của lô sản xuất',
    shops: 'Mua trực tuyến',
    shopsHint: 'Các gian hàng chính thức của chủ thể sản xuất.',
    producer: 'Nhà sản xuất',
    reportJump: 'Báo cáo nghi ngờ hàng giả',
    reportJumpHint: 'Thấy điều gì bất thường?',
    shareWhy:
      'Nếu bạn đồng ý, vị trí gần đúng (khoảng 1 km) của lần quét này giúp hợp tác xã và Hội Nông dân phát hiện hàng giả bị bán ở nơi khác. Không lưu vị trí chính xác.',
    share: 'Chia sẻ vị trí gần đúng',
    shareDone: 'Cảm ơn bạn.',
    coordinates: 'Tọa độ',
    north: 'B',
    south: 'N',
    east: 'Đ',
    west: 'T',
    scans: 'Lịch sử quét',
    scannedTimes: (n: number) => `Tem này đã được quét ${n} lần`,
    firstScanned: 'lần đầu',
    report: 'Báo cáo nghi ngờ hàng giả',
    reportText: 'Mô tả (nơi mua, điều bất thường)',
    reportContact: 'Số điện thoại hoặc email (không bắt buộc)',
    reportSend: 'Gửi báo cáo',
    reportThanks: 'Cảm ơn bạn. Cán bộ Hội Nông dân sẽ xem xét báo cáo.',
    recall: 'Thông báo thu hồi',
    recallReason: 'Lý do',
    recallAuthority: 'Cơ quan',
    recallDate: 'Ngày thu hồi',
    corrected: 'Hồ sơ lô sản xuất đã được đính chính',
    correctedReason: 'Lý do đính chính',
    serial: 'Số tem',
    notFoundTitle: 'Không tìm thấy',
    badRequest: 'Mã không hợp lệ',
    unavailableTitle: 'Tạm thời gián đoạn',
    unavailable: 'Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít giây (quét lại mã hoặc tải lại trang).',
    limitedTitle: 'Quá nhiều lượt kiểm tra',
    limited: (wait: string) =>
      `Mạng bạn đang dùng vừa kiểm tra quá nhiều mã trong thời gian ngắn, nên tạm thời chưa kiểm tra được tem này. Vui lòng thử lại sau ${wait}. Nếu bạn đang dùng Wi-Fi chung (chợ, quán, trường học), hãy thử bằng dữ liệu di động.`,
    waitSeconds: (n: number) => `${n} giây`,
    waitMinutes: (n: number) => ['khoảng', n, 'phút'].join(' '),
    models: 'Các mô hình liên kết chuỗi giá trị',
  },
  en: {
    site: 'OCOP product traceability',
    switchTo: 'Tiếng Việt',
    skip: 'Skip to main content',
    verdict: {
      genuine: 'Genuine stamp, active',
      genuineHint: 'This stamp was issued by the cooperative and has been activated.',
      scannedOften: 'Warning: this stamp has been scanned many times',
      scannedOftenHint:
        'The cooperative issued this stamp, but it has been scanned too often or for too long: it may have been copied onto fakes. If you just bought this product, be careful.',
      notActivated: 'Genuine stamp, not yet activated',
      notActivatedHint:
        'The stamp was printed but the cooperative has not activated it yet. If the product is on sale, ask the seller or tell us.',
      void: 'Cancelled stamp',
      voidHint:
        'The cooperative cancelled this stamp (a damaged or lost sheet). A product carrying it is not vouched for.',
      recalled: 'This product is being recalled',
      recalledHint: 'This batch has been recalled. Do not use the product; return it where you bought it.',
      unknown: 'Not found — possibly counterfeit',
      unknownHint: 'This stamp code is not on record for this product. Be careful, and tell us if you suspect a fake.',
      mistyped: 'Stamp code mistyped',
      mistypedHint:
        'The check character does not match: one character was probably typed wrong. Scan the QR code again or retype carefully.',
      otherProduct: 'This stamp does not belong to this product',
      otherProductHint:
        'This stamp code is real, but it was issued for a different product or lot. Genuine stamps are never moved between products: it was most likely copied. Do not rely on this product, and please report it.',
    },
    product: 'Product',
    ocop: 'OCOP rating',
    stars: (n: number) => `${n} star${n === 1 ? '' : 's'}`,
    decision: 'Decision',
    issuedBy: { province: 'provincial level', central: 'central level', district: 'district level (former)' },
    decisionDate: 'of',
    validUntil: 'Valid until',
    ratingExpired: 'Rating expired',
    noRating: 'No valid OCOP rating',
    cooperative: 'Producer',
    address: 'Address',
    contact: 'Contact',
    areas: 'Raw-material areas',
    hectares: 'ha',
    certifications: 'Certifications valid at harvest',
    noCertifications: 'No valid certification',
    openMap: 'Open map',
    harvested: 'Harvested',
    model: 'Value-chain model',
    batch: 'Production batch',
    lot: 'Lot',
    productionDate: 'Production date',
    expiryDate: 'Best before',
    quantity: 'Quantity',
    timeline: 'Production steps',
    standards: 'Standards applied',
    tests: 'Test results',
    signature: 'Digital signature of the record',
    signatureValid: 'Valid',
    signatureInvalid: 'Not valid',
    signatureProves: (coop: string, at: string) =>
      `This batch record was digitally signed by ${coop} on ${at} and has not been changed since.`,
    signatureBroken: 'This record does not match its digital signature: it may have been changed after signing.',
    signatureScope:
      'The signature only shows that the record is the cooperative’s and unchanged; it does not tell whether the stamp in your hand can be trusted. The verdict at the top of the page does.',
    passportLine: (version: number, recalled: boolean) =>
      `Digital product passport (DPP), version ${version}: ${recalled ? 'revoked, because the batch is recalled' : 'valid'}.`,
    passportSuperseded: (from: number) => ` The earlier version ${from} was replaced and is no longer valid.`,
    passportLinks: 'View the passport (DPP) · traceability events (DTE), machine-readable',
    technical: 'Technical details',
    technicalHint:
      'For those who want to check for themselves. You do not need this to tell a genuine stamp from a fake.',
    keyId: 'Signing key id (names the public key that signed the record)',
    sealedBy: 'Account that signed the record (in this system)',
    record: 'Signed record, machine-readable (JWS)',
    jwks: 'Public keys to check the signature (JWKS)',
    gtin: 'GS1 product code (GTIN)',
    serialCode: 'Stamp serial (printed under the QR code)',
    stepCodes: 'GS1 codes of the production steps (product code · location code)',
    batchId: 'Internal id of the batch',
    shops: 'Buy online',
    shopsHint: 'The producer’s official shops.',
    producer: 'Producer',
    reportJump: 'Report a suspected fake',
    reportJumpHint: 'Something looks wrong?',
    shareWhy:
      'If you agree, the approximate location (about 1 km) of this scan helps the cooperative and the Farmers’ Association spot fakes sold elsewhere. The exact location is not stored.',
    share: 'Share my approximate location',
    shareDone: 'Thank you.',
    coordinates: 'Coordinates',
    north: 'N',
    south: 'S',
    east: 'E',
    west: 'W',
    scans: 'Scan history',
    scannedTimes: (n: number) => `This stamp has been scanned ${n} time${n === 1 ? '' : 's'}`,
    firstScanned: 'first on',
    report: 'Report a suspected fake',
    reportText: 'What happened (where you bought it, what looks wrong)',
    reportContact: 'Phone or e-mail (optional)',
    reportSend: 'Send report',
    reportThanks: 'Thank you. Farmers’ Association staff will look into your report.',
    recall: 'Recall notice',
    recallReason: 'Reason',
    recallAuthority: 'Authority',
    recallDate: 'Recalled on',
    corrected: 'The batch record was corrected',
    correctedReason: 'Reason for the correction',
    serial: 'Stamp serial',
    notFoundTitle: 'Not found',
    badRequest: 'Invalid code',
    unavailableTitle: 'Temporarily unavailable',
    unavailable: 'The service is temporarily unavailable. Please try again in a few seconds (scan again or reload).',
    limitedTitle: 'Too many checks',
    limited: (wait: string) =>
      `Too many codes were checked from your network in a short time, so this stamp cannot be checked just now. Please try again in ${wait}. If you are on shared Wi-Fi (a market, a café, a school), try mobile data instead.`,
    waitSeconds: (n: number) => `${n} second${n === 1 ? '' : 's'}`,
    waitMinutes: (n: number) => `about ${n} minute${n === 1 ? '' : 's'}`,
    models: 'Value-chain models',
  },
} as const;

export const EVENT_NAMES: Record<Lang, Record<string, string>> = {
  vi: {
    harvesting: 'Thu hoạch',
    receiving: 'Tiếp nhận',
    drying: 'Phơi, sấy',
    processing: 'Chế biến',
    packing: 'Đóng gói',
    inspection: 'Kiểm tra',
    shipping: 'Vận chuyển',
    other: 'Khác',
  },
  en: {
    harvesting: 'Harvesting',
    receiving: 'Receiving',
    drying: 'Drying',
    processing: 'Processing',
    packing: 'Packing',
    inspection: 'Inspection',
    shipping: 'Shipping',
    other: 'Other',
  },
};

/** Certification schemes by language (SCHEME_NAMES is the older language-neutral list). */
export const SCHEME_LABELS: Record<Lang, Record<string, string>> = {
  vi: { vietgap: 'VietGAP', organic: 'Hữu cơ', globalgap: 'GlobalGAP', other: '' },
  en: { vietgap: 'VietGAP', organic: 'Organic', globalgap: 'GlobalGAP', other: '' },
};

/**
 * A point as degrees with hemisphere letters, in the page's number format: "21,0285° B, 105,8542° Đ"
 * in Vietnamese, "21.0285° N, 105.8542° E" in English. The comma between the two never reads as a decimal.
 */
export function formatLatLon(lang: Lang, lat: number, lon: number): string {
  const t = T[lang];
  const deg = (n: number) => `${formatNumber(lang, Math.abs(n), 4)}°`;
  return `${deg(lat)} ${lat < 0 ? t.south : t.north}, ${deg(lon)} ${lon < 0 ? t.west : t.east}`;
}

export const SCHEME_NAMES: Record<string, string> = {
  vietgap: 'VietGAP',
  organic: 'Hữu cơ',
  globalgap: 'GlobalGAP',
  other: '',
};
