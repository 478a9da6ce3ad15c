// E-commerce listings: the platforms the provincial scheme names (Decision 615/QĐ-UBND puts OCOP
// products on Postmart, Voso and the like) and the rule that a listing ends on or after the day it
// went live. Pure rules, no I/O.

export const LISTING_PLATFORMS = [
  'postmart',
  'voso',
  'shopee',
  'tiki',
  'lazada',
  'sendo',
  'own_website',
  'other',
] as const;
export type ListingPlatform = (typeof LISTING_PLATFORMS)[number];

export const PLATFORM_NAMES: Record<ListingPlatform, { vi: string; en: string }> = {
  postmart: { vi: 'Postmart', en: 'Postmart' },
  voso: { vi: 'Voso', en: 'Voso' },
  shopee: { vi: 'Shopee', en: 'Shopee' },
  tiki: { vi: 'Tiki', en: 'Tiki' },
  lazada: { vi: 'Lazada', en: 'Lazada' },
  sendo: { vi: 'Sendo', en: 'Sendo' },
  own_website: { vi: 'Trang web riêng', en: 'Own website' },
  other: { vi: 'Kênh khác', en: 'Other' },
};

/** The platform a free channel text names ("Shopee", "Gian hàng Postmart"…), else 'other'. */
export function platformOfChannel(channel: string): ListingPlatform {
  const c = channel.toLowerCase();
  for (const p of ['postmart', 'voso', 'shopee', 'tiki', 'lazada', 'sendo'] as const) if (c.includes(p)) return p;
  return 'other';
}

/** Problems of a listing's dates (days as YYYY-MM-DD), each { path, message }. */
export function listingDateProblems(l: { wentLiveOn: string; endedOn: string | null }, today: string) {
  const problems: { path: string; message: string }[] = [];
  if (l.wentLiveOn > today) problems.push({ path: 'body.wentLiveOn', message: 'must not be after today' });
  if (l.endedOn !== null) {
    if (l.endedOn < l.wentLiveOn)
      problems.push({ path: 'body.endedOn', message: 'a listing cannot end before the day it went live' });
    else if (l.endedOn > today) problems.push({ path: 'body.endedOn', message: 'must not be after today' });
  }
  return problems;
}
