// Which certification schemes a product or batch claims, read from the standards it lists.
// Cooperatives write standards as free text ("TCVN 11892-1:2017", "VietGAP", "Hữu cơ"); the
// national standards for good agricultural practice and organic production are recognised by
// number, the scheme names by word. The link checks compare these claims with the certificates
// the raw-material areas held on each harvest day.
export type CertificationScheme = 'vietgap' | 'organic' | 'globalgap';

const PATTERNS: [CertificationScheme, RegExp][] = [
  // TCVN 11892-1:2017 is VietGAP for crops; "VietGAP", "VietGAHP" (livestock) too.
  ['vietgap', /\bTCVN\s*11892\b|\bviet\s*ga[h]?p\b/i],
  // TCVN 11041 (parts 1–12) is organic agriculture; the Vietnamese "hữu cơ" means organic.
  ['organic', /\bTCVN\s*11041\b|\borganic\b|h[ữư]u\s*c[ơo]/i],
  ['globalgap', /\bglobal\s*\.?\s*g\.?\s*a\.?\s*p\b/i],
];

export function claimedSchemes(standards: readonly string[]): CertificationScheme[] {
  const found = new Set<CertificationScheme>();
  for (const s of standards) for (const [scheme, re] of PATTERNS) if (re.test(s)) found.add(scheme);
  return [...found].sort();
}

export const SCHEME_NAMES: Record<CertificationScheme, { vi: string; en: string }> = {
  vietgap: { vi: 'VietGAP', en: 'VietGAP' },
  organic: { vi: 'hữu cơ', en: 'organic' },
  globalgap: { vi: 'GlobalG.A.P.', en: 'GlobalG.A.P.' },
};
