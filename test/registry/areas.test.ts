import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { areaBody } from '../support/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('raw-material areas', () => {
  it('registers an area with its certifications and reads it back', async () => {
    const { org, key } = await t.cooperative();
    const r = await t.call('POST', '/api/v1/areas', {
      key,
      body: areaBody(org.id, { plantingAreaCode: 'PUC-SL-0042' }),
    });
    expect(r.status).toBe(201);
    const area = await r.json();
    expect(area).toMatchObject({
      operatorId: org.id,
      areaHa: 42.5,
      households: 37,
      plantingAreaCode: 'PUC-SL-0042',
      certifications: [{ scheme: 'vietgap', number: 'VG-2024-001', validFrom: '2024-01-01', validTo: '2026-12-31' }],
    });
    expect(await (await t.call('GET', `/api/v1/areas/${area.id}`, { key })).json()).toEqual(area);
  });

  it('refuses an open polygon ring and out-of-range coordinates, naming the position', async () => {
    const { org, key } = await t.cooperative();
    const open = await t.call('POST', '/api/v1/areas', {
      key,
      body: areaBody(org.id, {
        location: {
          type: 'Polygon',
          coordinates: [
            [
              [105, 22],
              [105.1, 22],
              [105.1, 22.1],
              [105, 22.1],
            ],
          ],
        },
      }),
    });
    expect(open.status).toBe(400);
    expect((await open.json()).error.details[0]).toMatchObject({
      path: 'body.location.coordinates.0',
      message: expect.stringMatching(/closed/),
    });
    const far = await t.call('POST', '/api/v1/areas', {
      key,
      body: areaBody(org.id, { location: { type: 'Point', coordinates: [105, 95] } }),
    });
    expect((await far.json()).error.details[0].path).toBe('body.location.coordinates.1');
    const line = await t.call('POST', '/api/v1/areas', {
      key,
      body: areaBody(org.id, {
        location: {
          type: 'LineString',
          coordinates: [
            [105, 22],
            [105, 23],
          ],
        },
      }),
    });
    expect(line.status).toBe(400);
  });

  it('refuses negative hectares, a certificate that ends before it starts and an unknown scheme', async () => {
    const { org, key } = await t.cooperative();
    const neg = await (await t.call('POST', '/api/v1/areas', { key, body: areaBody(org.id, { areaHa: -1 }) })).json();
    expect(neg.error.details[0].path).toBe('body.areaHa');
    const cert = { scheme: 'organic', number: 'OR-1', issuer: 'X', validFrom: '2025-01-01', validTo: '2024-01-01' };
    const bad = await (
      await t.call('POST', '/api/v1/areas', { key, body: areaBody(org.id, { certifications: [cert] }) })
    ).json();
    expect(bad.error.details[0].path).toBe('body.certifications.0.validTo');
    const scheme = await (
      await t.call('POST', '/api/v1/areas', {
        key,
        body: areaBody(org.id, { certifications: [{ ...cert, scheme: 'fairtrade', validTo: '2026-01-01' }] }),
      })
    ).json();
    expect(scheme.error.details[0].path).toBe('body.certifications.0.scheme');
  });

  it('refuses a duplicate area code with 409', async () => {
    const { org, key } = await t.cooperative();
    await t.call('POST', '/api/v1/areas', { key, body: areaBody(org.id, { code: 'VNL-DUP' }) });
    const r = await t.call('POST', '/api/v1/areas', { key, body: areaBody(org.id, { code: 'VNL-DUP' }) });
    expect(r.status).toBe(409);
  });

  it('keeps cooperatives to their own areas: 404 to read, 403 to change or create', async () => {
    const a = await t.cooperative();
    const b = await t.cooperative();
    const areaB = await (await t.call('POST', '/api/v1/areas', { key: b.key, body: areaBody(b.org.id) })).json();
    expect((await t.call('GET', `/api/v1/areas/${areaB.id}`, { key: a.key })).status).toBe(404);
    expect((await t.call('PATCH', `/api/v1/areas/${areaB.id}`, { key: a.key, body: { households: 1 } })).status).toBe(
      403,
    );
    expect((await t.call('POST', '/api/v1/areas', { key: a.key, body: areaBody(b.org.id) })).status).toBe(403);
    const listA = await (await t.call('GET', '/api/v1/areas', { key: a.key })).json();
    expect(listA.items.map((x: { id: string }) => x.id)).not.toContain(areaB.id);
    // staff read everything but change nothing
    expect((await t.call('GET', `/api/v1/areas/${areaB.id}`, { key: t.keys.staff })).status).toBe(200);
    expect(
      (await t.call('PATCH', `/api/v1/areas/${areaB.id}`, { key: t.keys.staff, body: { households: 1 } })).status,
    ).toBe(403);
  });

  it('replaces certifications on change and audits before and after', async () => {
    const { org, key } = await t.cooperative();
    const area = await (await t.call('POST', '/api/v1/areas', { key, body: areaBody(org.id) })).json();
    const cert = {
      scheme: 'organic',
      number: 'OR-2025-7',
      issuer: 'Control Union',
      validFrom: '2025-01-01',
      validTo: '2027-12-31',
    };
    const r = await t.call('PATCH', `/api/v1/areas/${area.id}`, { key, body: { certifications: [cert], areaHa: 50 } });
    expect(r.status).toBe(200);
    const after = await r.json();
    expect(after.certifications).toEqual([cert]);
    expect(after.areaHa).toBe(50);
    const log = await (
      await t.call('GET', `/api/v1/audit?entity=area&entityId=${area.id}`, { key: t.keys.admin })
    ).json();
    expect(log.items.at(-1).before.certifications[0].scheme).toBe('vietgap');
  });
});

