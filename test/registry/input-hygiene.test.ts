// Issue #12, input hygiene: every text field is checked the same way (one schema helper), text is
// stored in NFC, identifiers that cannot name a trade item are refused, dates stay inside a
// plausible window that the error names, and database error text never reaches a client.
// test/registry/bad-input.test.ts sends the same bad values to every field of every write operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

const problemsOf = async (r: Promise<Response>, status = 400) => {
  const body = await json(r, status);
  expect(body.error.code).toBe('VALIDATION_FAILED');
  return body.error.details as { path: string; message: string }[];
};

async function sealedBatch() {
  const c = await producerChain(t);
  const lot = await c.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]) }),
    201,
  );
  await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  return { ...c, lot, batch: draft as { id: string } };
}

const recallCount = async (batchId: string) =>
  (await t.db.sql`select count(*)::int as n from batch_recalls where batch_id = ${batchId}`)[0]!.n as number;

describe('text fields', () => {
  it('answers 400 naming body.reason for a lone UTF-16 surrogate in a batch recall, as POST /recalls does', async () => {
    const s = await sealedBatch();
    // JSON.stringify would escape the surrogate the same way; written out to show what is sent.
    const reason = '"Dư lượng \\ud800 vượt ngưỡng"';
    const one = await problemsOf(
      t.call('POST', `/api/v1/batches/${s.batch.id}/recall`, {
        key: t.keys.staff,
        body: `{"reason":${reason},"authority":"Chi cục QLCL","recalledOn":"2025-06-15"}`,
      }),
    );
    expect(one).toEqual([
      expect.objectContaining({ path: 'body.reason', message: expect.stringMatching(/surrogate/) }),
    ]);
    const all = await problemsOf(
      t.call('POST', '/api/v1/recalls', {
        key: t.keys.staff,
        body: `{"origin":{"kind":"harvest_lot","id":"${s.lot.id}"},"reason":${reason},"authority":"Chi cục QLCL","recalledOn":"2025-06-15"}`,
      }),
    );
    expect(all).toEqual(one);
    expect(await recallCount(s.batch.id)).toBe(0);
  });

  it('stores names in NFC, so that a search typed in NFD finds organizations typed either way', async () => {
    const nfc = 'HTX Chè Cao Bồ';
    const nfd = 'Tổ hợp tác Cao Bồ'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const a = await json(
      t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: { kind: 'cooperative', name: nfc, province: 'Tỉnh Sơn Lâm' },
      }),
      201,
    );
    const b = await json(
      t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: { kind: 'cooperative_group', name: nfd, province: 'Tỉnh Sơn Lâm'.normalize('NFD') },
      }),
      201,
    );
    expect(b.name).toBe('Tổ hợp tác Cao Bồ');
    expect(b.province).toBe('Tỉnh Sơn Lâm');
    const stored = await t.db.sql`select name from organizations where id = ${b.id}`;
    expect(stored[0]!.name).toBe(nfd.normalize('NFC'));
    for (const q of ['Cao Bồ'.normalize('NFD'), 'Cao Bồ']) {
      const page = await json(
        t.call('GET', `/api/v1/organizations?q=${encodeURIComponent(q)}`, { key: t.keys.admin }),
        200,
      );
      const ids = page.items.map((o: { id: string }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    }
  });

  it('refuses control, bidi-override and zero-width characters in names and codes, naming each field', async () => {
    const problems = await problemsOf(
      t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: {
          kind: 'cooperative',
          name: 'HTX \u202eCao Bồ',
          registrationCode: 'HTX\u200b-01',
          province: 'Tỉnh\u0007 Sơn Lâm',
          address: 'Thôn Lùng Tao\nxã Cao Bồ',
        },
      }),
    );
    expect(problems).toEqual([
      { path: 'body.name', code: 'custom', message: expect.stringContaining('U+202E') },
      { path: 'body.registrationCode', code: 'custom', message: expect.stringContaining('U+200B') },
      { path: 'body.province', code: 'custom', message: expect.stringContaining('U+0007') },
      { path: 'body.address', code: 'custom', message: expect.stringContaining('one line') },
    ]);
  });

  it('keeps line breaks in free text (notes, reasons, descriptions) and refuses other control characters there', async () => {
    const c = await producerChain(t);
    const ok = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: {
          areaId: c.area.id,
          harvestedOn: '2025-06-01',
          quantity: 5,
          unit: 'kg',
          notes: 'Hái sáng sớm\r\nTrời khô',
        },
      }),
      201,
    );
    expect(ok.notes).toBe('Hái sáng sớm\r\nTrời khô');
    const problems = await problemsOf(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: { areaId: c.area.id, harvestedOn: '2025-06-01', quantity: 5, unit: 'kg', notes: 'Hái \u001b[31m sớm' },
      }),
    );
    expect(problems).toEqual([{ path: 'body.notes', code: 'custom', message: expect.stringContaining('U+001B') }]);
  });

  it('checks the values of list filters the same way: a search typed in NFD, a control character refused', async () => {
    const problems = await problemsOf(t.call('GET', '/api/v1/areas?q=ch%C3%A8%07', { key: t.keys.admin }));
    expect(problems).toEqual([expect.objectContaining({ path: 'query.q' })]);
  });
});

