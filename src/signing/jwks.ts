// The public key set published at /.well-known/jwks.json: current and retired keys alike, so
// records signed by a retired key keep verifying; only public members are ever copied out.

import type { Ed25519PublicJwk } from './keys';

export type SigningKeyStatus = 'current' | 'retired';

export interface PublishedJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export interface PublishedJwks {
  keys: PublishedJwk[];
}

/**
 * Build the JWKS from stored keys. Members are copied by name (kty, crv, x), never spread, so a
 * private `d` (or anything else) handed in by mistake cannot leak. Current keys come first, then
 * retired ones, each group in the order given; the status itself is not published (a verifier
 * has no use for it and an old record must verify the same either way).
 */
export function buildJwks(
  keys: ReadonlyArray<{ kid: string; publicJwk: Ed25519PublicJwk; status: SigningKeyStatus }>,
): PublishedJwks {
  const seen = new Set<string>();
  const ordered = [...keys.filter((k) => k.status === 'current'), ...keys.filter((k) => k.status === 'retired')];
  const published: PublishedJwk[] = [];
  for (const { kid, publicJwk, status } of ordered) {
    if (status !== 'current' && status !== 'retired')
      throw new TypeError(`unknown key status ${JSON.stringify(status)}`);
    if (publicJwk.kty !== 'OKP' || publicJwk.crv !== 'Ed25519' || typeof publicJwk.x !== 'string') {
      throw new TypeError(`key ${kid} is not an Ed25519 public JWK`);
    }
    // A duplicated kid would make verification ambiguous (jose refuses the set); fail at the source.
    if (seen.has(kid)) throw new TypeError(`kid ${kid} appears twice`);
    seen.add(kid);
    published.push({ kty: 'OKP', crv: 'Ed25519', x: publicJwk.x, kid, use: 'sig', alg: 'EdDSA' });
  }
  return { keys: published };
}
