// Issue #12, input hygiene: every text field is checked the same way (one schema helper), text is
// stored in NFC, identifiers that cannot name a trade item are refused, dates stay inside a
// plausible window that the error names, and database error text never reaches a client.
// test/registry/bad-input.test.ts sends the same bad values to every field of every write operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
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
