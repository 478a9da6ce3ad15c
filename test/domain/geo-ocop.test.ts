import { describe, expect, it } from 'vitest';
import { locationProblems, representativePoint } from '../../src/domain/geo';
import { ratingInForce, ratingValidUntil } from '../../src/domain/ocop';

describe('GeoJSON locations', () => {
  it('accepts a point and a closed polygon in range', () => {
    expect(locationProblems({ type: 'Point', coordinates: [105.1, 22.3] })).toEqual([]);
    expect(
      locationProblems({
        type: 'Polygon',
        coordinates: [
          [
            [105, 22],
            [105.1, 22],
            [105.1, 22.1],
            [105, 22],
          ],
        ],
      }),
    ).toEqual([]);
  });
  it('refuses out-of-range positions and open or short rings, naming where', () => {
    expect(locationProblems({ type: 'Point', coordinates: [190, 22] })[0]?.path).toEqual(['coordinates', 0]);
    expect(locationProblems({ type: 'Point', coordinates: [105, -91] })[0]?.path).toEqual(['coordinates', 1]);
    const open = locationProblems({
      type: 'Polygon',
      coordinates: [
        [
          [105, 22],
          [105.1, 22],
          [105.1, 22.1],
          [105, 22.2],
        ],
      ],
    });
    expect(open.map((p) => p.message).join()).toMatch(/closed/);
    const short = locationProblems({
      type: 'Polygon',
      coordinates: [
        [
          [105, 22],
          [105.1, 22],
          [105, 22],
        ],
      ],
    });
    expect(short.map((p) => p.message).join()).toMatch(/four positions/);
  });
  it('gives a representative point for maps', () => {
    expect(
      representativePoint({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 0],
            [2, 2],
            [0, 2],
            [0, 0],
          ],
        ],
      }),
    ).toEqual([1, 1]);
  });
});

describe('OCOP rating validity', () => {
  it('lasts 36 months from the decision date', () => {
    expect(ratingValidUntil('2022-03-15')).toBe('2025-03-14');
    expect(ratingValidUntil('2021-02-28')).toBe('2024-02-27');
    expect(ratingValidUntil('2020-01-31')).toBe('2023-01-30');
  });
  it('picks the newest rating whose validity covers the day, or none', () => {
    const r = (decisionDate: string, stars: number) => ({
      decisionDate,
      validUntil: ratingValidUntil(decisionDate),
      stars,
    });
    const history = [r('2019-05-01', 3), r('2023-04-10', 4)];
    expect(ratingInForce(history, '2021-01-01')?.stars).toBe(3);
    expect(ratingInForce(history, '2023-06-01')?.stars).toBe(4);
    expect(ratingInForce(history, '2022-06-01')).toBeNull();
    expect(ratingInForce(history, '2019-04-30')).toBeNull();
  });
});
