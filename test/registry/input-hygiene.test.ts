// Issue #12, input hygiene: every text field is checked the same way (one schema helper), text is
// stored in NFC, identifiers that cannot name a trade item are refused, dates stay inside a
// plausible window that the error names, and database error text never reaches a client.
// test/registry/bad-input.test.ts sends the same bad values to every field of every write operation.
import { describe, expect, it } from 'vitest';

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
