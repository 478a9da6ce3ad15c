// An address as people read it: the free-text address of an organization often names its commune
// and province already ("Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm"), and the commune and
// province fields name them again. addressLine says each place once.
//
// The rule: parts are split at commas; a segment is left out when an earlier one names the same
// place. Two segments name the same place when their names are equal ignoring case, diacritics and
// spacing (foldForComparison), and their administrative level does not differ: "xã Cao Bồ" and
// "Xã Cao Bồ" or "Cao Bồ" are one place; "huyện Vân Sơn" and the commune "Vân Sơn" are two, as are
// "thành phố Lào Cai" and "tỉnh Lào Cai". A segment without a level word takes the level of the
// field it came from (commune, province), if any; "thành phố" may be of either level, so
// "thành phố Hà Nội" and the province "Hà Nội" are one. What is kept is shown as it was typed.
import { foldForComparison } from './text';

export type AddressLevel = 'commune' | 'province';

export interface AddressPart {
  text: string | null | undefined;
  /** the field's level: a commune or province field; none for a free-text address */
  level?: AddressLevel;
}

/** Level words (folded) and the kind of unit they name. "Thành phố" is a city of either level. */
const LEVEL_WORDS: Record<string, { kind: string; levels: readonly string[] }> = {
  xa: { kind: 'xa', levels: ['commune'] },
  phuong: { kind: 'phuong', levels: ['commune'] },
  'thi tran': { kind: 'thi tran', levels: ['commune'] },
  'dac khu': { kind: 'dac khu', levels: ['commune'] },
  huyen: { kind: 'huyen', levels: ['district'] },
  quan: { kind: 'quan', levels: ['district'] },
  'thi xa': { kind: 'thi xa', levels: ['district'] },
  'thanh pho': { kind: 'thanh pho', levels: ['district', 'province'] },
  tp: { kind: 'thanh pho', levels: ['district', 'province'] },
  tinh: { kind: 'tinh', levels: ['province'] },
};
const LEVEL_WORD = /^(thanh pho|thi tran|dac khu|thi xa|phuong|huyen|quan|tinh|tp|xa)(?:\.\s*|\s+)(.+)$/;

interface Place {
  name: string;
  /** the level word, when the segment has one */
  kind: string | null;
  /** the levels it may be: from its level word, else from its field */
  levels: readonly string[] | null;
}

function placeOf(segment: string, level: AddressLevel | undefined): Place {
  const folded = foldForComparison(segment);
  const m = LEVEL_WORD.exec(folded);
  if (m) {
    const w = LEVEL_WORDS[m[1]!]!;
    return { name: m[2]!, kind: w.kind, levels: w.levels };
  }
  return { name: folded, kind: null, levels: level ? [level] : null };
}

function samePlace(a: Place, b: Place): boolean {
  if (a.name !== b.name) return false;
  if (a.kind && b.kind) return a.kind === b.kind;
  if (!a.levels || !b.levels) return true;
  return a.levels.some((l) => b.levels!.includes(l));
}

/** The parts joined with ", ", each place said once, in the order given. */
export function addressLine(parts: readonly AddressPart[]): string {
  const kept: { text: string; place: Place }[] = [];
  for (const part of parts) {
    for (const raw of (part.text ?? '').split(',')) {
      const text = raw.trim();
      if (!text) continue;
      const place = placeOf(text, part.level);
      if (!kept.some((k) => samePlace(k.place, place))) kept.push({ text, place });
    }
  }
  return kept.map((k) => k.text).join(', ');
}
