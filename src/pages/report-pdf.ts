// The programme report as an A4 PDF (GET /report/programme?format=pdf) for staff to attach to an
// official letter: title, period, the summary of where each target stands, then each target's
// bar chart (drawn here with pdf-lib, from the same numbers as the page's SVG) beside its table,
// and how each figure is counted. Same PDF library and the same Unicode font as the label sheets.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ProgrammeReport } from '../db/report-store';
import { vietnamYear } from '../domain/calendar';
import { wrap } from '../labels/text';
import { niceScale, barHeight } from './charts';
import { formatNumber, formatTime, type Lang } from './i18n';
import { standingOf, standingText, targetLines, targetText } from './report';
import { pipelineTable } from './report-pipeline';

const A4 = { w: 595.28, h: 841.89 };
const M = 42;
const GREEN = rgb(0.176, 0.353, 0.153);
const RED = rgb(0.643, 0.133, 0.106);
const AMBER = rgb(0.478, 0.294, 0);
const GREY = rgb(0.45, 0.45, 0.45);
const LIGHT = rgb(0.85, 0.85, 0.85);
const BLACK = rgb(0.1, 0.1, 0.1);

const PT = {
  vi: {
    title: (from: number, to: number) => `Báo cáo tiến độ Đề án OCOP giai đoạn ${from}–${to}`,
    sub: 'Số liệu đo từ dữ liệu truy xuất nguồn gốc, theo từng năm và cả giai đoạn, so với chỉ tiêu của Đề án.',
    generated: 'Lập lúc',
    contract: (m: number) => `Vùng nguyên liệu ổn định: hợp đồng liên kết từ ${m} tháng trở lên.`,
    summary: 'Tóm tắt giai đoạn',
    year: 'Năm',
    period: 'Cả GĐ',
    value: 'Số liệu',
    result: 'Kết quả',
    target: 'Chỉ tiêu',
    met: 'Đạt',
    unmet: 'Chưa đạt',
    rules: 'Cách tính từng số liệu',
    page: (n: number, of: number) => `Trang ${n}/${of}`,
  },
  en: {
    title: (from: number, to: number) => `OCOP programme progress report ${from}–${to}`,
    sub: 'Figures measured from the traceability data, per year and for the whole period, against the programme targets.',
    generated: 'Generated',
    contract: (m: number) => `Stable raw-material area: a supply contract of ${m} months or more.`,
    summary: 'The period at a glance',
    year: 'Year',
    period: 'Period',
    value: 'Figure',
    result: 'Result',
    target: 'Target',
    met: 'Met',
    unmet: 'Not met',
    rules: 'How each figure is counted',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

const MARK = { met: '✓', on_track: '◐', behind: '✗' } as const;
const COLOUR = { met: GREEN, on_track: AMBER, behind: RED } as const;

/** A cursor down the pages: a new page when the next block does not fit. */
class Flow {
  page!: PDFPage;
  y = 0;
  constructor(
    private doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([A4.w, A4.h]);
    this.y = A4.h - M;
  }
  need(h: number) {
    if (this.y - h < M + 14) this.newPage();
  }
  text(s: string, size: number, opts: { x?: number; colour?: ReturnType<typeof rgb>; width?: number } = {}) {
    const width = opts.width ?? A4.w - 2 * M - (opts.x ?? 0);
    for (const line of wrap(s, width, (t) => this.font.widthOfTextAtSize(t, size))) {
      this.need(size * 1.35);
      this.y -= size * 1.35;
      this.page.drawText(line, { x: M + (opts.x ?? 0), y: this.y, size, font: this.font, color: opts.colour ?? BLACK });
    }
  }
  gap(h: number) {
    this.y -= h;
  }
}

export async function renderReportPdf(report: ProgrammeReport, lang: Lang, font: Uint8Array): Promise<Uint8Array> {
  const t = PT[lang];
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font, { subset: true });
  doc.setTitle(t.title(report.from, report.to));
  doc.setLanguage(lang === 'vi' ? 'vi-VN' : 'en-GB');
  doc.setCreator('ocop-trace');
  const flow = new Flow(doc, f);
  const n = (v: number) => formatNumber(lang, v, 0);
  const years = Array.from({ length: report.to - report.from + 1 }, (_, i) => String(report.from + i));
  const now = vietnamYear(new Date(report.generatedAt));

  flow.text(t.title(report.from, report.to), 16);
  flow.gap(4);
  flow.text(t.sub, 10);
  flow.text(
    `${t.generated}: ${formatTime(lang, report.generatedAt)}. ${t.contract(report.settings.stableContractMonths)}`,
    9,
    {
      colour: GREY,
    },
  );
  flow.gap(10);
  flow.text(t.summary, 13);
  flow.gap(2);
  for (const fig of report.figures) {
    const s = standingOf(fig, report.from, report.to, now);
    const tag = `${MARK[s]} ${standingText(lang, s)}`;
    flow.need(16);
    flow.y -= 14;
    flow.page.drawText(tag, { x: M, y: flow.y, size: 10, font: f, color: COLOUR[s] });
    const line = `${fig.label[lang]}: ${n(fig.period)} (${targetText(fig.target, lang)})`;
    const lines = wrap(line, A4.w - 2 * M - 96, (x) => f.widthOfTextAtSize(x, 10));
    lines.forEach((l, i) => {
      if (i > 0) flow.y -= 13;
      flow.page.drawText(l, { x: M + 96, y: flow.y, size: 10, font: f, color: BLACK });
    });
  }
  flow.gap(12);

  // each figure: heading, chart on the left, table on the right
  const chartW = 300;
  const chartH = 130;
  report.figures.forEach((fig, i) => {
    flow.need(chartH + 48);
    flow.text(`${i + 1}. ${fig.label[lang]}`, 12);
    flow.gap(8);
    const top = flow.y;
    const values = [...years.map((y) => fig.perYear[y] ?? null), fig.period];
    const cats = [...years, t.period];
    const lines = targetLines(fig.target, lang);
    drawChart(flow.page, f, { x: M, y: top - chartH, w: chartW, h: chartH }, cats, values, lines, n);
    // table
    const tx = M + chartW + 24;
    const rows: [string, string, string][] = [
      [t.year, t.value, t.result],
      ...years.map((y): [string, string, string] => {
        const v = fig.perYear[y];
        const ok = fig.metPerYear?.[y];
        return [y, v === null || v === undefined ? '—' : n(v), ok === undefined ? '' : ok ? t.met : t.unmet];
      }),
      [t.period, n(fig.period), fig.met ? t.met : t.unmet],
    ];
    let ry = top - 10;
    rows.forEach((r, ri) => {
      flow.page.drawText(r[0], { x: tx, y: ry, size: 9, font: f, color: BLACK });
      const vw = f.widthOfTextAtSize(r[1], 9);
      flow.page.drawText(r[1], { x: tx + 90 - vw, y: ry, size: 9, font: f, color: BLACK });
      flow.page.drawText(r[2], { x: tx + 104, y: ry, size: 9, font: f, color: ri === 0 ? BLACK : GREY });
      if (ri === 0 || ri === rows.length - 2)
        flow.page.drawLine({
          start: { x: tx, y: ry - 4 },
          end: { x: tx + 190, y: ry - 4 },
          thickness: 0.5,
          color: GREY,
        });
      ry -= 14;
    });
    flow.page.drawText(`${t.target}: ${targetText(fig.target, lang)}`, {
      x: tx,
      y: ry - 4,
      size: 9,
      font: f,
      color: RED,
    });
    flow.y = Math.min(top - chartH, ry - 4) - 18;
  });

  if (report.pipeline) drawPipeline(flow, pipelineTable(lang, report.pipeline));

  flow.gap(6);
  flow.text(t.rules, 13);
  report.figures.forEach((fig, i) => {
    flow.gap(3);
    flow.text(`${i + 1}. ${fig.label[lang]}: ${fig.rule[lang]}`, 9);
  });

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const s = t.page(i + 1, pages.length);
    p.drawText(s, { x: A4.w - M - f.widthOfTextAtSize(s, 8), y: M - 18, size: 8, font: f, color: GREY });
  });
  return doc.save();
}

