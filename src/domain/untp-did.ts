// The DID document of the service's did:web: one JsonWebKey verification method per signing key
// (current and retired, the same kid and x as the JWKS), each usable to assert credentials.
import { verificationMethodId, type UntpIssuer } from './untp-common';

export interface DidKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export function buildDidDocument(issuer: UntpIssuer, keys: readonly DidKey[]) {
  const methods = keys.map((k) => ({
    id: verificationMethodId(issuer, k.kid),
    type: 'JsonWebKey',
    controller: issuer.did,
    publicKeyJwk: { kty: k.kty, crv: k.crv, x: k.x, kid: k.kid, alg: 'EdDSA' },
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://www.w3.org/ns/cid/v1'],
    id: issuer.did,
    alsoKnownAs: [issuer.base],
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
