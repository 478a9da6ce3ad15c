import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactVerify, createLocalJWKSet } from 'jose';
import canonicalize from 'canonicalize';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

async function sealedBatch(opts: { rated?: boolean; carriesOcop?: boolean } = {}) {
  const c = await producerChain(t, { rated: opts.rated });
  const lot = await c.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', {
      key: c.coop.key,
      body: c.batchBody([{ harvestLotId: lot.id, quantity: 50 }], { carriesOcop: opts.carriesOcop ?? true }),
    }),
    201,
  );
  const sealed = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  return { ...c, lot, batch: sealed.batch, sealed };
}

describe('sealing and signed records', () => {
  it('seals a batch into a signed record that anyone verifies with the JWKS alone', async () => {
    const { batch, sealed, product, lot, area, coop } = await sealedBatch();
    expect(batch.status).toBe('sealed');
    const jwksRes = await t.call('GET', '/.well-known/jwks.json');
    expect(jwksRes.headers.get('cache-control')).toMatch(/max-age/);
    const jwks = await jwksRes.json();
    expect(jwks.keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      use: 'sig',
      alg: 'EdDSA',
      kid: sealed.record.kid,
    });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    // third-party verification: jose + canonicalize, nothing of ours
    const { payload, protectedHeader } = await compactVerify(sealed.record.jws, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: sealed.record.kid });
    const text = new TextDecoder().decode(payload);
    expect(canonicalize(JSON.parse(text))).toBe(text);
    const record = JSON.parse(text);
    expect(record).toMatchObject({
      type: 'ocop-trace/batch-record',
      batch: { id: batch.id, lotCode: batch.lotCode, quantity: 20, supersedes: null },
      product: { gtin: product.gtin, nameVi: product.nameVi },
      ocop: { status: 'valid', rating: { stars: 4, validUntil: '2027-02-28' } },
      cooperative: { id: coop.org.id },
      inputs: [
        {
          quantityUsed: 50,
          harvestLot: { id: lot.id, certifications: [expect.objectContaining({ scheme: 'vietgap' })] },
          area: { id: area.id, name: area.name },
        },
      ],
      sealedAt: '2025-06-15T08:00:00.000Z',
      sealedBy: { role: 'cooperative' },
    });
    expect(record.events).toHaveLength(2);
    const stored = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(stored).toMatchObject({
      jws: sealed.record.jws,
      sha256: sealed.record.sha256,
      verification: { status: 'valid', differences: [] },
    });
  });

  it('refuses every change to a sealed batch, through the API and in SQL', async () => {
    const { batch, coop, area } = await sealedBatch();
    const patch = await json(
      t.call('PATCH', `/api/v1/batches/${batch.id}`, { key: coop.key, body: { quantity: 999 } }),
      409,
    );
    expect(patch.error.code).toBe('BATCH_SEALED');
    const ev = await json(
      t.call('POST', `/api/v1/batches/${batch.id}/events`, {
        key: coop.key,
        body: { type: 'other', occurredAt: '2025-06-10T00:00:00Z', placeAreaId: area.id },
      }),
      409,
    );
    expect(ev.error.code).toBe('BATCH_SEALED');
    expect((await json(t.call('POST', `/api/v1/batches/${batch.id}/seal`, { key: coop.key }), 409)).error.code).toBe(
      'BATCH_SEALED',
    );
    await expect(t.db.sql`update batches set quantity = 999 where id = ${batch.id}`).rejects.toThrow(/sealed/);
    await expect(t.db.sql`delete from batches where id = ${batch.id}`).rejects.toThrow(/sealed/);
    await expect(t.db.sql`update batch_inputs set quantity = 1 where batch_id = ${batch.id}`).rejects.toThrow(/sealed/);
    await expect(t.db.sql`delete from batch_events where batch_id = ${batch.id}`).rejects.toThrow(/sealed/);
    await expect(t.db
      .sql`insert into batch_events (batch_id, type, occurred_at, place_area_id, product_code, location_code, recorded_by)
      values (${batch.id}, 'other', now(), ${area.id}, 'x', 'y', 'z')`).rejects.toThrow(/sealed/);
    await expect(
      t.db
        .sql`update harvest_lots set quantity = 1000 where id in (select harvest_lot_id from batch_inputs where batch_id = ${batch.id})`,
    ).rejects.toThrow(/sealed/);
  });

  it('seals without OCOP marking when no rating is valid, and refuses marking it', async () => {
    const c = await producerChain(t, { rated: false });
    const lot = await c.harvest(10);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 5 }]),
      }),
      201,
    );
    const refused = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 422);
    expect(refused.error.code).toBe('OCOP_RATING_INVALID');
    await json(t.call('PATCH', `/api/v1/batches/${draft.id}`, { key: c.coop.key, body: { carriesOcop: false } }), 200);
    const sealed = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
    expect(sealed.record.payload.ocop).toEqual({ status: 'no valid OCOP rating', rating: null });
  });

  it('refuses to seal a batch with no inputs', async () => {
    const c = await producerChain(t);
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([]) }), 201);
    expect((await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 422)).error.code).toBe(
      'BATCH_INCOMPLETE',
    );
  });
});