describe('identifiers', () => {
  it('refuses GTINs that cannot name a trade item: all zeros, restricted circulation and coupon numbers', async () => {
    const coop = await t.cooperative();
    for (const gtin of [
      '00000000000000',
      '0000000000000',
      '00000000',
      '2001234567893', // GS1 prefix 20–29: restricted circulation within a company or region
      '0212345678909', // prefix 02: variable-measure items inside a store
      '20123451', // GTIN-8 prefix 2: restricted circulation
      '9812345678902', // 981–984: coupons
      '9912345678909', // 99: coupons
    ]) {
      const r = await json(
        t.call('POST', '/api/v1/products', {
          key: coop.key,
          body: { gtin, nameVi: 'Mật ong bạc hà', ocopGroup: 1, ownerId: coop.org.id },
        }),
        400,
      );
      expect(r.error.details, gtin).toEqual([
        expect.objectContaining({ path: 'body.gtin', message: expect.stringMatching(/trade item|restricted|coupon/) }),
      ]);
    }
    const n = (await t.db.sql`select count(*)::int as n from products where owner_id = ${coop.org.id}`)[0]!.n;
    expect(n).toBe(0);
  });
});

describe('dates', () => {
  it('refuses a recall dated 9999-12-31 or in the future, naming the window, on both recall operations', async () => {
    const s = await sealedBatch();
    for (const recalledOn of ['9999-12-31', '2025-06-16', '1999-12-31']) {
      const body = { reason: 'Dư lượng vượt ngưỡng', authority: 'Chi cục QLCL', recalledOn };
      const one = await problemsOf(t.call('POST', `/api/v1/batches/${s.batch.id}/recall`, { key: t.keys.staff, body }));
      // The edge, which does not know the day, refuses what no window reaches: "between 2000-01-01 and
      // today"; the operation, which does, names today.
      const window =
        recalledOn === '2025-06-16'
          ? 'between 2000-01-01 and today (today is 2025-06-15)'
          : 'between 2000-01-01 and today';
      expect(one).toEqual([
        expect.objectContaining({ path: 'body.recalledOn', message: expect.stringContaining(window) }),
      ]);
      const all = await problemsOf(
        t.call('POST', '/api/v1/recalls', {
          key: t.keys.staff,
          body: { ...body, origin: { kind: 'harvest_lot', id: s.lot.id } },
        }),
      );
      expect(all).toEqual([expect.objectContaining({ path: 'body.recalledOn' })]);
    }
    expect(await recallCount(s.batch.id)).toBe(0);
  });

  it('refuses a process event dated in the year 9999 or after today, naming the window', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    for (const occurredAt of ['9999-12-31T00:00:00Z', '2025-06-16T08:00:00+07:00', '0000-01-01T00:00:00Z']) {
      const problems = await problemsOf(
        t.call('POST', `/api/v1/batches/${draft.id}/events`, {
          key: c.coop.key,
          body: { type: 'packing', occurredAt, placeOrganizationId: c.coop.org.id },
        }),
      );
      expect(problems, occurredAt).toEqual([
        expect.objectContaining({ path: 'body.occurredAt', message: expect.stringContaining('2000-01-01') }),
      ]);
    }
    // The same day in Vietnam is not the future, whatever the offset it is written with.
    await json(
      t.call('POST', `/api/v1/batches/${draft.id}/events`, {
        key: c.coop.key,
        body: { type: 'packing', occurredAt: '2025-06-15T16:30:00Z', placeOrganizationId: c.coop.org.id },
      }),
      201,
    );
    const events = await t.db.sql`select count(*)::int as n from batch_events where batch_id = ${draft.id}`;
    expect(events[0]!.n).toBe(3);
  });

  it('bounds the dates of certificates and contracts: starts at most a year ahead, ends at most 50 years ahead', async () => {
    const c = await producerChain(t);
    const cert = {
      scheme: 'vietgap',
      number: 'VG-1',
      issuer: 'QUACERT',
      validFrom: '2026-07-01',
      validTo: '2027-07-01',
    };
    const area = await problemsOf(
      t.call('PATCH', `/api/v1/areas/${c.area.id}`, { key: c.coop.key, body: { certifications: [cert] } }),
    );
    expect(area).toEqual([
      expect.objectContaining({
        path: 'body.certifications.0.validFrom',
        message: expect.stringContaining('between 2000-01-01 and 2026-06-15 (a year from today)'),
      }),
    ]);
    const other = await t.cooperative();
    const contract = await problemsOf(
      t.call('POST', '/api/v1/contracts', {
        key: t.keys.admin,
        body: {
          areaId: c.area.id,
          cooperativeId: other.org.id,
          number: 'HĐ-01',
          startsOn: '2025-01-01',
          endsOn: '2080-01-01',
        },
      }),
    );
    expect(contract).toEqual([
      expect.objectContaining({
        path: 'body.endsOn',
        message: expect.stringContaining('between 2000-01-01 and 2075-06-15 (50 years from today)'),
      }),
    ]);
  });

  it('answers a date no calendar has with the field and a plain message, never the database’s words', async () => {
    const s = await sealedBatch();
    const answers = [
      t.call('POST', `/api/v1/batches/${s.batch.id}/recall`, {
        key: t.keys.staff,
        body: { reason: 'x', authority: 'y', recalledOn: '0000-01-01' },
      }),
      t.call('GET', '/api/v1/harvest-lots?from=0000-01-01', { key: t.keys.staff }),
      t.call('GET', '/api/v1/fake-reports?before=0000-01-01T00:00:00Z', { key: t.keys.staff }),
    ];
    const paths = [];
    for (const r of answers) {
      const body = await json(r, 400);
      expect(JSON.stringify(body)).not.toMatch(/date\/time|out of range:|field value/);
      expect(body.error.details).toEqual([expect.objectContaining({ message: expect.stringContaining('2000-01-01') })]);
      paths.push(body.error.details[0].path);
    }
    expect(paths).toEqual(['body.recalledOn', 'query.from', 'query.before']);
  });
});

describe('database errors', () => {
  it('turns a PostgreSQL data exception into a plain message, without the database’s words', async () => {
    const { toAppError } = await import('../../src/http/error-response');
    const cases = [
      { code: '22008', message: 'date/time field value out of range: "0000-01-01T00:00:00.000Z"', plain: /date/ },
      { code: '22001', message: 'value too long for type character varying(20)', plain: /too long/ },
      { code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00', plain: /character/ },
      { code: '22P02', message: 'invalid input syntax for type uuid: "x"', plain: /form/ },
    ];
    for (const c of cases) {
      const e = toAppError(Object.assign(new Error(c.message), { code: c.code, column_name: 'recalled_on' }))!;
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.status).toBe(400);
      expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain(c.message.slice(0, 12));
      expect(e.details).toEqual([{ path: 'recalledOn', message: expect.stringMatching(c.plain) }]);
    }
    const noColumn = toAppError(Object.assign(new Error('numeric field overflow'), { code: '22003' }))!;
    expect(noColumn.details).toEqual([{ path: null, message: expect.stringMatching(/number/) }]);
  });
});
