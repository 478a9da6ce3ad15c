import { describe, expect, it } from 'vitest';
import { foldForComparison, textProblem } from '../../src/domain/text';

describe('text as typed', () => {
  it('accepts Vietnamese in either normal form, emoji and, in free text, line breaks', () => {
    for (const s of ['Hợp tác xã Cao Bồ', 'Hợp tác xã Cao Bồ'.normalize('NFD'), 'Mật ong 🐝', 'A & B (1/2)'])
      expect(textProblem(s, 'line'), s).toBeNull();
    expect(textProblem('Dòng một\r\nDòng hai\tcột 👨‍🌾', 'multiline')).toBeNull();
  });

  it('refuses lone surrogates, control, bidirectional-formatting and zero-width characters, saying which and where', () => {
    expect(textProblem('ab\ud800', 'multiline')).toBe(
      'is not well-formed Unicode: a lone UTF-16 surrogate at character 3',
    );
    expect(textProblem('\udc00', 'line')).toMatch(/surrogate at character 1/);
    expect(textProblem('a\u0000', 'multiline')).toBe('must not contain control characters (U+0000 at character 2)');
    for (const c of ['\u0007', '\u001b', '\u007f', '\u0085', '\ufffe'])
      expect(textProblem(`x${c}`, 'multiline')).toMatch(/control/);
    for (const c of ['\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c'])
      expect(textProblem(`x${c}`, 'multiline')).toMatch(/bidirectional/);
    for (const c of ['\u200b', '\u2060', '\ufeff']) expect(textProblem(`x${c}`, 'multiline')).toMatch(/zero-width/);
  });

  it('keeps names and codes on one line and without zero-width joiners', () => {
    for (const c of ['\n', '\r', '\t', '\u2028'])
      expect(textProblem(`HTX${c}Cao Bồ`, 'line')).toMatch(/one line.*at character 4/);
    expect(textProblem('HTX\u200dCao', 'line')).toBe('must not contain zero-width characters (U+200D at character 4)');
    expect(textProblem('a\u2029b', 'multiline')).toMatch(/line feeds/);
  });

  it('folds case, diacritics, đ and spacing for comparison', () => {
    expect(foldForComparison('Xã  Cao Bồ')).toBe('xa cao bo');
    expect(foldForComparison('XÃ CAO BỒ'.normalize('NFD'))).toBe('xa cao bo');
    expect(foldForComparison(' Đồng Văn ')).toBe('dong van');
  });
});