describe('tamper detection', () => {
  /** Edits a sealed row "behind the API's back": the guard triggers are bypassed as a DBA could. */
  async function behindTheBack(sql: typeof t.db.sql, statement: (tx: typeof t.db.sql) => Promise<unknown>) {
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await statement(tx as never);
    });
  }

  it('names what differs when a sealed row was changed in SQL', async () => {
    const { batch } = await sealedBatch();
    await behindTheBack(t.db.sql, (tx) => tx`update batches set quantity = 25 where id = ${batch.id}`);
    const r = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(r.verification.status).toBe('tampered');
    expect(r.verification.differences).toEqual([{ path: 'batch.quantity', signed: 20, live: 25 }]);
  });

  it('catches changed inputs, harvest lots and events', async () => {
    const { batch, lot } = await sealedBatch();
    await behindTheBack(t.db.sql, async (tx) => {
      await tx`update harvest_lots set harvested_on = '2025-05-01' where id = ${lot.id}`;
      await tx`update batch_events set details = 'khác' where batch_id = ${batch.id} and type = 'processing'`;
    });
    const r = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(r.verification.status).toBe('tampered');
    expect(r.verification.differences.map((d: { path: string }) => d.path).sort()).toEqual([
      'events[1].details',
      'inputs[0].harvestLot.harvestedOn',
    ]);
  });

  it('tells an unaudited change of reference data (tampering) from an audited edit', async () => {
    const { batch, area, coop, product } = await sealedBatch();
    await behindTheBack(t.db.sql, (tx) => tx`update raw_material_areas set name = 'Vùng khác' where id = ${area.id}`);
    const tampered = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(tampered.verification.status).toBe('tampered');
    expect(tampered.verification.differences.map((d: { path: string }) => d.path).sort()).toEqual([
      'events[0].place.name',
      'inputs[0].area.name',
    ]);
    // an edit through the API is audited: shown as changed since sealing, not as tampering
    await json(
      t.call('PATCH', `/api/v1/areas/${area.id}`, { key: coop.key, body: { name: 'Vùng chè Cao Bồ (mở rộng)' } }),
      200,
    );
    await json(
      t.call('PATCH', `/api/v1/products/${product.id}`, {
        key: coop.key,
        body: { nameVi: 'Chè Shan tuyết Cao Bồ loại đặc biệt' },
      }),
      200,
    );
    const edited = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(edited.verification.status).toBe('valid');
    expect(edited.verification.changedSince.map((d: { path: string }) => d.path).sort()).toEqual([
      'events[0].place.name',
      'inputs[0].area.name',
      'product.nameVi',
    ]);
  });

  it('reports a broken signature, a swapped header and a removed key', async () => {
    const { batch } = await sealedBatch();
    const [row] = await t.db.sql`select record_jws from batches where id = ${batch.id}`;
    const [h, p, s] = (row!.recordJws as string).split('.') as [string, string, string];
    const flip = (x: string) => (x[5] === 'A' ? `${x.slice(0, 5)}B${x.slice(6)}` : `${x.slice(0, 5)}A${x.slice(6)}`);
    for (const [jws, reason] of [
      [`${h}.${p}.${flip(s)}`, 'signature'],
      [`${h}.${flip(p)}.${s}`, undefined],
      [`${flip(h)}.${p}.${s}`, undefined],
    ] as const) {
      await behindTheBack(t.db.sql, (tx) => tx`update batches set record_jws = ${jws} where id = ${batch.id}`);
      const r = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
      expect(r.verification.status).toBe('invalid_signature');
      if (reason) expect(r.verification.signature.reason).toBe(reason);
    }
    await behindTheBack(t.db.sql, (tx) => tx`update batches set record_jws = ${row!.recordJws} where id = ${batch.id}`);
    expect((await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200)).verification.status).toBe('valid');
    // a stored hash that no longer matches the signed payload
    await behindTheBack(
      t.db.sql,
      (tx) => tx`update batches set record_sha256 = ${'0'.repeat(64)} where id = ${batch.id}`,
    );
    const hash = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(hash.verification).toMatchObject({
      status: 'tampered',
      differences: [expect.objectContaining({ path: '(stored sha256)' })],
    });
  });
});