/**
 * The OCOP pipeline beside target (3), as the printable page shows it: the stages down, the
 * registration years and the period across, the totals in black and the stages in grey.
 */
function drawPipeline(flow: Flow, p: ReturnType<typeof pipelineTable>) {
  const f = flow.font;
  const rowH = 13;
  const labelW = 180;
  const colW = (A4.w - 2 * M - labelW) / (p.head.length - 1);
  flow.need(60 + rowH * (p.rows.length + 1));
  flow.text(p.title, 12);
  flow.gap(2);
  flow.text(p.intro, 9, { colour: GREY });
  flow.gap(4);
  const row = (cells: readonly string[], colour: ReturnType<typeof rgb>, ruled: boolean) => {
    flow.y -= rowH;
    flow.page.drawText(cells[0]!, { x: M, y: flow.y, size: 9, font: f, color: colour });
    cells.slice(1).forEach((c, i) => {
      const x = M + labelW + colW * (i + 1) - f.widthOfTextAtSize(c, 9) - 4;
      flow.page.drawText(c, { x, y: flow.y, size: 9, font: f, color: colour });
    });
    if (ruled)
      flow.page.drawLine({
        start: { x: M, y: flow.y - 4 },
        end: { x: A4.w - M, y: flow.y - 4 },
        thickness: 0.5,
        color: GREY,
      });
  };
  row(p.head, BLACK, true);
  for (const [i, r] of p.rows.entries()) row([r.label, ...r.cells], r.strong ? BLACK : GREY, i === p.rows.length - 1);
  flow.gap(12);
}

