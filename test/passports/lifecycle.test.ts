// What a verifier reads of a passport as its batch lives on: valid once sealed, revoked when a
// correction supersedes it or a recall (direct or propagated from an area) reaches it, valid again
// once the recall is lifted; still verifiable after a key rotation. Read as a verifier would: the
// DPP's credentialStatus, then the served status list, its signature and its bit. And how the
// credentials are reached: content negotiation, 404s, Digital Link linksets and the stamp page
// (first: the recalls below reach the demo's genuine stamp).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { createTestContext, type TestContext } from '../support/app';
import { type DidDocument, statusBitOf, verifyCredentialJws } from './verifier';

const BASE = 'https://trace.example.vn';
const UNTP = 'https://test.uncefact.org/vocabulary/untp/linkType#';
let t: TestContext;
let stamps: Record<string, string>;

const local = (url: string) => url.replace(BASE, '');
const did = async (): Promise<DidDocument> => (await t.call('GET', '/.well-known/did.json')).json();

async function verified(url: string) {
  const r = await t.call('GET', local(url), { headers: { accept: 'application/vc+jwt' } });
  expect(r.status, url).toBe(200);
  const v = verifyCredentialJws(await r.text(), await did());
  if (!v.valid) throw new Error(`${url} does not verify: ${v.why}`);
  return v.payload;
}

/** 'revoked' or 'valid', as a verifier reads it from the DPP and its status list. */
async function statusOf(batchId: string): Promise<'revoked' | 'valid'> {
  const dpp = await verified(`${BASE}/passports/dpp/${batchId}`);
  const entry = dpp.credentialStatus as {
    statusListCredential: string;
    statusListIndex: string;
    statusPurpose: string;
  };
  expect(entry.statusPurpose).toBe('revocation');
  const list = await verified(entry.statusListCredential);
  expect(list.type).toContain('BitstringStatusListCredential');
  return statusBitOf(list, Number(entry.statusListIndex)) ? 'revoked' : 'valid';
}

