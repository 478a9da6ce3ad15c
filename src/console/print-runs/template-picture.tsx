// A small inline SVG of a label template, drawn from its JSON: the sheet with every label slot
// (one <pattern>, so a 65-label sheet costs no more than a 24-label one), and one label enlarged
// with its QR box, its text lines and the OCOP mark. No external images, no script.
import { pageGeometry, type Template } from '../../labels/template';
import type { Lang } from '../../pages/i18n';

const PT_MM = 0.3528;

const SAMPLE: Record<Lang, Record<string, string>> = {
  vi: {
    productName: 'Tên sản phẩm',
    cooperativeName: 'Hợp tác xã',
    lot: 'L2506',
    productionDate: '01/06/2025',
    expiryDate: '01/06/2026',
    serial: '7KQ2MX4P9H3T2W',
    prompt: 'Quét để xác thực',
    free: '',
  },
  en: {
    productName: 'Product name',
    cooperativeName: 'Cooperative',
    lot: 'L2506',
    productionDate: '01/06/2025',
    expiryDate: '01/06/2026',
    serial: '7KQ2MX4P9H3T2W',
    prompt: 'Scan to verify',
    free: '',
  },
};

function LabelShape(props: { t: Template; x: number; y: number; fill: string }) {
  const { label } = props.t;
  return label.shape === 'circle' ? (
    <circle
      cx={props.x + label.width / 2}
      cy={props.y + label.height / 2}
      r={label.width / 2}
      fill={props.fill}
      stroke="#888"
      stroke-width={0.4}
    />
  ) : (
    <rect
      x={props.x}
      y={props.y}
      width={label.width}
      height={label.height}
      rx={label.cornerRadius}
      fill={props.fill}
      stroke="#888"
      stroke-width={0.4}
    />
  );
}

/** The whole sheet (or roll page), about `width` pixels wide. */
export function SheetPicture(props: { t: Template; width?: number; title: string }) {
  const { t } = props;
  const g = pageGeometry(t);
  const pid = `s-${t.id}`;
  const grid = t.layout.kind === 'grid' ? t.layout : null;
  const first = g.slots[0]!;
  return (
    <svg viewBox={`0 0 ${g.pageWidth} ${g.pageHeight}`} width={props.width ?? 64} role="img" aria-label={props.title}>
      <rect x={0} y={0} width={g.pageWidth} height={g.pageHeight} fill="#fff" stroke="#333" stroke-width={1} />
      {grid ? (
        <>
          <defs>
            <pattern
              id={pid}
              patternUnits="userSpaceOnUse"
              x={grid.marginLeft}
              y={grid.marginTop}
              width={t.label.width + grid.gapX}
              height={t.label.height + grid.gapY}
            >
              <LabelShape t={t} x={0} y={0} fill="#e4ecdc" />
            </pattern>
          </defs>
          <rect
            x={grid.marginLeft}
            y={grid.marginTop}
            width={grid.columns * (t.label.width + grid.gapX) - grid.gapX}
            height={grid.rows * (t.label.height + grid.gapY) - grid.gapY}
            fill={`url(#${pid})`}
          />
          <LabelShape t={t} x={first.x} y={first.y} fill="#6a994e" />
        </>
      ) : (
        <LabelShape t={t} x={0} y={0} fill="#e4ecdc" />
      )}
    </svg>
  );
}

/** One label at about `width` pixels, its elements where the template puts them. */
export function LabelPicture(props: { t: Template; lang: Lang; width?: number; title: string }) {
  const { t } = props;
  const { width: w, height: h } = t.label;
  const sample = SAMPLE[props.lang];
  return (
    <svg
      viewBox={`-0.5 -0.5 ${w + 1} ${h + 1}`}
      width={props.width ?? 150}
      role="img"
      aria-label={props.title}
      font-family="sans-serif"
    >
      <LabelShape t={t} x={0} y={0} fill="#fff" />
      {t.elements.map((e) => {
        if (e.type === 'qr') {
          const m = e.size / 29;
          const q = e.quietZone * m;
          const finder = (x: number, y: number) => (
            <rect x={x} y={y} width={7 * m} height={7 * m} fill="none" stroke="#1b1b1b" stroke-width={m * 1.4} />
          );
          const inner = e.size - 2 * q;
          return (
            <g>
              <rect
                x={e.x + q}
                y={e.y + q}
                width={inner}
                height={inner}
                fill="#f0f0f0"
                stroke="#1b1b1b"
                stroke-width={0.3}
              />
              {finder(e.x + q + m * 0.7, e.y + q + m * 0.7)}
              {finder(e.x + e.size - q - 7.7 * m, e.y + q + m * 0.7)}
              {finder(e.x + q + m * 0.7, e.y + e.size - q - 7.7 * m)}
              <text
                x={e.x + e.size / 2}
                y={e.y + e.size / 2 + 1}
                font-size={Math.min(3, e.size / 6)}
                text-anchor="middle"
                fill="#555"
              >
                QR
              </text>
            </g>
          );
        }
        if (e.type === 'text') {
          const size = e.fontSize * PT_MM;
          const anchor = e.align === 'center' ? 'middle' : e.align === 'right' ? 'end' : 'start';
          const x = e.align === 'center' ? e.x + e.width / 2 : e.align === 'right' ? e.x + e.width : e.x;
          const value =
            e.field === 'free'
              ? (e.text ?? '')
              : e.field === 'prompt'
                ? (e.text ?? sample.prompt!)
                : (sample[e.field] ?? '');
          return (
            <text x={x} y={e.y + size} font-size={size} text-anchor={anchor} fill="#1b1b1b">
              {e.prefix + value}
            </text>
          );
        }
        if (e.type === 'ocopMark') {
          return (
            <g>
              <rect
                x={e.x}
                y={e.y}
                width={e.width}
                height={e.height}
                rx={0.6}
                fill="#fff6e6"
                stroke="#a35c00"
                stroke-width={0.25}
              />
              <text x={e.x + 0.6} y={e.y + e.height * 0.75} font-size={e.height * 0.6} fill="#874c00">
                OCOP ★★★★
              </text>
            </g>
          );
        }
        return <rect x={e.x} y={e.y} width={e.width} height={e.height} fill="#eee" stroke="#aaa" stroke-width={0.25} />;
      })}
    </svg>
  );
}
