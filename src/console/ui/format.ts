// How the pages write quantities and product names.
import { formatNumber, type Lang } from '../../pages/i18n';
import { unitName } from '../../domain/units';
import { LANGUAGE_NAMES } from '../texts/common';

/** A quantity with its unit in the page's language, e.g. "12,5 kg", "3 chai". */
export function qty(lang: Lang, n: number, unit: string): string {
  return `${formatNumber(lang, n, 3)} ${unitName(lang, unit, n)}`;
}

/** A language code (a scan's "vi", "en-US") by its name in the page's language. */
export function languageName(lang: Lang, code: string | null | undefined): string {
  if (!code) return '—';
  return LANGUAGE_NAMES[lang][code.toLowerCase().split('-')[0]!] ?? code;
}

/** A product's name in the page's language ('' when there is no product). */
export function productName(p: { nameVi: string; nameEn?: string | null } | undefined, lang: Lang): string {
  return p ? (lang === 'en' && p.nameEn ? p.nameEn : p.nameVi) : '';
}
