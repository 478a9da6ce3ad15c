// Every credential the demo province yields (the DPP and DTE of each sealed batch, the DFR of
// each raw-material area, the status list) validates against the published UNTP 0.6.0 JSON
// Schemas (copies in ./schemas, see its README; the status list against the Bitstring Status
// List shape), verifies against the DID document with node:crypto, and fails once any claim is
// changed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { createTestContext, type TestContext } from '../support/app';
import { type DidDocument, tamper, verifyCredentialJws } from './verifier';

const BASE = 'https://trace.example.vn';
const schema = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, 'schemas', name), 'utf8'));
// strict off: the published schemas carry annotations ajv does not know; formats "float" and
// "binary" (OpenAPI words) say nothing a JSON type does not already say.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat('float', true);
ajv.addFormat('binary', true);
const validators = {
  dpp: ajv.compile(schema('untp-dpp-0.6.0.schema.json')),
  dte: ajv.compile(schema('untp-dte-0.6.0.schema.json')),
  dfr: ajv.compile(schema('untp-dfr-0.6.0.schema.json')),
  status: ajv.compile(schema('bitstring-status-list.schema.json')),
};
type Kind = keyof typeof validators;

let t: TestContext;
let did: DidDocument;
let credentials: { kind: Kind; path: string; jws: string; json: Record<string, unknown> }[];

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  did = await (await t.call('GET', '/.well-known/did.json')).json();
  const batches = await t.db.sql<{ id: string }[]>`select id from batches where status <> 'draft' order by seq`;
  const areas = await t.db.sql<{ id: string }[]>`select id from raw_material_areas order by seq`;
  const wanted: { kind: Kind; path: string }[] = [
    ...batches.flatMap((b) => [
      { kind: 'dpp' as const, path: `/passports/dpp/${b.id}` },
      { kind: 'dte' as const, path: `/passports/dte/${b.id}` },
    ]),
    ...areas.map((a) => ({ kind: 'dfr' as const, path: `/passports/dfr/${a.id}` })),
    { kind: 'status', path: '/passports/status/0' },
  ];
  credentials = [];
  for (const w of wanted) {
    const r = await t.call('GET', w.path, { headers: { accept: 'application/vc+jwt' } });
    expect(r.status, w.path).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vc+jwt');
    const json = await (await t.call('GET', w.path, { headers: { accept: 'application/ld+json' } })).json();
    credentials.push({ ...w, jws: await r.text(), json });
  }
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the demo province’s credentials against the UNTP 0.6.0 schemas', () => {
  it.each(['dpp', 'dte', 'dfr', 'status'] as const)('every %s validates', (kind) => {
    const mine = credentials.filter((c) => c.kind === kind);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      const valid = validators[kind](c.json);
      expect(valid ? [] : validators[kind].errors, c.path).toEqual([]);
    }
  });

  it('and a credential that breaks them does not (the copies are not toothless)', () => {
    const dte = structuredClone(credentials.find((c) => c.kind === 'dte')!.json) as {
      credentialSubject: { outputQuantityList?: Record<string, unknown>[] }[];
    };
    dte.credentialSubject[0]!.outputQuantityList![0]!.extra = 'not allowed in a QuantityElement';
    expect(validators.dte(dte)).toBe(false);
    const dpp = structuredClone(credentials.find((c) => c.kind === 'dpp')!.json);
    dpp['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/'];
    expect(validators.dpp(dpp)).toBe(false);
  });

  it('say what a passport must: batch granularity, GTIN, lot, dates, producer, area, country, material shares', () => {
    const dpp = credentials.find((c) => c.kind === 'dpp')!.json as {
      credentialSubject: { granularityLevel: string; product: Record<string, unknown>; materialsProvenance: unknown[] };
      credentialStatus: { type: string; statusPurpose: string };
    };
    expect(dpp.credentialSubject.granularityLevel).toBe('batch');
    expect(dpp.credentialSubject.product).toMatchObject({
      registeredId: expect.stringMatching(/^\d{14}$/),
      batchNumber: expect.any(String),
      productionDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      countryOfProduction: 'VN',
      producedByParty: { id: expect.any(String), name: expect.any(String) },
      producedAtFacility: { id: expect.stringMatching(/\/passports\/dfr\//) },
    });
    expect(dpp.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    const shares = (dpp.credentialSubject.materialsProvenance as { massFraction?: number }[]).map(
      (m) => m.massFraction ?? 0,
    );
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const rated = credentials.filter(
      (c) =>
        c.kind === 'dpp' &&
        (c.json.credentialSubject as { conformityClaim: { id: string }[] }).conformityClaim.some((x) =>
          x.id.endsWith('#ocop'),
        ),
    );
    expect(rated.length).toBeGreaterThan(0);
  });
});

describe('the demo province’s passports, verified with nothing of ours', () => {
  it('come from did:web of PUBLIC_BASE_URL, whose document lists the JWKS keys', async () => {
    expect(did.id).toBe('did:web:trace.example.vn');
    const jwks = await (await t.call('GET', '/.well-known/jwks.json')).json();
    expect(did.verificationMethod.map((m) => [m.id, m.type, m.publicKeyJwk.x])).toEqual(
      jwks.keys.map((k: { kid: string; x: string }) => [`did:web:trace.example.vn#${k.kid}`, 'JsonWebKey', k.x]),
    );
    expect(did.assertionMethod).toEqual(did.verificationMethod.map((m) => m.id));
  });

  it('each verify against the DID document with node:crypto, and carry the credential as their payload', () => {
    expect(credentials.length).toBeGreaterThan(10);
    for (const { path, jws, json } of credentials) {
      const v = verifyCredentialJws(jws, did);
      expect(v.valid ? 'valid' : v.why, path).toBe('valid');
      if (v.valid) {
        expect(v.header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
        expect(v.payload).toEqual(json);
      }
    }
  });

  it('fail verification when one character of a claim is changed', () => {
    for (const { path, jws } of credentials) expect(verifyCredentialJws(tamper(jws), did).valid, path).toBe(false);
  });
});
