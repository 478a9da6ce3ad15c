// Console password hashing with scrypt from node:crypto (memory-hard; also on Workers with the
// nodejs_compat flag). Stored as "scrypt$N$r$p$salt_b64$hash_b64" so that the cost can be raised
// later without breaking old hashes: verify reads the parameters from the stored text.
import { Buffer } from 'node:buffer';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../http/types';

export interface ScryptParams {
  /** CPU/memory cost, a power of two; at least 2^15 (32 MiB with r = 8). */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Parameters a stored hash may carry; anything outside is refused rather than run (a DoS). */
const LIMITS = { minN: 2 ** 14, maxN: 2 ** 20, maxR: 32, maxP: 16 };

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes = KEY_BYTES): Promise<Buffer> {
  // 128·N·r bytes of work memory; Node's default cap (32 MiB) is just below what N = 2^15, r = 8 needs.
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  // NFC: the same Vietnamese password typed on a phone and on a PC may arrive composed or decomposed.
  const bytes = Buffer.from(password.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) =>
    scrypt(bytes, salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/.exec(stored);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const powerOfTwo = (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N < LIMITS.minN || params.N > LIMITS.maxN) return null;
  if (params.r < 1 || params.r > LIMITS.maxR || params.p < 1 || params.p > LIMITS.maxP) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 16 || hash.length < 16 || hash.length > 64) return null;
  return { params, salt, hash };
}

export function scryptPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT): PasswordHasher {
  if (params.N < 2 ** 15 || (params.N & (params.N - 1)) !== 0)
    throw new TypeError('scrypt N must be a power of two, at least 2^15');
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const hash = await derive(password, salt, params);
      return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    },
    async verify(password, stored) {
      const parsed = parse(stored);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
      return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parse(stored);
      return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
    },
  };
}
