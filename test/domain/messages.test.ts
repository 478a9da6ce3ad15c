// The catalogue of messages: every error code and field rule in both languages, and the English
// messages the API gives found again as their rule, so a Vietnamese page can say them in Vietnamese.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dayProblems, windowWords } from '../../src/domain/date-windows';
import {
  ERROR_MESSAGES,
  FIELD_RULES,
  englishCatalogue,
  numberVi,
  ruleOf,
  translateMessage,
} from '../../src/domain/messages';
import { textProblem } from '../../src/domain/text';
import { quantityIn, unitName } from '../../src/domain/units';
import { errorStatus } from '../../src/errors';
import { code, day, email, gtin, httpUrl, text } from '../../src/http/schemas';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return r.error.issues[0]!.message;
};

describe('the catalogue of messages', () => {
  it('says every error code in Vietnamese and English', () => {
    for (const c of Object.keys(errorStatus)) {
      const m = ERROR_MESSAGES[c as keyof typeof ERROR_MESSAGES];
      expect(m?.vi, c).toBeTruthy();
      expect(m?.en, c).toBeTruthy();
      expect(m.vi, c).not.toBe(m.en);
    }
  });

  it('has a Vietnamese text for every field rule, using only parameters its English gives', () => {
    for (const [rule, { en, vi }] of Object.entries(FIELD_RULES)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]);
      for (const n of names(vi)) expect(names(en), rule).toContain(n);
      expect(vi, rule).not.toBe(en);
    }
  });

  it('finds the rule behind the schemas’ messages and says it in Vietnamese', () => {
    const lot = code(/^[!-~]{1,20}$/, FIELD_RULES.lotCodeFormat.en);
    const cases: [string, string, RegExp][] = [
      [messageOf(lot, 'CB 01'), 'lotCodeFormat', /^Số lô dài tối đa 20 ký tự/],
      [messageOf(text(10), 'x'.repeat(11)), 'tooLong', /^Dài tối đa 10 ký tự$/],
      [messageOf(text(10), '  '), 'required', /^Không được để trống$/],
      [messageOf(text(10), 'a\tb'), 'notOneLine', /^Chỉ viết trên một dòng.*\(ký tự U\+0009 ở vị trí 2\)$/],
      [messageOf(gtin, '8936045120010'), 'gtinCheckDigit', /^Chữ số kiểm tra/],
      [messageOf(gtin, '123'), 'gtinFormat', /^Mã GTIN gồm/],
      [messageOf(email, 'nope'), 'email', /email/],
      [messageOf(httpUrl, 'ftp://x.vn'), 'url', /http:\/\//],
      [messageOf(day('past'), '2025-13-01'), 'dateFormat', /ngày/],
      [messageOf(day('past'), '1999-12-31'), 'dayWindow', /^Phải là một ngày từ 01\/01\/2000 đến hôm nay$/],
      [messageOf(z.number().positive(), 0), 'above', /^Phải lớn hơn 0$/],
      [messageOf(z.number().max(2.5), 3), 'atMost', /^Không được lớn hơn 2,5$/],
      [messageOf(z.number(), Number.NaN), 'notNumber', /^Hãy nhập một số/],
      [messageOf(z.object({ n: z.number() }), {}), 'missing', /^Không được để trống$/],
    ];
    for (const [en, rule, vi] of cases) {
      expect(ruleOf(en)?.rule, en).toBe(rule);
      expect(translateMessage('vi', en), en).toMatch(vi);
      expect(translateMessage('en', en), en).toBe(en);
    }
  });

  it('writes the dates of a date window dd/mm/yyyy', () => {
    const [p] = dayProblems([{ path: 'body.harvestedOn', value: '2031-01-01', kind: 'past' }], '2026-11-29');
    expect(translateMessage('vi', p!.message)).toBe('Phải là một ngày từ 01/01/2000 đến hôm nay (29/11/2026)');
    expect(translateMessage('vi', `must be a day ${windowWords('end', '2026-11-29')}`)).toBe(
      'Phải là một ngày từ 01/01/2000 đến 29/11/2076 (50 năm kể từ hôm nay)',
    );
    expect(translateMessage('vi', textProblem('a\u200Bb', 'line')!)?.endsWith('(ký tự U+200B ở vị trí 2)')).toBe(true);
  });

  it('writes numbers with a decimal comma', () => {
    expect(numberVi(12.5)).toBe('12,5');
    expect(numberVi(1234567.25)).toBe('1.234.567,25');
    expect(numberVi(-0.5)).toBe('-0,5');
  });

  it('names units in the reader’s language', () => {
    expect(quantityIn('vi', 300, 'litre')).toBe('300 lít');
    expect(quantityIn('vi', 120, 'piece')).toBe('120 cái');
    expect(quantityIn('vi', 1234.5, 'kg')).toBe('1.234,5 kg');
    expect(quantityIn('en', 300, 'litre')).toBe('300 litres');
    expect(quantityIn('en', 1, 'bottle')).toBe('1 bottle');
    expect(unitName('vi', 'furlong')).toBe('furlong');
  });

  it('leaves unknown messages to the caller and lists its English words for the sweep', () => {
    expect(translateMessage('vi', 'something nobody wrote')).toBeNull();
    expect(englishCatalogue()).toContain('must be a stamp serial of this run');
    expect(englishCatalogue()).toContain(ERROR_MESSAGES.NOT_FOUND.en);
  });
});
