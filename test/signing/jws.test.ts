// Record JWS: signing over canonical JSON, and verification that reports, never throws, why a
// record does not verify, for every kind of tampering and key-set change.

import { CompactSign, base64url, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RECORD_TYP,
  SigningError,
  buildJwks,
  generateSigningKey,
  sha256Hex,
  signRecord,
  verifyRecord,
} from '../../src/signing';
import type { PublishedJwks, SigningKey, VerifyResult } from '../../src/signing';

const record = {
  batch: '8935000000013-L2406-017',
  product: { gtin: '08935000000013', name: 'Mật ong rừng U Minh', ocopStars: 4 },
  harvestLots: [{ id: 'HL-2024-06-02', kg: 12.5 }],
  sealedAt: '2024-06-17T09:30:00.000Z',
};

let current: SigningKey;
let retired: SigningKey;
let jwks: PublishedJwks;

beforeAll(async () => {
  [current, retired] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  jwks = buildJwks([
    { ...current, status: 'current' },
    { ...retired, status: 'retired' },
  ]);
});

function parts(jws: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = jws.split('.');
  return [header, payload, signature];
}

const json = (part: string): Record<string, unknown> => JSON.parse(new TextDecoder().decode(base64url.decode(part)));
const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

/** Sign arbitrary bytes under an arbitrary header, bypassing signRecord's guarantees. */
async function rawSign(payload: string, header: Record<string, unknown>, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader(header as { alg: string })
    .sign(await importJWK(key.privateJwk, 'EdDSA'));
}

function flipBit(bytes: Uint8Array, index: number, mask: number): void {
  bytes[index] = (bytes[index] ?? 0) ^ mask;
}

function expectFailure(result: VerifyResult, reason: string): void {
  expect(result).toMatchObject({ valid: false, reason });
  if (!result.valid) expect(result.detail).toEqual(expect.any(String));
}

describe('signRecord', () => {
  it('signs the canonical JSON of the record, with alg, kid and typ in the protected header', async () => {
    const signed = await signRecord(record, current);
    const [header, payload] = parts(signed.jws);
    expect(json(header)).toEqual({ alg: 'EdDSA', kid: current.kid, typ: RECORD_TYP });
    expect(new TextDecoder().decode(base64url.decode(payload))).toBe(signed.canonical);
    expect(signed.canonical).toBe(
      '{"batch":"8935000000013-L2406-017","harvestLots":[{"id":"HL-2024-06-02","kg":12.5}],' +
        '"product":{"gtin":"08935000000013","name":"Mật ong rừng U Minh","ocopStars":4},"sealedAt":"2024-06-17T09:30:00.000Z"}',
    );
    expect(signed.sha256).toBe(await sha256Hex(signed.canonical));
  });

  it('gives the same payload whatever the order the record was built in', async () => {
    const reordered = {
      sealedAt: record.sealedAt,
      product: { ocopStars: 4, name: record.product.name, gtin: record.product.gtin },
      harvestLots: record.harvestLots,
      batch: record.batch,
    };
    const [a, b] = await Promise.all([signRecord(record, current), signRecord(reordered, current)]);
    expect(b.canonical).toBe(a.canonical);
    expect(b.sha256).toBe(a.sha256);
  });

  it('refuses a payload that is not a JSON object', async () => {
    await expect(signRecord([1, 2], current)).rejects.toMatchObject({ code: 'SIGNING_PAYLOAD_NOT_JSON' });
    await expect(signRecord({ at: new Date() }, current)).rejects.toMatchObject({
      code: 'SIGNING_PAYLOAD_NOT_JSON',
      details: { path: '$.at' },
    });
  });

  it('refuses a kid that is not the thumbprint of the signing key', async () => {
    const error = await signRecord(record, { kid: retired.kid, privateJwk: current.privateJwk }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigningError);
    expect(error).toMatchObject({ code: 'SIGNING_KEY_INVALID' });
  });
});

