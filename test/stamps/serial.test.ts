import { describe, expect, it } from 'vitest';
import { checkSerial, generateSerials, SERIAL_ALPHABET } from '../../src/domain/serial';
import { encodeAiValue, stampUri } from '../../src/domain/digital-link';

describe('stamp serials', () => {
  it('are 14 characters without look-alikes and pass their own check', () => {
    const serials = generateSerials(2000);
    expect(new Set(serials).size).toBe(2000);
    for (const s of serials) {
      expect(s).toMatch(/^[2-9A-HJKMNP-Z]{14}$/);
      expect(checkSerial(s)).toBe('well_formed');
      expect(checkSerial(s.toLowerCase())).toBe('well_formed');
    }
  });

  it('use every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>();
    for (const s of generateSerials(20000)) for (const ch of s.slice(0, 13)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (20000 * 13) / SERIAL_ALPHABET.length;
    for (const ch of SERIAL_ALPHABET) expect(Math.abs(counts.get(ch)! - expected) / expected).toBeLessThan(0.06);
  });

  it('recognise any single mistyped character and any swap of neighbours as mistyped', () => {
    const [s] = generateSerials(1) as [string];
    for (let i = 0; i < s.length; i++) {
      for (const ch of SERIAL_ALPHABET) {
        if (ch === s[i]) continue;
        expect(checkSerial(s.slice(0, i) + ch + s.slice(i + 1))).toBe('mistyped');
      }
      if (i + 1 < s.length && s[i] !== s[i + 1]) {
        expect(checkSerial(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2))).toBe('mistyped');
      }
    }
    expect(checkSerial(`${s.slice(0, 5)}O${s.slice(6)}`)).toBe('mistyped');
    expect(checkSerial('short')).toBe('malformed');
    expect(checkSerial('ABC-DEF-GHJ-KM')).toBe('malformed');
  });
});

describe('GS1 Digital Link URIs', () => {
  it('percent-encode lot characters that are not URI-unreserved', () => {
    expect(encodeAiValue('LOT-2025.1_A~')).toBe('LOT-2025.1_A~');
    expect(encodeAiValue('A/B 1')).toBe('A%2FB%201');
    expect(encodeAiValue('!"%&\'()*+,:;<=>?')).toBe('%21%22%25%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%3F');
    expect(stampUri('https://trace.example.vn', '08930000000019', 'L/1', 'ABCDEFGHJKMNP2')).toBe(
      'https://trace.example.vn/01/08930000000019/10/L%2F1/21/ABCDEFGHJKMNP2',
    );
  });
});