describe('supply contracts', () => {
  it('links an area operated by a farmer group to a cooperative and lets both see it', async () => {
    const coop = await t.cooperative();
    const group = await t.cooperative('Tổ hội nghề nghiệp chè Cao Bồ');
    const area = await (await t.call('POST', '/api/v1/areas', { key: group.key, body: areaBody(group.org.id) })).json();
    const r = await t.call('POST', '/api/v1/contracts', {
      key: coop.key,
      body: {
        areaId: area.id,
        cooperativeId: coop.org.id,
        number: 'HĐ-01/2024',
        startsOn: '2024-01-01',
        endsOn: '2026-12-31',
      },
    });
    expect(r.status).toBe(201);
    const contract = await r.json();
    expect(contract).toMatchObject({ startsOn: '2024-01-01', endsOn: '2026-12-31', status: 'pending' });
    // the operator sees the contract and confirms it; then the cooperative can see the area it buys from
    expect((await t.call('GET', `/api/v1/contracts/${contract.id}`, { key: group.key })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: coop.key })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/contracts/${contract.id}/confirm`, { key: group.key })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: coop.key })).status).toBe(200);
    const active = await (
      await t.call('GET', `/api/v1/contracts?areaId=${area.id}&activeOn=2025-06-01`, { key: t.keys.staff })
    ).json();
    expect(active.items).toHaveLength(1);
    const none = await (
      await t.call('GET', `/api/v1/contracts?areaId=${area.id}&activeOn=2027-06-01`, { key: t.keys.staff })
    ).json();
    expect(none.items).toHaveLength(0);
  });

  it('refuses an end before the start, an unknown area and a contract between two other organizations', async () => {
    const coop = await t.cooperative();
    const other = await t.cooperative();
    const third = await t.cooperative();
    const area = await (await t.call('POST', '/api/v1/areas', { key: coop.key, body: areaBody(coop.org.id) })).json();
    const thirds = await (
      await t.call('POST', '/api/v1/areas', { key: third.key, body: areaBody(third.org.id) })
    ).json();
    const base = {
      areaId: area.id,
      cooperativeId: coop.org.id,
      number: 'HĐ-X',
      startsOn: '2025-01-01',
      endsOn: '2024-01-01',
    };
    expect(
      (await (await t.call('POST', '/api/v1/contracts', { key: coop.key, body: base })).json()).error.details[0].path,
    ).toBe('body.endsOn');
    const unknown = await (
      await t.call('POST', '/api/v1/contracts', {
        key: coop.key,
        body: { ...base, endsOn: '2026-01-01', areaId: '00000000-0000-4000-8000-000000000000' },
      })
    ).json();
    expect(unknown.error.details[0].path).toBe('body.areaId');
    expect(
      (
        await t.call('POST', '/api/v1/contracts', {
          key: coop.key,
          body: { ...base, endsOn: '2026-01-01', areaId: thirds.id, cooperativeId: other.org.id },
        })
      ).status,
    ).toBe(403);
    const c = await (
      await t.call('POST', '/api/v1/contracts', { key: coop.key, body: { ...base, endsOn: '2026-01-01' } })
    ).json();
    expect((await t.call('GET', `/api/v1/contracts/${c.id}`, { key: other.key })).status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/contracts/${c.id}`, { key: other.key, body: { number: 'HĐ-Y' } })).status,
    ).toBe(403);
    const patchBad = await t.call('PATCH', `/api/v1/contracts/${c.id}`, {
      key: coop.key,
      body: { endsOn: '2020-01-01' },
    });
    expect(patchBad.status).toBe(400);
  });
});
