// A finding's facts as staff read them: each stored fact (src/checks/rules/*) under a label in
// the page's language, with its unit, and dates, times and numbers in that language's form
// (dd/mm/yyyy, HH:mm, comma decimals in Vietnamese). Units stored beside a quantity
// (unit, inputUnit, outputUnit) are shown with it rather than on their own line.
import type { Lang } from '../../pages/i18n';
import { formatDate, formatNumber, formatTime } from '../../pages/i18n';
import { UNIT_NAMES } from '../texts/common';

type Facts = Record<string, unknown>;
type Bi = Record<Lang, string>;

/** How one fact is shown: its label and its value's text (null: not shown). */
interface FactSpec {
  label: Bi;
  show: (v: unknown, lang: Lang, facts: Facts) => string | null;
}

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);

const NONE: Bi = { vi: 'không có', en: 'none' };

const num = (v: unknown, lang: Lang, digits = 3) =>
  typeof v === 'number' ? formatNumber(lang, v, digits) : v === null || v === undefined ? NONE[lang] : String(v);

/** A unit code as a word ("litre" → "lít"). */
export function unitName(lang: Lang, unit: unknown): string {
  return typeof unit === 'string' ? (UNIT_NAMES[lang][unit] ?? unit) : '';
}

const day = (v: unknown, lang: Lang) => (isDay(v) || isInstant(v) ? formatDate(lang, v) : v ? String(v) : NONE[lang]);
const time = (v: unknown, lang: Lang) => (isInstant(v) ? formatTime(lang, v) : v ? String(v) : NONE[lang]);
const text = (v: unknown, lang: Lang) => (v === null || v === undefined || v === '' ? NONE[lang] : String(v));
const list = (v: unknown, lang: Lang, name: (x: unknown) => string = (x) => String(x)) =>
  Array.isArray(v) ? (v.length ? v.map(name).join(', ') : NONE[lang]) : text(v, lang);

/** A count with its noun: "13 lượt", "2 tem". */
const counted =
  (noun: Bi) =>
  (v: unknown, lang: Lang): string =>
    typeof v === 'number' ? `${formatNumber(lang, v, 0)} ${noun[lang]}` : text(v, lang);

/** A quantity with the unit stored in another fact. */
const quantity =
  (unitKey: string) =>
  (v: unknown, lang: Lang, facts: Facts): string =>
    `${num(v, lang)} ${unitName(lang, facts[unitKey])}`.trim();

const hidden = { label: { vi: '', en: '' }, show: () => null } satisfies FactSpec;

const VERDICTS: Record<Lang, Record<string, string>> = {
  vi: {
    genuine: 'tem chính hãng, đang lưu hành',
    not_activated: 'tem chưa được kích hoạt',
    void: 'tem đã bị hủy',
    recalled: 'sản phẩm đã bị thu hồi',
    unknown: 'số tem không có trong hệ thống',
    mistyped: 'số tem bị gõ sai',
    other_product: 'tem của sản phẩm khác',
  },
  en: {
    genuine: 'genuine stamp, active',
    not_activated: 'stamp not activated',
    void: 'stamp void',
    recalled: 'product recalled',
    unknown: 'stamp number unknown to the system',
    mistyped: 'stamp number mistyped',
    other_product: 'stamp of another product',
  },
};

const CONTRACT_STATUS: Record<Lang, Record<string, string>> = {
  vi: { pending: 'đang chờ xác nhận', rejected: 'đã bị từ chối', withdrawn: 'đã bị rút lại', confirmed: 'đã xác nhận' },
  en: { pending: 'waiting for confirmation', rejected: 'rejected', withdrawn: 'withdrawn', confirmed: 'confirmed' },
};

const MODEL_STATUS: Record<Lang, Record<string, string>> = {
  vi: { planning: 'đang xây dựng', active: 'đang hoạt động', suspended: 'tạm dừng', closed: 'đã kết thúc' },
  en: { planning: 'being set up', active: 'active', suspended: 'suspended', closed: 'closed' },
};

const SCHEMES: Record<Lang, Record<string, string>> = {
  vi: { organic: 'hữu cơ', vietgap: 'VietGAP', globalgap: 'GlobalGAP', other: 'chứng nhận khác' },
  en: { organic: 'organic', vietgap: 'VietGAP', globalgap: 'GlobalGAP', other: 'other certificate' },
};

function season(v: unknown, lang: Lang): string {
  const m = typeof v === 'string' ? /^(DX|HT)-(\d{4})$/.exec(v) : null;
  if (!m) return text(v, lang);
  if (lang === 'vi') return `${m[1] === 'DX' ? 'Đông Xuân' : 'Hè Thu'} ${m[2]}`;
  return `${m[2]} ${m[1] === 'DX' ? 'winter–spring' : 'summer–autumn'}`;
}

