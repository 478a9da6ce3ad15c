// Standard Webhooks (https://www.standardwebhooks.com/) signatures and the retry schedule of
// recall-notice deliveries. WebCrypto only, so the same code signs on Node and on Workers.

/** Waits after each failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; then the delivery gives up (~14.6 h in all). */
export const WEBHOOK_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000] as const;

/** When the attempt after `attempt` (1-based) is due, or null when that was the last one. */
export function nextAttemptAt(attempt: number, at: Date): Date | null {
  const wait = WEBHOOK_RETRY_DELAYS_MS[attempt - 1];
  return wait === undefined ? null : new Date(at.getTime() + wait);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A new secret: "whsec_" and 32 random bytes in base64, the format Standard Webhooks libraries read. */
export function newWebhookSecret(): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+=*$/;

/**
 * The `webhook-signature` header value: "v1," and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}",
 * keyed with the base64-decoded part of the secret after "whsec_".
 */
export async function signWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  if (!WEBHOOK_SECRET.test(secret)) throw new TypeError('a webhook secret starts with whsec_ and is base64');
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64(secret.slice('whsec_'.length)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The three headers of one delivery attempt (the id stays the same on every retry). */
export async function webhookHeaders(secret: string, id: string, at: Date, body: string) {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signWebhook(secret, id, timestamp, body),
  };
}