describe('verifyRecord', () => {
  it('verifies a record it signed and returns the parsed record, its canonical text and digest', async () => {
    const signed = await signRecord(record, current);
    expect(await verifyRecord(signed.jws, jwks)).toEqual({
      valid: true,
      kid: current.kid,
      payload: record,
      canonical: signed.canonical,
      sha256: signed.sha256,
    });
  });

  it('still verifies a record signed by a key that has since been retired', async () => {
    const signed = await signRecord(record, retired);
    expect(await verifyRecord(signed.jws, jwks)).toMatchObject({ valid: true, kid: retired.kid });
  });

  it('reports unknown_kid once the key has been removed from the key set', async () => {
    const signed = await signRecord(record, retired);
    const withoutRetired = buildJwks([{ ...current, status: 'current' }]);
    expectFailure(await verifyRecord(signed.jws, withoutRetired), 'unknown_kid');
  });

  it('reports unknown_kid for a kid that was never published', async () => {
    const stranger = await generateSigningKey();
    expectFailure(await verifyRecord((await signRecord(record, stranger)).jws, jwks), 'unknown_kid');
  });

  it('reports signature when a payload byte is changed', async () => {
    const [header, , signature] = parts((await signRecord(record, current)).jws);
    const forged = (await signRecord({ ...record, harvestLots: [{ id: 'HL-2024-06-02', kg: 125 }] }, current))
      .canonical;
    // Still canonical JSON, so only the signature can tell.
    expectFailure(await verifyRecord(`${header}.${base64url.encode(forged)}.${signature}`, jwks), 'signature');

    const bytes = new TextEncoder().encode((await signRecord(record, current)).canonical);
    flipBit(bytes, bytes.length - 3, 0x01); // one bit in the last value
    expectFailure(await verifyRecord(`${header}.${base64url.encode(bytes)}.${signature}`, jwks), 'signature');
  });

  it('reports signature when a signature byte is changed', async () => {
    const [header, payload, signature] = parts((await signRecord(record, current)).jws);
    for (const index of [0, 31, 63]) {
      const bytes = base64url.decode(signature);
      flipBit(bytes, index, 0x80);
      expectFailure(await verifyRecord(`${header}.${payload}.${base64url.encode(bytes)}`, jwks), 'signature');
    }
  });

  it('reports signature when the kid is swapped for another published key', async () => {
    const [header, payload, signature] = parts((await signRecord(record, current)).jws);
    const swapped = encodeJson({ ...json(header), kid: retired.kid });
    expectFailure(await verifyRecord(`${swapped}.${payload}.${signature}`, jwks), 'signature');
  });

  it('reports header when the alg or typ is changed, or a header member is added', async () => {
    const [header, payload, signature] = parts((await signRecord(record, current)).jws);
    for (const change of [
      { alg: 'Ed25519' },
      { alg: 'HS256' },
      { alg: 'none' },
      { typ: 'JWT' },
      { jku: 'https://evil.example/jwks.json' },
    ]) {
      const altered = encodeJson({ ...json(header), ...change });
      expectFailure(await verifyRecord(`${altered}.${payload}.${signature}`, jwks), 'header');
    }
    const withoutKid = encodeJson({ alg: 'EdDSA', typ: RECORD_TYP });
    expectFailure(await verifyRecord(`${withoutKid}.${payload}.${signature}`, jwks), 'header');
  });

  it('reports signature for a record signed by another key under the same kid', async () => {
    const impostor = await generateSigningKey();
    const forged = await rawSign(
      (await signRecord(record, current)).canonical,
      { alg: 'EdDSA', kid: current.kid, typ: RECORD_TYP },
      impostor,
    );
    expectFailure(await verifyRecord(forged, jwks), 'signature');
  });

  it.each([
    ['members out of order', JSON.stringify({ sealedAt: record.sealedAt, batch: record.batch })],
    ['whitespace', '{ "batch": "x" }'],
    ['a number written as 12.50', '{"kg":12.50}'],
    ['a needlessly escaped character', '{"name":"\\u004dat"}'],
    ['a duplicated member', '{"a":1,"a":1}'],
    ['a lone surrogate escape', '{"a":"\\ud800"}'],
  ])('reports not_canonical for a validly signed payload with %s', async (_name, payload) => {
    const jws = await rawSign(payload, { alg: 'EdDSA', kid: current.kid, typ: RECORD_TYP }, current);
    expectFailure(await verifyRecord(jws, jwks), 'not_canonical');
  });

  it.each([
    ['not JSON', 'batch=1'],
    ['a JSON array', '[1,2]'],
    ['JSON behind a byte order mark', '\ufeff{"a":1}'],
  ])('reports malformed for a validly signed payload that is %s', async (_name, payload) => {
    const jws = await rawSign(payload, { alg: 'EdDSA', kid: current.kid, typ: RECORD_TYP }, current);
    expectFailure(await verifyRecord(jws, jwks), 'malformed');
  });

  it.each([
    ['undefined', undefined],
    ['a number', 42],
    ['an empty string', ''],
    ['two parts', 'eyJhbGciOiJFZERTQSJ9.e30'],
    ['a header that is not JSON', `${base64url.encode('alg')}.e30.AAAA`],
    ['a JWE-shaped string', 'a.b.c.d.e'],
    ['characters outside base64url', 'a+b.c/d.e=f'],
  ])('reports malformed, without throwing, for %s', async (_name, input) => {
    expectFailure(await verifyRecord(input, jwks), 'malformed');
  });

  it('reports jwks_invalid, without throwing, for an unusable key set', async () => {
    const { jws } = await signRecord(record, current);
    expectFailure(await verifyRecord(jws, null), 'jwks_invalid');
    expectFailure(await verifyRecord(jws, { keys: 'none' }), 'jwks_invalid');
    // A set that leaks a private key is refused rather than used.
    expectFailure(await verifyRecord(jws, { keys: [{ ...current.privateJwk, kid: current.kid }] }), 'jwks_invalid');
    // Two keys under one kid make the set ambiguous.
    expectFailure(
      await verifyRecord(jws, { keys: [...jwks.keys, { ...jwks.keys[1], kid: current.kid }] }),
      'jwks_invalid',
    );
  });
});