/** Facts whose meaning is the same in every rule, by key. */
const FACTS: Record<string, FactSpec> = {
  harvestedOn: { label: { vi: 'Ngày thu hoạch', en: 'Harvested on' }, show: day },
  areaOperator: { label: { vi: 'Đơn vị quản lý vùng', en: 'Area run by' }, show: text },
  contracts: {
    label: { vi: 'Hợp đồng liên kết', en: 'Supply contracts' },
    show: (v, lang) =>
      list(v, lang, (k) => {
        const c = k as { number?: string; status?: string };
        return `${c.number ?? ''} (${CONTRACT_STATUS[lang][c.status ?? ''] ?? c.status ?? ''})`;
      }),
  },
  sealedBatches: { label: { vi: 'Lô sản xuất đã niêm phong', en: 'Sealed batches' }, show: (v, l) => list(v, l) },
  claimed: {
    label: { vi: 'Tiêu chuẩn công bố', en: 'Standards claimed' },
    show: (v, lang) => list(v, lang, (s) => SCHEMES[lang][String(s)] ?? String(s)),
  },
  heldThatDay: {
    label: { vi: 'Chứng nhận còn hiệu lực ngày đó', en: 'Certificates valid that day' },
    show: (v, lang) => list(v, lang, (s) => SCHEMES[lang][String(s)] ?? String(s)),
  },
  input: { label: { vi: 'Nguyên liệu đưa vào', en: 'Raw material in' }, show: quantity('inputUnit') },
  output: { label: { vi: 'Thành phẩm', en: 'Product out' }, show: quantity('outputUnit') },
  inputUnit: hidden,
  outputUnit: hidden,
  unit: hidden,
  ratio: {
    label: { vi: 'Nguyên liệu trên một đơn vị thành phẩm', en: 'Raw material per unit of product' },
    show: (v, lang, f) => `${num(v, lang)} ${unitName(lang, f.inputUnit)}/${unitName(lang, f.outputUnit)}`,
  },
  range: {
    label: { vi: 'Mức hợp lý', en: 'Plausible range' },
    show: (v, lang, f) =>
      Array.isArray(v) && v.length === 2
        ? `${num(v[0], lang)}–${num(v[1], lang)} ${unitName(lang, f.inputUnit)}/${unitName(lang, f.outputUnit)}`
        : text(v, lang),
  },
  season: { label: { vi: 'Vụ', en: 'Season' }, show: season },
  tonnes: {
    label: { vi: 'Sản lượng ghi nhận', en: 'Recorded harvest' },
    show: (v, l) => `${num(v, l)} ${l === 'vi' ? 'tấn' : 't'}`,
  },
  ceilingTonnes: {
    label: { vi: 'Mức tối đa của vùng', en: 'The area’s ceiling' },
    show: (v, l) => `${num(v, l)} ${l === 'vi' ? 'tấn' : 't'}`,
  },
  areaHa: { label: { vi: 'Diện tích vùng', en: 'Area' }, show: (v, l) => `${num(v, l)} ha` },
  crop: { label: { vi: 'Cây trồng', en: 'Crop' }, show: text },
  lots: { label: { vi: 'Số lô thu hoạch', en: 'Harvest lots' }, show: counted({ vi: 'lô', en: 'lots' }) },
  printedStars: { label: { vi: 'Số sao in trên tem', en: 'Stars printed' }, show: counted({ vi: 'sao', en: 'stars' }) },
  ratedStars: {
    label: { vi: 'Số sao OCOP còn hiệu lực', en: 'OCOP stars in force' },
    show: (v, lang) =>
      v === null || v === undefined
        ? lang === 'vi'
          ? 'không có xếp hạng còn hiệu lực'
          : 'no rating in force'
        : counted({ vi: 'sao', en: 'stars' })(v, lang),
  },
  productionDate: { label: { vi: 'Ngày sản xuất', en: 'Production date' }, show: day },
  lastValidUntil: { label: { vi: 'Chứng nhận OCOP hết hiệu lực từ', en: 'OCOP certificate lapsed on' }, show: day },
  stamps: { label: { vi: 'Số tem', en: 'Stamps' }, show: counted({ vi: 'tem', en: 'stamps' }) },
  harvestLots: { label: { vi: 'Lô thu hoạch', en: 'Harvest lots' }, show: (v, l) => list(v, l) },
  quantity: { label: { vi: 'Số lượng', en: 'Quantity' }, show: quantity('unit') },
  modelStatus: {
    label: { vi: 'Tình trạng mô hình', en: 'Model status' },
    show: (v, lang) => MODEL_STATUS[lang][String(v)] ?? text(v, lang),
  },
  scans: { label: { vi: 'Số lượt quét', en: 'Scans' }, show: counted({ vi: 'lượt', en: 'scans' }) },
  peerP90: {
    label: { vi: '90% tem cùng sản phẩm được quét không quá', en: '90% of the product’s stamps scanned at most' },
    show: counted({ vi: 'lượt', en: 'times' }),
  },
  peers: {
    label: { vi: 'Số tem cùng sản phẩm đã được quét', en: 'Scanned stamps of the product' },
    show: counted({ vi: 'tem', en: 'stamps' }),
  },
  firstScannedAt: { label: { vi: 'Quét lần đầu', en: 'First scanned' }, show: time },
  lastScannedAt: { label: { vi: 'Quét lần gần nhất', en: 'Last scanned' }, show: time },
  serial: { label: { vi: 'Số tem', en: 'Stamp number' }, show: text },
  gtin: { label: { vi: 'Mã sản phẩm (GTIN)', en: 'Product code (GTIN)' }, show: text },
  lot: { label: { vi: 'Số lô của tem', en: 'The stamp’s lot number' }, show: text },
  askedGtin: { label: { vi: 'Quét dưới mã sản phẩm (GTIN)', en: 'Scanned under product code (GTIN)' }, show: text },
  askedLots: { label: { vi: 'Quét dưới số lô', en: 'Scanned under lot numbers' }, show: (v, l) => list(v, l) },
  networks: {
    label: { vi: 'Số mạng quét', en: 'Networks scanned from' },
    show: counted({ vi: 'mạng', en: 'networks' }),
  },
  day: { label: { vi: 'Ngày', en: 'Day' }, show: day },
  serials: {
    label: { vi: 'Số tem lạ được quét', en: 'Unknown stamp numbers scanned' },
    show: counted({ vi: 'số tem', en: 'numbers' }),
  },
  examples: { label: { vi: 'Ví dụ', en: 'Examples' }, show: (v, l) => list(v, l) },
  verdictShown: {
    label: { vi: 'Trang tem khi đó báo', en: 'The stamp page said' },
    show: (v, lang) => VERDICTS[lang][String(v)] ?? text(v, lang),
  },
  reportedAt: { label: { vi: 'Thời điểm báo cáo', en: 'Reported at' }, show: time },
  excerpt: { label: { vi: 'Trích nội dung báo cáo', en: 'From the report' }, show: text },
  printRuns: { label: { vi: 'Số đợt in tem', en: 'Print runs' }, show: counted({ vi: 'đợt', en: 'runs' }) },
  factor: {
    label: { vi: 'Ngưỡng cảnh báo: sản phẩm nhiều hơn số tem', en: 'Threshold: products per stamp above' },
    show: (v, l) => `${num(v, l)} ${l === 'vi' ? 'lần' : 'times'}`,
  },
};