describe('keys', () => {
  it('rotates: the new key signs, the retired one keeps verifying and never signs again', async () => {
    const first = await sealedBatch();
    const rotated = await json(t.call('POST', '/api/v1/signing-keys/rotate', { key: t.keys.admin }), 200);
    expect(rotated.retired).toBe(first.sealed.record.kid);
    const second = await sealedBatch();
    expect(second.sealed.record.kid).toBe(rotated.kid);
    const jwks = await json(t.call('GET', '/.well-known/jwks.json'), 200);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([first.sealed.record.kid, rotated.kid]),
    );
    expect((await json(t.call('GET', `/api/v1/batches/${first.batch.id}/record`), 200)).verification.status).toBe(
      'valid',
    );
    const keys = await json(t.call('GET', '/api/v1/signing-keys', { key: t.keys.admin }), 200);
    expect(keys.items.filter((k: { status: string }) => k.status === 'current')).toHaveLength(1);
    expect((await t.call('POST', '/api/v1/signing-keys/rotate', { key: t.keys.staff })).status).toBe(403);
  });
});

describe('corrections and recalls', () => {
  it('supersedes a sealed batch with a new signed version; both verify; the chain is visible', async () => {
    const { batch, coop, batchBody, lot } = await sealedBatch();
    // the correction may draw the same 50 kg again: the old version's draw is released
    const body = {
      ...batchBody([{ harvestLotId: lot.id, quantity: 50 }], { lotCode: batch.lotCode, quantity: 21 }),
      reason: 'Sai khối lượng thành phẩm',
    };
    const fixed = await json(t.call('POST', `/api/v1/batches/${batch.id}/supersede`, { key: coop.key, body }), 201);
    expect(fixed.batch).toMatchObject({
      status: 'sealed',
      version: 2,
      supersedesId: batch.id,
      supersedeReason: 'Sai khối lượng thành phẩm',
      quantity: 21,
    });
    expect(fixed.record.payload.batch.supersedes).toEqual({ id: batch.id, reason: 'Sai khối lượng thành phẩm' });
    const old = await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200);
    expect(old).toMatchObject({
      status: 'superseded',
      supersededById: fixed.batch.id,
      verification: { status: 'valid' },
    });
    expect((await json(t.call('GET', `/api/v1/batches/${fixed.batch.id}/record`), 200)).verification.status).toBe(
      'valid',
    );
    expect((await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: coop.key }), 200)).drawn).toBe(50);
    const again = await json(t.call('POST', `/api/v1/batches/${batch.id}/supersede`, { key: coop.key, body }), 409);
    expect(again.error.code).toBe('BATCH_SUPERSEDED');
  });

  it('records a signed recall that shows on the batch and its record, and can be lifted', async () => {
    const { batch, coop } = await sealedBatch();
    const other = await t.cooperative();
    const body = {
      reason: 'Phát hiện dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
      authority: 'Chi cục Quản lý chất lượng NLS&TS',
      recalledOn: '2025-06-15',
    };
    expect((await t.call('POST', `/api/v1/batches/${batch.id}/recall`, { key: other.key, body })).status).toBe(403);
    const recall = await json(t.call('POST', `/api/v1/batches/${batch.id}/recall`, { key: t.keys.staff, body }), 201);
    expect(recall).toMatchObject({ reason: body.reason, origin: { kind: 'batch' }, liftedAt: null });
    const jwks = await json(t.call('GET', '/.well-known/jwks.json'), 200);
    const { payload } = await compactVerify(recall.statementJws, createLocalJWKSet(jwks));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      type: 'ocop-trace/recall',
      batch: { id: batch.id },
      reason: body.reason,
    });
    expect((await json(t.call('GET', `/api/v1/batches/${batch.id}`, { key: coop.key }), 200)).recalled).toBe(true);
    expect((await json(t.call('GET', `/api/v1/batches/${batch.id}/record`), 200)).recalled).toBe(true);
    expect(
      (await json(t.call('POST', `/api/v1/batches/${batch.id}/recall`, { key: coop.key, body }), 409)).error.code,
    ).toBe('BATCH_RECALLED');
    await json(
      t.call('POST', `/api/v1/batches/${batch.id}/recalls/${recall.id}/lift`, {
        key: t.keys.staff,
        body: { reason: 'Kết quả kiểm nghiệm lại đạt' },
      }),
      200,
    );
    const after = await json(t.call('GET', `/api/v1/batches/${batch.id}`, { key: coop.key }), 200);
    expect(after.recalled).toBe(false);
    expect(after.recalls[0]).toMatchObject({ liftReason: 'Kết quả kiểm nghiệm lại đạt' });
    await expect(t.db.sql`update batch_recalls set reason = 'x' where id = ${recall.id}`).rejects.toThrow(
      /only be lifted/,
    );
  });

  it('has no public record for a draft', async () => {
    const c = await producerChain(t);
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([]) }), 201);
    expect((await t.call('GET', `/api/v1/batches/${draft.id}/record`)).status).toBe(404);
  });
});
