// Who is scanning, as much as the scan log keeps: a network (IPv4 /24, IPv6 /48) hashed with the
// day, the browser family, and whether it is a bot or a link previewer rather than a person.

/** The part of an address that is kept (before hashing): enough to tell visitors apart, not to find them. */
export function clientNetwork(address: string): string {
  const a = address.trim().replace(/^::ffff:/i, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(a);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (a.includes(':')) {
    const parts = a.split('::')[0]!.split(':');
    return `${parts.slice(0, 3).join(':')}::/48`;
  }
  return a || 'unknown';
}

const hashes = new Map<string, string>();

export async function clientHash(address: string, day: string): Promise<string> {
  const key = `${day}|${clientNetwork(address)}`;
  const known = hashes.get(key);
  if (known) return known;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`ocop-scan|${key}`)));
  const hash = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  // a busy day sees many networks; keep the memo bounded
  if (hashes.size >= 10_000) hashes.clear();
  hashes.set(key, hash);
  return hash;
}

const PREVIEWERS =
  /bot|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|zalo.*(link|preview)|whatsapp|telegram|skypeuripreview|discord|slack|linkedin|embedly|pinterest|vkshare|curl|wget|python-requests|go-http-client|okhttp|headless|lighthouse|monitor/i;

export function isBot(method: string, userAgent: string | undefined): boolean {
  if (method === 'HEAD') return true;
  if (!userAgent) return true;
  return PREVIEWERS.test(userAgent);
}

/** A coarse browser family for the scan log (no version, no device fingerprint). */
export function userAgentFamily(ua: string | undefined): string {
  if (!ua) return 'none';
  if (PREVIEWERS.test(ua)) return 'bot';
  if (/Zalo/i.test(ua)) return 'zalo';
  if (/FBAN|FBAV|FB_IAB/i.test(ua)) return 'facebook-app';
  if (/coc_coc|CocCoc/i.test(ua)) return 'coccoc';
  if (/SamsungBrowser/i.test(ua)) return 'samsung';
  if (/Edg\//i.test(ua)) return 'edge';
  if (/OPR\/|Opera/i.test(ua)) return 'opera';
  if (/Firefox|FxiOS/i.test(ua)) return 'firefox';
  if (/Chrome|CriOS|Chromium/i.test(ua)) return 'chrome';
  if (/Safari/i.test(ua)) return 'safari';
  return 'other';
}