const oneBatch = async (where: 'sealed' | 'superseded' | 'recalled') => {
  const [row] =
    where === 'recalled'
      ? await t.db.sql<{ id: string }[]>`
          select b.id from batches b join batch_recalls r on r.batch_id = b.id and r.lifted_at is null limit 1`
      : await t.db.sql<{ id: string }[]>`
          select b.id from batches b where b.status = ${where}
            and not exists (select 1 from batch_recalls r where r.batch_id = b.id)
          order by b.seq limit 1`;
  return row!.id;
};

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  stamps = Object.fromEntries((await demoStampUrls(t.db.sql)).map((u) => [u.label, u.url]));
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('reaching the credentials', () => {
  it('answers the JWS by default and the credential JSON for application/ld+json', async () => {
    const id = await oneBatch('sealed');
    for (const kind of ['dpp', 'dte']) {
      const jws = await (await t.call('GET', `/passports/${kind}/${id}`)).text();
      const r = await t.call('GET', `/passports/${kind}/${id}`, { headers: { accept: 'application/ld+json' } });
      expect(r.headers.get('content-type')).toBe('application/ld+json');
      expect(r.headers.get('vary')).toBe('Accept');
      const v = verifyCredentialJws(jws, await did());
      expect(v.valid && (await r.json())).toEqual(v.valid && v.payload);
    }
  });

  it('links the DPP to its DTE by the SHA-256 of the DTE as signed and as served in JSON-LD', async () => {
    const id = await oneBatch('sealed');
    const dpp = await verified(`${BASE}/passports/dpp/${id}`);
    const links = (
      dpp.credentialSubject as { traceabilityInformation: { traceabilityEvent: Record<string, string>[] }[] }
    ).traceabilityInformation.flatMap((t) => t.traceabilityEvent);
    const toDte = links.find((l) => l.linkType === `${UNTP}dte`)!;
    expect(toDte.linkURL).toBe(`${BASE}/passports/dte/${id}`);
    expect(toDte.hashMethod).toBe('SHA-256');
    const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
    // What a verifier can hash: the JWS payload's bytes, or the body answered for application/ld+json.
    const jws = await (await t.call('GET', local(toDte.linkURL!))).text();
    expect(sha(Buffer.from(jws.split('.')[1]!, 'base64url'))).toBe(toDte.hashDigest);
    const ld = await t.call('GET', local(toDte.linkURL!), { headers: { accept: 'application/ld+json' } });
    expect(sha(new Uint8Array(await ld.arrayBuffer()))).toBe(toDte.hashDigest);
  });

  it('serves a passport stored as JWSs (issued before passports were signed on request) as it was stored', async () => {
    const id = await oneBatch('sealed');
    const stored = {
      dpp: await (await t.call('GET', `/passports/dpp/${id}`)).text(),
      dte: await (await t.call('GET', `/passports/dte/${id}`)).text(),
    };
    const [row] = await t.db.sql<
      { statusIndex: string; kid: string; issuedAt: Date; dppJson: string; dteJson: string }[]
    >`delete from passports where batch_id = ${id} returning status_index, kid, issued_at, dpp_json, dte_json`;
    await t.db.sql`
      insert into passports (batch_id, status_index, dpp_jws, dte_jws, kid, issued_at) overriding system value
      values (${id}, ${row!.statusIndex}, ${stored.dte}, ${stored.dpp}, ${row!.kid}, ${row!.issuedAt})`;
    // Swapped on purpose, so that a JWS signed again from JSON could not pass for the stored one.
    const legacy = { dpp: stored.dte, dte: stored.dpp };
    for (const kind of ['dpp', 'dte'] as const) {
      expect(await (await t.call('GET', `/passports/${kind}/${id}`)).text()).toBe(legacy[kind]);
      const ld = await t.call('GET', `/passports/${kind}/${id}`, { headers: { accept: 'application/ld+json' } });
      const payload = legacy[kind].split('.')[1]!;
      expect(await ld.json()).toEqual(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    }
    // Each credential of a passport is kept in exactly one form.
    for (const [dppJws, dppJson] of <[string | null, string | null][]>[
      [null, null],
      ['x', '{}'],
    ]) {
      await expect(
        t.db.sql`insert into passports (batch_id, status_index, dpp_jws, dpp_json, dte_json, kid, issued_at)
                 overriding system value
                 select b.id, 999999, ${dppJws}, ${dppJson}, '{}', ${row!.kid}, now() from batches b
                 where b.status = 'draft' limit 1`,
      ).rejects.toThrow(/passports_dpp_present/);
    }
    await t.db.sql`delete from passports where batch_id = ${id}`; // as it was, for the tests below
    await t.db.sql`
      insert into passports (batch_id, status_index, dpp_json, dte_json, kid, issued_at) overriding system value
      values (${id}, ${row!.statusIndex}, ${row!.dppJson}, ${row!.dteJson}, ${row!.kid}, ${row!.issuedAt})`;
  });

  it('answers 404 in the error shape for unknown batches, areas, lists and ids that are not ids', async () => {
    for (const path of [
      '/passports/dpp/00000000-0000-4000-8000-000000000000',
      '/passports/dte/not-a-batch',
      '/passports/dfr/00000000-0000-4000-8000-000000000000',
      '/passports/status/7',
      '/passports/status/x',
    ]) {
      const r = await t.call('GET', path);
      expect(r.status, path).toBe(404);
      expect((await r.json()).error.code).toBe('NOT_FOUND');
    }
    const [draft] = await t.db.sql<{ id: string }[]>`select id from batches where status = 'draft' limit 1`;
    if (draft) expect((await t.call('GET', `/passports/dpp/${draft.id}`)).status).toBe(404);
  });

  it('offers untp:dpp and untp:dte in the linkset of a batch and of a stamp, and redirects ?linkType=untp:dpp', async () => {
    const stamp = local(stamps['genuine, active']!);
    const batch = stamp.replace(/\/21\/[^/]+$/, '');
    for (const path of [stamp, batch]) {
      const set = (await (await t.call('GET', path, { headers: { accept: 'application/linkset+json' } })).json())
        .linkset[0];
      expect(set[`${UNTP}dpp`][0].href).toMatch(/\/passports\/dpp\/[0-9a-f-]{36}$/);
      expect(set[`${UNTP}dpp`][0].type).toBe('application/vc+jwt');
      expect(set[`${UNTP}dte`][0].href).toMatch(/\/passports\/dte\/[0-9a-f-]{36}$/);
    }
    const r = await t.call('GET', `${stamp}?linkType=untp:dpp`);
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toMatch(new RegExp(`^${BASE}/passports/dpp/`));
    expect((await t.call('GET', local(r.headers.get('location')!))).status).toBe(200);
    const described = await (await t.call('GET', '/.well-known/gs1resolver')).json();
    expect(described.supportedLinkType).toContainEqual(
      expect.objectContaining({ prefix: 'untp:', profile: `${UNTP}dpp` }),
    );
  });

  it('says on the stamp page which passport it shows and whether it is valid or recalled, within 30 KB', async () => {
    const phone = { accept: 'text/html', 'accept-language': 'vi' };
    const genuine = await (await t.call('GET', local(stamps['genuine, active']!), { headers: phone })).text();
    expect(genuine).toMatch(/Hộ chiếu số sản phẩm \(DPP\), phiên bản \d+: còn hiệu lực\./);
    expect(genuine).toMatch(/href="https:\/\/trace\.example\.vn\/passports\/dpp\/[0-9a-f-]{36}"/);
    expect(new TextEncoder().encode(genuine).length).toBeLessThanOrEqual(30 * 1024);
    const recalled = await (await t.call('GET', local(stamps['recalled batch']!), { headers: phone })).text();
    expect(recalled).toContain('đã bị thu hồi vì lô đang bị thu hồi');
    const english = await (
      await t.call('GET', `${local(stamps['genuine, active']!)}?lang=en`, { headers: phone })
    ).text();
    expect(english).toMatch(/Digital product passport \(DPP\), version \d+: valid\./);
  });
});

describe('a passport’s status, as a verifier reads it', () => {
  it('is valid for a sealed batch', async () => {
    expect(await statusOf(await oneBatch('sealed'))).toBe('valid');
  });

  it('is revoked for a version a correction superseded, and valid for the correction', async () => {
    const [row] = await t.db.sql<{ id: string; by: string }[]>`
      select id, superseded_by_id as by from batches where status = 'superseded' limit 1`;
    expect(await statusOf(row!.id)).toBe('revoked');
    expect(await statusOf(row!.by)).toBe('valid');
    const newer = await verified(`${BASE}/passports/dpp/${row!.by}`);
    expect((newer.credentialSubject as { product: { supersedes: { id: string } } }).product.supersedes.id).toBe(
      `${BASE}/passports/dpp/${row!.id}`,
    );
  });

  it('is revoked for a recalled batch, and valid again once the recall is lifted', async () => {
    expect(await statusOf(await oneBatch('recalled'))).toBe('revoked');
    const id = await oneBatch('sealed');
    const recall = await t.call('POST', `/api/v1/batches/${id}/recall`, {
      key: t.keys.admin,
      body: { reason: 'Kiểm tra lại độ ẩm', authority: 'Chi cục QLCL tỉnh', recalledOn: '2026-11-27' },
    });
    expect(recall.status).toBe(201);
    expect(await statusOf(id)).toBe('revoked');
    const lift = await t.call('POST', `/api/v1/batches/${id}/recalls/${(await recall.json()).id}/lift`, {
      key: t.keys.admin,
      body: { reason: 'Kết quả kiểm nghiệm lại đạt' },
    });
    expect(lift.status).toBe(200);
    expect(await statusOf(id)).toBe('valid');
  });

  it('is revoked for every batch a recall propagated from an area reaches', async () => {
    const [area] = await t.db.sql<{ id: string }[]>`
      select i.area_id as id from batches b
      join batch_inputs bi on bi.batch_id = b.id join harvest_lots i on i.id = bi.harvest_lot_id
      where b.status = 'sealed' and not exists (select 1 from batch_recalls r where r.batch_id = b.id and r.lifted_at is null)
      limit 1`;
    const reached = await t.call('POST', '/api/v1/recalls', {
      key: t.keys.admin,
      body: {
        origin: { kind: 'area', id: area!.id },
        reason: 'Nghi nhiễm thuốc bảo vệ thực vật',
        authority: 'Chi cục Trồng trọt và BVTV',
        recalledOn: '2026-11-27',
      },
    });
    expect(reached.status).toBe(201);
    const batches = await t.db.sql<{ id: string }[]>`
      select distinct b.id from batches b join batch_recalls r on r.batch_id = b.id and r.lifted_at is null
      where r.origin ->> 'id' = ${area!.id}`;
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(await statusOf(b.id)).toBe('revoked');
  });

  it('still verifies after a key rotation, and a passport issued after it names the new key', async () => {
    const id = await oneBatch('sealed');
    const before = (await t.call('GET', `/passports/dpp/${id}`)).headers;
    expect(before.get('content-type')).toBe('application/vc+jwt');
    const dteBefore = await (await t.call('GET', `/passports/dte/${id}`)).text();
    const { kid } = await t.db.sql.begin((tx) => t.keyring.rotate(tx, t.clock.now));
    const doc = await did();
    expect(doc.verificationMethod.map((m) => m.id)).toContain(`did:web:trace.example.vn#${kid}`);
    expect(doc.verificationMethod.length).toBeGreaterThan(1);
    expect(await statusOf(id)).toBe('valid'); // signed with the retired key, verified from the DID document
    // The DTE is signed when asked for: now with the new key, its content (and so the DPP's hash of it) unchanged.
    const dteAfter = await verified(`${BASE}/passports/dte/${id}`);
    expect(dteAfter).toEqual(JSON.parse(Buffer.from(dteBefore.split('.')[1]!, 'base64url').toString('utf8')));
    const dteHeader = JSON.parse(
      Buffer.from((await (await t.call('GET', `/passports/dte/${id}`)).text()).split('.')[0]!, 'base64url').toString(
        'utf8',
      ),
    );
    expect(dteHeader.kid).toBe(`did:web:trace.example.vn#${kid}`);
    const [draft] = await t.db.sql<{ id: string }[]>`
      select b.id from batches b where b.status = 'draft' and exists (select 1 from batch_inputs i where i.batch_id = b.id)
      limit 1`;
    const sealed = await t.call('POST', `/api/v1/batches/${draft!.id}/seal`, { key: t.keys.admin });
    expect(sealed.status).toBe(200);
    const jws = await (await t.call('GET', `/passports/dpp/${draft!.id}`)).text();
    const v = verifyCredentialJws(jws, await did());
    expect(v.valid && v.header.kid).toBe(`did:web:trace.example.vn#${kid}`);
  });
});
