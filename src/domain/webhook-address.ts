// Where the service may send a buyer's recall webhooks. The address is typed by an outside
// enterprise and the service itself makes the request, so an address inside the service's own
// network (loopback, private and link-local ranges, cloud metadata, names that only resolve on a
// local network) would let a buyer make the server post to machines the internet cannot reach.
// Only public https addresses are taken; plain http to this machine only when the operator allows
// it for testing (WEBHOOK_ALLOW_LOOPBACK).

/** IPv4 ranges that are not public (RFC 6890 special-purpose, multicast and reserved). */
const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24 IETF protocol assignments
  [0xc0000200, 24], // 192.0.2/24 documentation
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xc6336400, 24], // 198.51.100/24 documentation
  [0xcb007100, 24], // 203.0.113/24 documentation
  [0xe0000000, 4], // 224/4 multicast
  [0xf0000000, 4], // 240/4 reserved and broadcast
];

function v4Number(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function v4IsPublic(n: number): boolean {
  return !PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail), or null. */
function v6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (tail) {
    const n = v4Number(tail[1]!);
    if (n === null) return null;
    s = `${s.slice(0, -tail[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (x: string) => (x ? x.split(':') : []);
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => Number.parseInt(g, 16));
}

function v6IsPublic(g: number[]): boolean {
  const [a, b] = g as [number, number];
  if (g.every((x) => x === 0)) return false; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return false; // ::1
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible: judged as the IPv4 address
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    return v4IsPublic(((g[6]! << 16) | g[7]!) >>> 0);
  }
  if ((a & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  if ((a & 0xff00) === 0xff00) return false; // ff00::/8 multicast
  if (a === 0x2001 && b === 0x0db8) return false; // 2001:db8::/32 documentation
  if (a === 0x0064 && b === 0xff9b) return false; // 64:ff9b::/96 NAT64 (reaches IPv4 behind it)
  return true;
}

/** Whether an IP address (v4 or v6, no brackets) is one the public internet routes. */
export function isPublicIp(ip: string): boolean {
  const v4 = v4Number(ip);
  if (v4 !== null) return v4IsPublic(v4);
  const v6 = v6Groups(ip);
  return v6 !== null && v6IsPublic(v6);
}

/** Names that resolve only on a local network or on this machine. */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])$/i;

/**
 * Why this webhook address is refused, or null when it may be used. `allowLoopbackHttp` lets
 * http://127.0.0.1, http://localhost and http://[::1] through (a test receiver on this machine).
 */
export function webhookAddressProblem(url: string, opts: { allowLoopbackHttp: boolean }): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be a URL';
  }
  if (u.username || u.password) return 'must not carry a user name or password';
  if (u.protocol === 'http:' && opts.allowLoopbackHttp && LOOPBACK_HOST.test(u.hostname)) return null;
  if (u.protocol !== 'https:') return 'must be an https URL';
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (v4Number(host) !== null || host.includes(':')) {
    return isPublicIp(host) ? null : 'must be a public address, not one on a private or local network';
  }
  if (/^\d+$/.test(host) || /^0x/i.test(host)) return 'must be a host name or a public IP address';
  if (!host.includes('.') || LOCAL_NAME.test(host)) {
    return 'must be a public host name, not one of a local network';
  }
  return null;
}