/** Bars by category with their numbers, a dotted line before the period, dashed target lines. */
function drawChart(
  page: PDFPage,
  font: PDFFont,
  box: { x: number; y: number; w: number; h: number },
  cats: string[],
  values: (number | null)[],
  targets: { value: number; label: string }[],
  fmt: (v: number) => string,
) {
  const L = 26;
  const R = 56;
  const B = 16;
  const T = 12;
  const plotW = box.w - L - R;
  const plotH = box.h - B - T;
  const x0 = box.x + L;
  const y0 = box.y + B;
  const scale = niceScale(
    Math.max(0, ...values.filter((v): v is number => v !== null), ...targets.map((t) => t.value)),
  );
  const yOf = (v: number) => y0 + barHeight(v, scale.top, plotH);
  for (const tick of scale.ticks) {
    page.drawLine({
      start: { x: x0, y: yOf(tick) },
      end: { x: x0 + plotW, y: yOf(tick) },
      thickness: tick === 0 ? 0.8 : 0.4,
      color: tick === 0 ? GREY : LIGHT,
    });
    const s = fmt(tick);
    page.drawText(s, { x: x0 - 4 - font.widthOfTextAtSize(s, 7), y: yOf(tick) - 2.5, size: 7, font, color: GREY });
  }
  const band = plotW / cats.length;
  const bw = band * 0.6;
  cats.forEach((c, i) => {
    const cx = x0 + i * band + band / 2;
    const v = values[i] ?? null;
    if (v === null) {
      page.drawText('—', { x: cx - 3, y: y0 + 3, size: 8, font, color: GREY });
    } else {
      const h = barHeight(v, scale.top, plotH);
      if (h > 0) page.drawRectangle({ x: cx - bw / 2, y: y0, width: bw, height: h, color: GREEN });
      const s = fmt(v);
      page.drawText(s, { x: cx - font.widthOfTextAtSize(s, 8) / 2, y: y0 + h + 2, size: 8, font, color: BLACK });
    }
    page.drawText(c, { x: cx - font.widthOfTextAtSize(c, 8) / 2, y: box.y + 3, size: 8, font, color: BLACK });
  });
  if (cats.length > 1) {
    const sx = x0 + (cats.length - 1) * band;
    page.drawLine({
      start: { x: sx, y: box.y },
      end: { x: sx, y: y0 + plotH },
      thickness: 0.5,
      color: GREY,
      dashArray: [2, 2],
    });
  }
  for (const t of targets) {
    page.drawLine({
      start: { x: x0, y: yOf(t.value) },
      end: { x: x0 + plotW + 2, y: yOf(t.value) },
      thickness: 1.2,
      color: RED,
      dashArray: [5, 3],
    });
    page.drawText(t.label, { x: x0 + plotW + 4, y: yOf(t.value) - 3, size: 8, font, color: RED });
  }
}
