import { describe, expect, it } from 'vitest';
import { fitText, type FitRequest } from '../../src/labels/text';

// every character 0.5 em wide
const measure = (s: string) => Array.from(s).length * 0.5;
const req = (text: string, over: Partial<FitRequest> = {}): FitRequest => ({
  text,
  width: 50,
  height: 10,
  fontSize: 10,
  minFontSize: 6,
  maxLines: 1,
  lineHeight: 1.15,
  extent: 1,
  measure,
  ...over,
});

describe('fitText', () => {
  it('keeps the size when the text fits', () => {
    expect(fitText(req('abcd'))).toMatchObject({ size: 10, lines: ['abcd'], truncated: false });
  });

  it('shrinks down to the floor before anything else', () => {
    const f = fitText(req('a'.repeat(14)));
    expect(f.lines).toEqual(['a'.repeat(14)]);
    expect(f.size).toBeLessThanOrEqual(50 / 7);
    expect(f.size).toBeGreaterThanOrEqual(6);
  });

  it('wraps when the floor is not enough and the box holds more lines', () => {
    const f = fitText(req('aaaa bbbb cccc dddd eeee', { height: 22, maxLines: 3 }));
    expect(f.lines.length).toBeGreaterThan(1);
    expect(f.truncated).toBe(false);
    for (const l of f.lines) expect(measure(l) * f.size).toBeLessThanOrEqual(50);
    expect(f.size * 1 + (f.lines.length - 1) * f.advance).toBeLessThanOrEqual(22);
  });

  it('cuts the last line with an ellipsis at the floor and never leaves the box', () => {
    const f = fitText(req('word '.repeat(40), { height: 14, maxLines: 5 }));
    expect(f.truncated).toBe(true);
    expect(f.size).toBe(6);
    expect(f.lines.at(-1)!.endsWith('…')).toBe(true);
    for (const l of f.lines) expect(measure(l) * f.size).toBeLessThanOrEqual(50 + 1e-9);
    expect(f.size * 1 + (f.lines.length - 1) * f.advance).toBeLessThanOrEqual(14);
  });
});
