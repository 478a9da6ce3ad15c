// The units quantities are counted in, named in each language, and a quantity written with its
// unit as a reader expects it ("300 lít", "12,5 kg"; "300 litres"). The API and the database
// keep the codes (litre, piece…); every page and message that shows a quantity names it here.
import { numberVi, type MessageLang } from './messages';

export const UNIT_NAMES: Record<MessageLang, Record<string, string>> = {
  vi: {
    kg: 'kg',
    tonne: 'tấn',
    g: 'g',
    litre: 'lít',
    ml: 'ml',
    piece: 'cái',
    bunch: 'bó',
    box: 'hộp',
    bag: 'túi',
    bottle: 'chai',
    jar: 'hũ',
    pack: 'gói',
  },
  en: {
    kg: 'kg',
    tonne: 'tonnes',
    g: 'g',
    litre: 'litres',
    ml: 'ml',
    piece: 'pieces',
    bunch: 'bunches',
    box: 'boxes',
    bag: 'bags',
    bottle: 'bottles',
    jar: 'jars',
    pack: 'packs',
  },
};

/** One of a unit in English, where the plural would read wrong ("1 litre"). */
const EN_ONE: Record<string, string> = {
  tonne: 'tonne',
  litre: 'litre',
  piece: 'piece',
  bunch: 'bunch',
  box: 'box',
  bag: 'bag',
  bottle: 'bottle',
  jar: 'jar',
  pack: 'pack',
};

/** A unit's name in a language; a code it does not know stays as it is. */
export function unitName(lang: MessageLang, unit: string, n?: number): string {
  if (lang === 'en' && n === 1 && EN_ONE[unit]) return EN_ONE[unit];
  return UNIT_NAMES[lang][unit] ?? unit;
}

/** A number and its unit: "12,5 kg", "300 lít", "1.200 cái"; "12.5 kg", "300 litres". */
export function quantityIn(lang: MessageLang, n: number, unit: string, digits = 3): string {
  const num = lang === 'vi' ? numberVi(n, digits) : n.toLocaleString('en-GB', { maximumFractionDigits: digits });
  return `${num} ${unitName(lang, unit, n)}`;
}
