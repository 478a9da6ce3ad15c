// What a third party does with a record and our published JWKS, using nothing of ours: the
// verification below imports only from 'jose' (and, for the second test, only Web Crypto).
// The first test's body is the snippet the README shows; keep the two in step.

import { compactVerify, createLocalJWKSet } from 'jose';
import canonicalize from 'canonicalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJwks, generateSigningKey, signRecord } from '../../src/signing';

const record = {
  batch: '8935000000013-L2406-017',
  harvestLots: [{ id: 'HL-2024-06-02', kg: 12.5 }],
  sealedAt: '2024-06-17T09:30:00.000Z',
};

// What the third party holds: the JWS (from the QR landing page or the API) and the JWKS
// fetched from /.well-known/jwks.json, both as plain text that went over the wire.
// Plain base64url, so the suite needs nothing Node-specific either.
const toBase64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const fromBase64url = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

let jws: string;
let jwksText: string;

beforeAll(async () => {
  const [current, retired] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  ({ jws } = await signRecord(record, current));
  jwksText = JSON.stringify(
    buildJwks([
      { ...current, status: 'current' },
      { ...retired, status: 'retired' },
    ]),
  );
});

describe('third-party verification', () => {
  it('verifies a record with plain jose: createLocalJWKSet + compactVerify', async () => {
    const jwks = JSON.parse(jwksText); // in the wild: await (await fetch('https://<host>/.well-known/jwks.json')).json()

    // --- README snippet ---
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== 'ocop-batch-record+jws') throw new Error('not an OCOP batch record');
    const text = new TextDecoder().decode(payload);
    const batchRecord = JSON.parse(text);
    // --- end of snippet ---

    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'ocop-batch-record+jws' });
    expect(batchRecord).toEqual(record);
    // Anyone can recompute the signed bytes from the record with any RFC 8785 implementation.
    expect(canonicalize(batchRecord)).toBe(text);
  });

  it('makes plain jose refuse a tampered record', async () => {
    const [header, , signature] = jws.split('.');
    const forged = new TextEncoder().encode(
      JSON.stringify({ ...record, harvestLots: [{ id: 'HL-2024-06-02', kg: 125 }] }),
    );
    const tampered = `${header}.${toBase64url(forged)}.${signature}`;
    await expect(
      compactVerify(tampered, createLocalJWKSet(JSON.parse(jwksText)), { algorithms: ['EdDSA'] }),
    ).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('verifies with bare Web Crypto too: Ed25519 over ASCII(header.payload), nothing JOSE-specific', async () => {
    const [header = '', payload = '', signature = ''] = jws.split('.');
    const { kid } = JSON.parse(new TextDecoder().decode(fromBase64url(header))) as { kid: string };
    const jwk = (
      JSON.parse(jwksText) as { keys: Array<{ kid: string; kty: string; crv: string; x: string }> }
    ).keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: jwk!.kty, crv: jwk!.crv, x: jwk!.x },
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const ok = await crypto.subtle.verify(
      'Ed25519',
      key,
      fromBase64url(signature),
      new TextEncoder().encode(`${header}.${payload}`),
    );
    expect(ok).toBe(true);
  });
});
