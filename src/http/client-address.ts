// Who the client is, for rate limits, the scan log and the sign-in throttle: the one place that
// decides. Behind a trusted reverse proxy (TRUST_PROXY=true) it is the address that proxy saw,
// which is the X-Forwarded-For hop it appended, counted from the right (TRUSTED_PROXY_HOPS=N for N
// proxies in a row): every hop further left was written by the client and proves nothing.
// Otherwise it is the connection's peer as the runtime reports it (the socket on Node,
// CF-Connecting-IP on Workers, which Cloudflare sets itself).
import type { Context } from 'hono';
import type { AppDeps } from './types';

/** The X-Forwarded-For hop that the last of `trustedHops` proxies appended, if there is one. */
export function forwardedClient(header: string | undefined, trustedHops: number): string | undefined {
  const hops = (header ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (!hops.length) return undefined;
  // Fewer hops than proxies: the request reached an inner proxy directly, whose hop is its peer.
  return hops[Math.max(0, hops.length - trustedHops)];
}

export function clientAddress(c: Context, deps: Pick<AppDeps, 'config' | 'peerAddress'>): string {
  if (deps.config.TRUST_PROXY) {
    const hop = forwardedClient(c.req.header('x-forwarded-for'), deps.config.TRUSTED_PROXY_HOPS);
    if (hop) return hop;
  }
  return deps.peerAddress?.(c) ?? 'unknown';
}
