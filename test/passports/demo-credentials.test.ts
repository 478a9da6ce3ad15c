// Every credential the demo province yields (the DPP and DTE of each sealed batch, the DFR of
// each raw-material area, the status list) is a UNTP 0.6.0 credential that verifies against the
// DID document with node:crypto, and fails once any claim is changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { createTestContext, type TestContext } from '../support/app';
import { type DidDocument, tamper, verifyCredentialJws } from './verifier';

const BASE = 'https://trace.example.vn';
let t: TestContext;
let did: DidDocument;
const jwsOf = async (path: string) => {
  const r = await t.call('GET', path, { headers: { accept: 'application/vc+jwt' } });
  expect(r.status, path).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vc+jwt');
  return r.text();
};
let credentials: { path: string; jws: string }[];

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  did = await (await t.call('GET', '/.well-known/did.json')).json();
  const batches = await t.db.sql<{ id: string }[]>`select id from batches where status <> 'draft' order by seq`;
  const areas = await t.db.sql<{ id: string }[]>`select id from raw_material_areas order by seq`;
  const paths = [
    ...batches.flatMap((b) => [`/passports/dpp/${b.id}`, `/passports/dte/${b.id}`]),
    ...areas.map((a) => `/passports/dfr/${a.id}`),
    '/passports/status/0',
  ];
  credentials = [];
  for (const path of paths) credentials.push({ path, jws: await jwsOf(path) });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the demo province’s passports', () => {
  it('come from did:web of PUBLIC_BASE_URL, whose document lists the JWKS keys', async () => {
    expect(did.id).toBe('did:web:trace.example.vn');
    const jwks = await (await t.call('GET', '/.well-known/jwks.json')).json();
    expect(did.verificationMethod.map((m) => [m.id, m.type, m.publicKeyJwk.x])).toEqual(
      jwks.keys.map((k: { kid: string; x: string }) => [`did:web:trace.example.vn#${k.kid}`, 'JsonWebKey', k.x]),
    );
    expect(did.assertionMethod).toEqual(did.verificationMethod.map((m) => m.id));
  });

  it('each verify against the DID document with node:crypto', () => {
    expect(credentials.length).toBeGreaterThan(10);
    for (const { path, jws } of credentials) {
      const v = verifyCredentialJws(jws, did);
      expect(v.valid ? 'valid' : v.why, path).toBe('valid');
      if (v.valid) expect(v.header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    }
  });

  it('fail verification when one character of a claim is changed', () => {
    for (const { path, jws } of credentials) {
      const v = verifyCredentialJws(tamper(jws), did);
      expect(v.valid, path).toBe(false);
    }
  });
});
