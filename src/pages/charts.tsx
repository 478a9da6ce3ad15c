// The one chart module: bar charts drawn as server-rendered SVG, no script, no external resource.
// Every chart is a <figure> whose <svg role="img"> is named by its own <title> and <desc>
// (aria-labelledby), and carries the table of its numbers in a <details> (for screen readers,
// for copying, and for anyone who would rather read). Series differ by pattern as well as colour
// (solid, hatched) and every bar carries its number, so a chart survives grey printing. Every text
// is a JSX child or attribute, so hono/jsx escapes it.
//
// No maintained SVG chart library that renders without a DOM fitted: the ones found were either
// early alphas or wrappers that need jsdom or a canvas; these few functions cost a few KB per page.
import type { Child } from 'hono/jsx';
import { formatNumber, type Lang } from './i18n';

export interface Scale {
  /** The top of the axis: a tick at or above every value. */
  top: number;
  step: number;
  ticks: number[];
}

/**
 * A "nice" axis from 0 for counts: steps of 1, 2 or 5 × 10ⁿ (never below 1), about count of
 * them, the top tick at or above `max`.
 */
export function niceScale(max: number, count = 4): Scale {
  const m = Number.isFinite(max) && max > 0 ? max : 0;
  if (m === 0) return { top: 1, step: 1, ticks: [0, 1] };
  const raw = m / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw - 1e-9) ?? 10 * pow);
  const top = Math.ceil(m / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { top, step, ticks };
}

/** The height in the plot of a value on a scale whose top is `plotHeight` high. */
export const barHeight = (value: number, top: number, plotHeight: number) =>
  top > 0 ? Math.max(0, Math.min(value, top)) * (plotHeight / top) : 0;

const r1 = (n: number) => Math.round(n * 10) / 10;

const CHART_TEXT = {
  vi: { table: 'Bảng số liệu', noData: 'không có số liệu', target: 'Chỉ tiêu' },
  en: { table: 'The figures as a table', noData: 'no data', target: 'Target' },
} as const;

