// The chart module on its own: the axis scale and its ticks, bar heights that match the values,
// the text alternative every chart carries, the table behind it, and escaping of every label.
import { describe, expect, it } from 'vitest';
import { BarChart, barHeight, niceScale, ShareBars, SparkBars } from '../../src/pages/charts';
import { standingOf } from '../../src/pages/report';
import type { ProgrammeFigure } from '../../src/db/report-store';

const render = async (node: unknown) => String(await (node as Promise<string> | string));

/** Every id an aria-labelledby names exists in the same markup. */
function expectLabelsResolve(html: string) {
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const refs = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
  expect(refs.length).toBeGreaterThan(0);
  for (const r of refs) expect(ids.has(r), `#${r}`).toBe(true);
}

describe('the axis scale', () => {
  it('steps by 1, 2 or 5 times a power of ten, with its top tick at or above the largest value', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(3)).toEqual({ top: 3, step: 1, ticks: [0, 1, 2, 3] });
    expect(niceScale(10)).toEqual({ top: 10, step: 5, ticks: [0, 5, 10] });
    expect(niceScale(17)).toEqual({ top: 20, step: 5, ticks: [0, 5, 10, 15, 20] });
    expect(niceScale(1234).step).toBe(500);
    expect(niceScale(1234).top).toBe(1500);
    for (const max of [1, 2, 7, 9, 11, 26, 99, 101, 480, 12_345]) {
      const s = niceScale(max);
      expect(s.top, `max ${max}`).toBeGreaterThanOrEqual(max);
      expect(s.ticks.at(-1)).toBe(s.top);
      expect(s.ticks.length).toBeLessThanOrEqual(6);
      expect(Number.isInteger(s.step)).toBe(true);
    }
  });

  it('never steps below one for counts', () => {
    expect(niceScale(2, 8).step).toBe(1);
    expect(niceScale(Number.NaN)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(-5).top).toBe(1);
  });

  it('gives bars heights proportional to their values, clamped to the plot', () => {
    expect(barHeight(5, 10, 100)).toBe(50);
    expect(barHeight(10, 10, 100)).toBe(100);
    expect(barHeight(0, 10, 100)).toBe(0);
    expect(barHeight(12, 10, 100)).toBe(100);
    expect(barHeight(-3, 10, 100)).toBe(0);
    expect(barHeight(3, 0, 100)).toBe(0);
  });
});

describe('a bar chart', () => {
  const chart = () =>
    render(
      <BarChart
        id="c1"
        lang="vi"
        title="Sản phẩm mới"
        desc="2022: 4, 2023: 8"
        categories={['2022', '2023', '2024']}
        categoryHeader="Năm"
        series={[{ name: 'Kết quả', values: [4, 8, null] }]}
        targets={[{ value: 10, label: '≥ 10/năm' }]}
        width={300}
        height={150}
      />,
    );

  it('draws each bar as high as its value on the axis, with its number above it', async () => {
    const html = await chart();
    const plotH = 150 - 16 - 20; // the chart's top and bottom margins
    const bars = [...html.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) =>
      Number(m[2]),
    );
    // the axis goes to 10 (the target), so 4 and 8 take 40 % and 80 % of the plot
    expect(bars).toEqual([Math.round(plotH * 0.4 * 10) / 10, Math.round(plotH * 0.8 * 10) / 10]);
    expect([...html.matchAll(/class="v">([^<]*)</g)].map((m) => m[1])).toEqual(['4', '8']);
    // no figure is drawn as a dash, not as a bar of zero
    expect(html).toContain('class="na">—</text>');
    // the target is a dashed line with its words
    expect(html).toMatch(/stroke-dasharray="5 3"/);
    expect(html).toContain('≥ 10/năm');
  });

  it('is an image named by its title and described in words, with its table beside it', async () => {
    const html = await chart();
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="c1-title c1-desc"/);
    expect(html).toContain('<title id="c1-title">Sản phẩm mới</title>');
    expect(html).toContain('<desc id="c1-desc">2022: 4, 2023: 8</desc>');
    expectLabelsResolve(html);
    expect(html).toContain('<summary>Bảng số liệu</summary>');
    expect(html).toContain('<th scope="col">Năm</th><th scope="col">Kết quả</th>');
    expect(html).toContain('<tr><th scope="row">2022</th><td>4</td></tr>');
    expect(html).toContain('<tr><th scope="row">2024</th><td>—</td></tr>');
  });

  it('keeps two series apart by pattern as well as colour, and names them in a legend', async () => {
    const html = await render(
      <BarChart
        id="g"
        lang="en"
        title="Findings"
        desc="opened and resolved"
        categories={['W1', 'W2']}
        categoryHeader="Week"
        series={[
          { name: 'Opened', values: [3, 1] },
          { name: 'Resolved', values: [0, 2] },
        ]}
      />,
    );
    expect(html).toContain('<pattern id="g-p"');
    expect(html.match(/fill="url\(#g-p\)"/g)!.length).toBe(2); // one bar (the zero is not drawn) and its legend swatch
    expect(html).toContain('>Opened</text>');
    expect(html).toContain('>Resolved</text>');
    expect(html).toContain('<th scope="col">Opened</th><th scope="col">Resolved</th>');
  });

  it('escapes every label it is given', async () => {
    const evil = '<script>alert(1)</script>&"';
    const html = await render(
      <BarChart
        id="e"
        lang="vi"
        title={evil}
        desc={evil}
        categories={[evil]}
        categoryHeader={evil}
        series={[{ name: evil, values: [1] }]}
        targets={[{ value: 1, label: evil }]}
      />,
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
    const spark = await render(<SparkBars id="s" title={evil} desc={evil} values={[1, 2]} />);
    expect(spark).not.toContain('<script>');
    const share = await render(
      <ShareBars id="sh" lang="vi" title={evil} rows={[{ label: evil, part: 1, whole: 2 }]} />,
    );
    expect(share).not.toContain('<script>');
  });
});