const ORDER = Object.keys(FACTS);

/** Where a rule uses a key in its own sense. */
const BY_RULE: Record<string, Record<string, Partial<FactSpec>>> = {
  OCOP_STARS_LAPSED: { stamps: { label: { vi: 'Số tem đã in', en: 'Stamps printed' } } },
  STAMP_COUNT_MISMATCH: {
    stamps: { label: { vi: 'Số tem còn hiệu lực', en: 'Stamps in force' } },
    quantity: { label: { vi: 'Số sản phẩm của lô', en: 'The batch’s quantity' } },
  },
  MODEL_AREA_NOT_INCLUDED: {
    quantity: { label: { vi: 'Nguyên liệu từ vùng này', en: 'Raw material from this area' } },
  },
  HARVEST_LOT_UNUSED: { quantity: { label: { vi: 'Khối lượng thu hoạch', en: 'Quantity harvested' } } },
  UNKNOWN_SERIAL_RUN: { scans: { label: { vi: 'Số lượt quét', en: 'Scans' } } },
};

/** An unknown key as words: "someFact" → "some fact". */
const words = (k: string) => k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function fallback(v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return NONE[lang];
  if (typeof v === 'number') return formatNumber(lang, v, 3);
  if (isInstant(v)) return formatTime(lang, v);
  if (isDay(v)) return formatDate(lang, v);
  if (Array.isArray(v)) return list(v, lang, (x) => fallback(x, lang));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The facts of a finding as label and text, in the rule's order of keys. */
export function factLines(rule: string, facts: Facts, lang: Lang): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  // jsonb keeps keys in its own order: shown in the order of the table above, unknown keys last
  const rank = (k: string) => (k in FACTS ? ORDER.indexOf(k) : ORDER.length);
  const entries = Object.entries(facts).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, v] of entries) {
    const base = FACTS[key];
    const spec = base ? { ...base, ...BY_RULE[rule]?.[key] } : null;
    if (!spec) {
      lines.push({ label: words(key), value: fallback(v, lang) });
      continue;
    }
    const value = spec.show(v, lang, facts);
    if (value !== null) lines.push({ label: spec.label[lang], value });
  }
  return lines;
}