/** Two fills a grey printer keeps apart: solid dark green, and hatched brown on white. */
function Defs(props: { id: string }) {
  return (
    <defs>
      <pattern id={`${props.id}-p`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="5" height="5" fill="#fff" />
        <rect width="2.2" height="5" fill="#9a4f12" />
      </pattern>
    </defs>
  );
}
const fillOf = (id: string, i: number) => (i % 2 === 0 ? '#2d5a27' : `url(#${id}-p)`);

export interface Series {
  name: string;
  /** One per category; null where there is no figure (drawn as "—"). */
  values: (number | null)[];
}

export interface TargetLine {
  value: number;
  /** Written beside the line, e.g. "Chỉ tiêu ≥ 10". */
  label: string;
}

export interface BarChartProps {
  /** Unique on the page: [a-z0-9-]. */
  id: string;
  lang: Lang;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  desc: string;
  categories: string[];
  series: Series[];
  targets?: TargetLine[];
  width?: number;
  height?: number;
  /** The header of the table's first column (e.g. "Năm"). */
  categoryHeader: string;
  /** Write each bar's number above it (default: when there are at most 16 bars). */
  valueLabels?: boolean;
  /** Write every nth category under the axis (default: all). */
  labelEvery?: number;
  /** A dotted line before the last category (the whole period after its years). */
  splitLast?: boolean;
}

/** Bars by category (years, weeks, months), one or two series side by side, and target lines. */
export function BarChart(p: BarChartProps) {
  const W = p.width ?? 360;
  const H = p.height ?? 190;
  const legend = p.series.length > 1;
  const M = { l: 30, r: p.targets?.length ? 64 : 6, t: legend ? 30 : 16, b: 20 };
  const plotW = W - M.l - M.r;
  const plotH = H - M.t - M.b;
  const values = p.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const scale = niceScale(Math.max(0, ...values, ...(p.targets ?? []).map((t) => t.value)));
  const n = Math.max(1, p.categories.length);
  const band = plotW / n;
  const inner = band * 0.72;
  const barW = inner / Math.max(1, p.series.length);
  const y = (v: number) => r1(M.t + plotH - barHeight(v, scale.top, plotH));
  const showValues = p.valueLabels ?? n * p.series.length <= 16;
  const every = p.labelEvery ?? 1;
  const tId = `${p.id}-title`;
  const dId = `${p.id}-desc`;
  const fmt = (v: number) => formatNumber(p.lang, v, 0);
  const marks: Child[] = [];
  p.series.forEach((s, si) => {
    s.values.forEach((v, ci) => {
      const x = r1(M.l + ci * band + (band - inner) / 2 + si * barW);
      const w = r1(barW - (p.series.length > 1 ? 1 : 0));
      if (v === null) {
        marks.push(
          <text x={r1(x + w / 2)} y={M.t + plotH - 3} text-anchor="middle" class="na">
            —
          </text>,
        );
        return;
      }
      const h = barHeight(v, scale.top, plotH);
      if (h > 0)
        marks.push(
          <rect
            x={x}
            y={y(v)}
            width={w}
            height={r1(h)}
            fill={fillOf(p.id, si)}
            stroke={si % 2 ? '#9a4f12' : undefined}
          />,
        );
      if (showValues)
        marks.push(
          <text x={r1(x + w / 2)} y={y(v) - 3} text-anchor="middle" class="v">
            {fmt(v)}
          </text>,
        );
    });
  });
  return (
    <figure class="chart" id={p.id}>
      <figcaption>{p.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-labelledby={`${tId} ${dId}`}
        font-size="10"
        font-family="system-ui,sans-serif"
      >
        <title id={tId}>{p.title}</title>
        <desc id={dId}>{p.desc}</desc>
        {p.series.length > 1 ? <Defs id={p.id} /> : null}
        {scale.ticks.map((v) => (
          <>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#555' : '#ddd'} />
            <text x={M.l - 4} y={y(v) + 3} text-anchor="end" fill="#555">
              {fmt(v)}
            </text>
          </>
        ))}
        {p.splitLast && n > 1 ? (
          <line
            x1={r1(M.l + (n - 1) * band)}
            x2={r1(M.l + (n - 1) * band)}
            y1={M.t}
            y2={H - 4}
            stroke="#888"
            stroke-dasharray="2 2"
          />
        ) : null}
        {marks}
        {p.categories.map((c, ci) =>
          ci % every === 0 ? (
            <text x={r1(M.l + ci * band + band / 2)} y={H - 6} text-anchor="middle" fill="#333">
              {c}
            </text>
          ) : null,
        )}
        {(p.targets ?? []).map((t) => (
          <>
            <line
              x1={M.l}
              x2={W - M.r + 2}
              y1={y(t.value)}
              y2={y(t.value)}
              stroke="#a4221b"
              stroke-width="1.5"
              stroke-dasharray="5 3"
            />
            <text x={W - M.r + 4} y={y(t.value) + 3} fill="#a4221b">
              {t.label}
            </text>
          </>
        ))}
        {legend
          ? p.series.map((s, si) => (
              <>
                <rect
                  x={M.l + si * 130}
                  y={6}
                  width={12}
                  height={10}
                  fill={fillOf(p.id, si)}
                  stroke={si % 2 ? '#9a4f12' : undefined}
                />
                <text x={M.l + si * 130 + 16} y={15}>
                  {s.name}
                </text>
              </>
            ))
          : null}
      </svg>
      <ChartTable lang={p.lang} categoryHeader={p.categoryHeader} categories={p.categories} series={p.series} />
    </figure>
  );
}

/** The numbers behind a chart: one row per category, one column per series. */
export function ChartTable(props: {
  lang: Lang;
  categoryHeader: string;
  categories: string[];
  series: Series[];
  summary?: string;
}) {
  return (
    <details class="ctab">
      <summary>{props.summary ?? CHART_TEXT[props.lang].table}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.categoryHeader}</th>
            {props.series.map((s) => (
              <th scope="col">{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c, ci) => (
            <tr>
              <th scope="row">{c}</th>
              {props.series.map((s) => {
                const v = s.values[ci];
                return <td>{v === null || v === undefined ? '—' : formatNumber(props.lang, v, 0)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A small chart of many bars (weeks) with no axis: one of a set of small multiples. */
export function SparkBars(props: { id: string; title: string; desc: string; values: number[]; max?: number }) {
  const W = 182;
  const H = 40;
  const n = Math.max(1, props.values.length);
  const band = W / n;
  const top = Math.max(1, props.max ?? Math.max(0, ...props.values));
  return (
    <svg
      class="spark"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.desc}</desc>
      <line x1="0" x2={W} y1={H - 0.5} y2={H - 0.5} stroke="#888" />
      {props.values.map((v, i) => {
        const h = barHeight(v, top, H - 2);
        return h > 0 ? (
          <rect x={r1(i * band + 0.5)} y={r1(H - 1 - h)} width={r1(band - 1)} height={r1(h)} fill="#2d5a27" />
        ) : null;
      })}
    </svg>
  );
}

export interface ShareRow {
  label: string;
  part: number;
  whole: number;
}

/** Shares of a whole as horizontal bars, each with its words: "412 / 1 000 (41 %)". */
export function ShareBars(props: { id: string; lang: Lang; title: string; rows: ShareRow[] }) {
  const W = 320;
  const rowH = 34;
  const H = props.rows.length * rowH;
  const pct = (r: ShareRow) => (r.whole > 0 ? Math.round((r.part / r.whole) * 100) : 0);
  const words = (r: ShareRow) =>
    `${r.label}: ${formatNumber(props.lang, r.part, 0)} / ${formatNumber(props.lang, r.whole, 0)} (${pct(r)} %)`;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      font-size="11"
      font-family="system-ui,sans-serif"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.rows.map(words).join('; ')}</desc>
      {props.rows.map((r, i) => (
        <>
          <text x="0" y={i * rowH + 11}>
            {words(r)}
          </text>
          <rect x="0.5" y={i * rowH + 15.5} width={W - 1} height="12" fill="#fff" stroke="#555" />
          <rect x="0.5" y={i * rowH + 15.5} width={r1(barHeight(r.part, r.whole, W - 1))} height="12" fill="#2d5a27" />
        </>
      ))}
    </svg>
  );
}

/** The charts' CSS: once per page. Print: no table toggles, charts kept whole. */
export const CHART_CSS =
  '.chart{margin:.8rem 0;break-inside:avoid}.chart svg,.spark{max-width:100%;height:auto;display:block}' +
  '.chart .v{fill:#1b1b1b;font-weight:600}.chart .na{fill:#777}.ctab summary{cursor:pointer;font-size:.9rem}' +
  '.ctab table{font-size:.85rem}.ctab td{text-align:right}' +
  '@media print{.ctab{display:none}.chart{page-break-inside:avoid}}';

export function ChartStyle() {
  return <style dangerouslySetInnerHTML={{ __html: CHART_CSS }} />;
}

export const chartTexts = (lang: Lang) => CHART_TEXT[lang];
