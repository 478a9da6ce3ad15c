// The published key set: public members only, current and retired keys alike.

import { describe, expect, it } from 'vitest';
import { buildJwks, generateSigningKey } from '../../src/signing';
import type { Ed25519PublicJwk } from '../../src/signing';

describe('buildJwks', () => {
  it('publishes every key, current first, with kid, use sig and alg EdDSA', async () => {
    const [a, b, c] = await Promise.all([generateSigningKey(), generateSigningKey(), generateSigningKey()]);
    const jwks = buildJwks([
      { ...a, status: 'retired' },
      { ...b, status: 'current' },
      { ...c, status: 'retired' },
    ]);
    expect(jwks).toEqual({
      keys: [
        { kty: 'OKP', crv: 'Ed25519', x: b.publicJwk.x, kid: b.kid, use: 'sig', alg: 'EdDSA' },
        { kty: 'OKP', crv: 'Ed25519', x: a.publicJwk.x, kid: a.kid, use: 'sig', alg: 'EdDSA' },
        { kty: 'OKP', crv: 'Ed25519', x: c.publicJwk.x, kid: c.kid, use: 'sig', alg: 'EdDSA' },
      ],
    });
  });

  it('never contains d, even when handed the private JWK by mistake', async () => {
    const key = await generateSigningKey();
    const jwks = buildJwks([{ kid: key.kid, publicJwk: key.privateJwk as Ed25519PublicJwk, status: 'current' }]);
    const text = JSON.stringify(jwks);
    expect(text).not.toContain('"d"');
    expect(text).not.toContain(key.privateJwk.d);
    expect(Object.keys(jwks.keys[0] ?? {}).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });

  it('publishes an empty set when there are no keys yet', () => {
    expect(buildJwks([])).toEqual({ keys: [] });
  });

  it('refuses a kid listed twice, which would make verification ambiguous', async () => {
    const key = await generateSigningKey();
    expect(() =>
      buildJwks([
        { ...key, status: 'current' },
        { ...key, status: 'retired' },
      ]),
    ).toThrow(TypeError);
  });

  it('refuses a key that is not Ed25519', () => {
    const ec = { kty: 'EC', crv: 'P-256', x: 'x' } as unknown as Ed25519PublicJwk;
    expect(() => buildJwks([{ kid: 'k', publicJwk: ec, status: 'current' }])).toThrow(TypeError);
  });
});
