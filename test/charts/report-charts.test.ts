// The programme report as pictures, on the demo province: each target's chart carries the same
// numbers as GET /api/v1/report/programme, every chart has a text alternative, the summary says in
// words where each target stands, and the A4 PDF carries each target's figures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { DEMO_PASSWORD, demoContext, expectSmall } from '../console/staff-support';

type Figure = {
  key: string;
  label: { vi: string; en: string };
  perYear: Record<string, number | null>;
  period: number;
  met: boolean;
};

let t: TestContext;
let staff: ConsoleBrowser;
type PipelineColumn = { registered: number; rated: number; stalled: number };
let api: {
  from: number;
  to: number;
  figures: Figure[];
  pipeline: { perYear: Record<string, PipelineColumn>; period: PipelineColumn };
};

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  api = await (await t.call('GET', '/api/v1/report/programme', { key: t.keys.staff })).json();
});
afterAll(async () => {
  await t?.close();
});

/** One chart's <figure> by its id. */
function figureOf(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" id="${id}">`);
  expect(start, `chart ${id}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** The numbers written on the bars, and the table's numbers, in order. */
const barNumbers = (fig: string) => [...fig.matchAll(/class="v">([^<]*)</g)].map((m) => m[1]!);
const tableNumbers = (fig: string) =>
  [...fig.slice(fig.indexOf('<tbody>')).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!);

function expectChartsMatch(html: string) {
  const years = Array.from({ length: api.to - api.from + 1 }, (_, i) => String(api.from + i));
  for (const f of api.figures) {
    const fig = figureOf(html, `chart-${f.key.replace(/_/g, '-')}`);
    const expected = [...years.map((y) => f.perYear[y]), f.period];
    expect(tableNumbers(fig), f.key).toEqual(expected.map((v) => (v === null ? '—' : String(v))));
    expect(barNumbers(fig), f.key).toEqual(expected.filter((v) => v !== null).map(String));
    // the text alternative names the figure and carries its period figure
    const desc = fig.match(/<desc id="[^"]+">([^<]*)<\/desc>/)![1]!;
    expect(desc).toContain(f.label.vi);
    expect(desc).toContain(`cả giai đoạn ${f.period}`);
    expect(fig).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="chart-[a-z0-9-]+-title chart-[a-z0-9-]+-desc"/);
  }
}

describe('the programme report as pictures', () => {
  it("draws one chart per target on the console report page, with the API's numbers on its bars and in its table", async () => {
    const html = await staff.html('/console/report');
    expectSmall(html, 'report with charts');
    expect(html.match(/<figure class="chart"/g)).toHaveLength(api.figures.length);
    expectChartsMatch(html);
  });

  it('draws the same charts on the printable page', async () => {
    const res = await staff.get('/console/report/print?from=2022&to=2025&lang=vi');
    const html = await res.text();
    expect(html.length).toBeLessThan(60 * 1024);
    expectChartsMatch(html);
  });

  it('says in words where each target stands at the end of the period, not by colour alone', async () => {
    const html = await staff.html('/console/report');
    const summary = html.slice(
      html.indexOf('<section class="standing">'),
      html.indexOf('</section>', html.indexOf('<section class="standing">')),
    );
    const items = [
      ...summary.matchAll(/<li><span class="sl sl-(\w+)"><span aria-hidden="true">[^<]*<\/span> ([^<]+)<\/span>/g),
    ];
    expect(items).toHaveLength(api.figures.length);
    // 2026: the period 2022–2025 is over, so what is not met is behind
    items.forEach((m, i) => {
      const f = api.figures[i]!;
      expect(m[1]).toBe(f.met ? 'met' : 'behind');
      expect(m[2]).toBe(f.met ? 'Đạt' : 'Chậm tiến độ');
    });
  });

  it('answers the whole report as an A4 PDF whose text carries each target and its figures', async () => {
    const res = await staff.get('/console/report/report.pdf?from=2022&to=2025&lang=vi');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('bao-cao-de-an-ocop-2022-2025.pdf');
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    const file = join(dir, 'r.pdf');
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(info.match(/Pages:\s+(\d+)/)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(5);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Báo cáo tiến độ Đề án OCOP giai đoạn 2022–2025');
    expect(text).toContain('Tóm tắt giai đoạn');
    for (const [i, f] of api.figures.entries()) {
      expect(text).toContain(`${i + 1}. ${f.label.vi}`);
      // the table beside the chart: each year's figure, then the period's
      for (const [y, v] of Object.entries(f.perYear)) expect(text).toMatch(new RegExp(`${y}\\s+${v ?? '—'}(?!\\d)`));
      expect(text).toMatch(new RegExp(`Cả GĐ\\s+${f.period}\\s+(Đạt|Chưa đạt)`));
    }
    // the OCOP pipeline beside target (3): candidates registered, rated and stalled, per year and for the period
    expect(text).toContain('Chu trình OCOP: chủ thể đăng ký theo từng năm');
    const years = Object.keys(api.pipeline.perYear).sort();
    for (const [label, key] of [
      ['Số chủ thể đăng ký', 'registered'],
      ['Chững lại', 'stalled'],
    ] as const) {
      const cells = [...years.map((y) => api.pipeline.perYear[y]![key]), api.pipeline.period[key]];
      expect(text).toMatch(new RegExp(`${label}\\s+${cells.join('\\s+')}\\s*\\n`));
    }
  });

  it('gives the PDF to staff only', async () => {
    const coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
    expect((await coop.get('/console/report/report.pdf')).status).toBe(403);
    const c = await t.cooperative('HTX Thử báo cáo');
    const res = await t.call('GET', '/api/v1/report/programme?format=pdf', { key: c.key });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const bad = await t.call('GET', '/api/v1/report/programme?format=pdf&lang=fr', { key: t.keys.staff });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('answers the PDF through the API in English too', async () => {
    const res = await t.call('GET', '/api/v1/report/programme?format=pdf&lang=en', { key: t.keys.staff });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });
});