describe('small charts', () => {
  it('draws weekly bars scaled to the largest week, skipping empty weeks', async () => {
    const html = await render(<SparkBars id="w" title="Chè" desc="12 lượt" values={[0, 2, 4, 0]} />);
    const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([19, 38]); // plot 38 px high: 2 of 4 and 4 of 4
    expectLabelsResolve(html);
  });

  it('writes each share in words as well as drawing it', async () => {
    const html = await render(
      <ShareBars
        id="sh"
        lang="vi"
        title="Tem đã in"
        rows={[
          { label: 'Đã kích hoạt', part: 30, whole: 120 },
          { label: 'Đã được quét', part: 0, whole: 0 },
        ]}
      />,
    );
    expect(html).toContain('Đã kích hoạt: 30 / 120 (25 %)');
    expect(html).toContain('Đã được quét: 0 / 0 (0 %)');
    expect(html).toContain('<desc id="sh-desc">Đã kích hoạt: 30 / 120 (25 %); Đã được quét: 0 / 0 (0 %)</desc>');
    expectLabelsResolve(html);
  });
});

describe('where a target stands', () => {
  const fig = (over: Partial<ProgrammeFigure>): ProgrammeFigure =>
    ({
      key: 'new_products',
      label: { vi: '', en: '' },
      rule: { vi: '', en: '' },
      target: { value: 20, per: 'period' },
      perYear: {},
      period: 0,
      met: false,
      ...over,
    }) as ProgrammeFigure;

  it('is met when the report says so, and behind once the period is over if not', () => {
    expect(standingOf(fig({ met: true }), 2022, 2025, 2023)).toBe('met');
    expect(standingOf(fig({ period: 19 }), 2022, 2025, 2026)).toBe('behind');
  });

  it('is on track for a period target while the figure keeps pace with the years begun', () => {
    // 2 of 4 years begun: 10 of 20 expected
    expect(standingOf(fig({ period: 10 }), 2022, 2025, 2023)).toBe('on_track');
    expect(standingOf(fig({ period: 9 }), 2022, 2025, 2023)).toBe('behind');
  });

  it('is on track for a yearly target while every finished year met it', () => {
    const yearly = { value: 10, per: 'year' as const };
    const ok = fig({ target: yearly, metPerYear: { 2022: true, 2023: false, 2024: false, 2025: false } });
    expect(standingOf(ok, 2022, 2025, 2023)).toBe('on_track');
    const late = fig({ target: yearly, metPerYear: { 2022: false, 2023: false, 2024: false, 2025: false } });
    expect(standingOf(late, 2022, 2025, 2023)).toBe('behind');
  });
});
