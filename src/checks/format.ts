// Numbers in the findings' messages: rounded, without trailing zeros.
import { vietnamToday } from '../domain/calendar';
import { dayVi } from '../domain/messages';
import { UNIT_NAMES } from '../domain/units';

export function num(n: number, digits = 1): string {
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}

// The Vietnamese messages write dates as dd/mm/yyyy, decimals with a comma and units as words,
// like every Vietnamese page (src/pages/i18n.ts); the English ones keep their own forms.

/** A calendar day (YYYY-MM-DD) or an instant (its day in Vietnam) as dd/mm/yyyy. */
export function viDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const ymd = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : vietnamToday(new Date(value));
  return dayVi(ymd);
}

/** A number rounded like num(), with a decimal comma. */
export function viNum(n: number, digits = 1): string {
  return num(n, digits).replace('.', ',');
}

/** A unit code as a Vietnamese word ("litre" → "lít"). */
export function viUnit(unit: string): string {
  return UNIT_NAMES.vi[unit] ?? unit;
}

const VERDICTS_VI: Record<string, string> = {
  genuine: 'tem chính hãng',
  not_activated: 'tem chưa kích hoạt',
  void: 'tem đã hủy',
  recalled: 'sản phẩm đã bị thu hồi',
  unknown: 'số tem không có trong hệ thống',
  mistyped: 'số tem bị gõ sai',
  other_product: 'tem của sản phẩm khác',
};

/** What the stamp page told the consumer, in Vietnamese words. */
export function viVerdict(verdict: string): string {
  return VERDICTS_VI[verdict] ?? verdict;
}
