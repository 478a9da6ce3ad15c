// The value-chain diagram of a model page: a server-side SVG in four columns (raw-material areas
// → cooperatives and processors → OCOP products → buyers, distributors and sales channels) with
// boxes and the links between them. The viewBox is 320 units wide so that 10-unit text stays
// about 10 px on a 360 px phone; long names wrap onto up to four lines and are cut with "…",
// the full name staying in each box's <title> tooltip. Every text is a JSX child, so escaped.
import type { ModelDetail } from '../db/model-figures-store';
import type { Lang } from './i18n';
import { formatNumber } from './i18n';
import { MT } from './model-i18n';

export interface DiagramNode {
  key: string;
  label: string;
  /** Full text for the tooltip; defaults to the label. */
  title?: string;
  /** Marketplaces (names only, not organizations) are drawn dashed. */
  dashed?: boolean;
}

export interface DiagramData {
  columns: [DiagramNode[], DiagramNode[], DiagramNode[], DiagramNode[]];
  edges: [string, string][];
}

const MARKET_ROLES = new Set(['buyer', 'distributor', 'sales_channel']);
const MAKER_ROLES = new Set(['producer', 'processor']);

/** Which boxes the model has and which of them are linked, from the model's own records. */
export function chainDiagramData(m: ModelDetail, lang: Lang): DiagramData {
  const t = MT[lang];
  const areas: DiagramNode[] = m.areas.map((a) => ({
    key: `a:${a.id}`,
    label: a.name,
    title: `${a.name} — ${formatNumber(lang, a.areaHa)} ha`,
  }));

  // cooperatives and processors: the lead first, then the other growers and processors, then
  // product owners that are not members
  const makers = new Map<string, string>();
  const members = [...m.members];
  for (const mem of members) if (mem.roles.some((r) => MAKER_ROLES.has(r))) makers.set(mem.id, mem.name);
  for (const p of m.products) if (!makers.has(p.ownerId)) makers.set(p.ownerId, p.ownerName);
  const orgs: DiagramNode[] = [...makers].map(([id, name]) => ({ key: `c:${id}`, label: name }));

  const products: DiagramNode[] = m.products.map((p) => {
    const name = lang === 'en' && p.nameEn ? p.nameEn : p.nameVi;
    return { key: `p:${p.id}`, label: name, title: `${name} — GTIN ${p.gtin}` };
  });

  const market: DiagramNode[] = members
    .filter((mem) => mem.roles.some((r) => MARKET_ROLES.has(r)))
    .map((mem) => ({
      key: `m:${mem.id}`,
      label: mem.name,
      title: `${mem.name} — ${mem.roles
        .filter((r) => MARKET_ROLES.has(r))
        .map((r) => t.roles[r])
        .join(', ')}`,
    }));
  const channels = [...new Set(m.products.flatMap((p) => p.channels))].sort((a, b) => a.localeCompare(b, 'vi'));
  for (const ch of channels) market.push({ key: `s:${ch}`, label: ch, title: `${ch} — ${t.eshop}`, dashed: true });

  const edges = new Map<string, [string, string]>();
  const link = (a: string, b: string) => edges.set(`${a}>${b}`, [a, b]);
  // area → the organization that manages it and those holding a supply contract for it
  for (const a of m.areas) {
    for (const id of [a.operatorId, ...a.contractHolderIds]) if (makers.has(id)) link(`a:${a.id}`, `c:${id}`);
  }
  // organization → the products it owns; a growers' group → the products of those it supplies
  for (const p of m.products) link(`c:${p.ownerId}`, `p:${p.id}`);
  const owners = new Set(m.products.map((p) => p.ownerId));
  for (const id of makers.keys()) {
    if (owners.has(id)) continue;
    const supplied = new Set(m.areas.filter((a) => a.operatorId === id).flatMap((a) => a.contractHolderIds));
    for (const p of m.products) if (supplied.has(p.ownerId)) link(`c:${id}`, `p:${p.id}`);
  }
  // product → buyers, distributors and sales channels of the model; → the marketplaces listing it
  for (const p of m.products) {
    for (const mk of market) {
      if (mk.dashed ? p.channels.includes(mk.label) : true) link(`p:${p.id}`, mk.key);
    }
  }
  return { columns: [areas, orgs, products, market], edges: [...edges.values()] };
}

// ---- geometry ----

const VIEW_W = 320;
const BOX_W = 68;
const COL_STEP = 82; // 14 between columns
const MARGIN = (VIEW_W - 3 * COL_STEP - BOX_W) / 2; // 3: room for the outer boxes' strokes
const FONT = 10;
const LINE = 12;
const PAD = 4;
const GAP = 8;
const MAX_LINES = 4;
const TEXT_EM = (BOX_W - 2 * PAD) / FONT; // width available for a line, in em

/**
 * A cautious advance width in em: close to DejaVu Sans, the widest of the usual system sans
 * fonts (Roboto and San Francisco are narrower), so that a line never overflows its box.
 */
function charEm(ch: string): number {
  const base = ch.normalize('NFD')[0] ?? ch;
  if (base === ' ') return 0.32;
  if ("ijlI.,:;!|'()[]".includes(base)) return 0.3;
  if ('tfr'.includes(base)) return 0.42;
  if ('mwMW@%'.includes(base)) return 0.97;
  if (base === 'Đ') return 0.78;
  if (base >= 'A' && base <= 'Z') return 0.73;
  if (base >= '0' && base <= '9') return 0.64;
  return 0.62;
}
const textEm = (s: string, bold = false) => Array.from(s).reduce((n, ch) => n + charEm(ch), 0) * (bold ? 1.12 : 1);

/** Greedy word wrap into lines at most `maxEm` wide; at most `maxLines`, the last cut with "…". */
export function wrapText(text: string, maxEm = TEXT_EM, maxLines = MAX_LINES, bold = false): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  const pushLong = (word: string) => {
    // a word wider than a line is split by characters
    let part = '';
    for (const ch of Array.from(word)) {
      if (part && textEm(part + ch, bold) > maxEm) {
        lines.push(part);
        part = '';
      }
      part += ch;
    }
    return part;
  };
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (textEm(next, bold) <= maxEm) {
      cur = next;
      continue;
    }
    if (cur) lines.push(cur);
    cur = textEm(w, bold) <= maxEm ? w : pushLong(w);
  }
  if (cur) lines.push(cur);
  if (lines.length <= maxLines) return lines.length ? lines : [''];
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  // cut whole words while a space is left, characters after that
  while (last && textEm(`${last}…`, bold) > maxEm) {
    const space = last.lastIndexOf(' ');
    last = space > 0 ? last.slice(0, space) : Array.from(last).slice(0, -1).join('').trimEnd();
  }
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

const SVG_CSS =
  '.mdg text{fill:#1b1b1b}.mdg .h{fill:#444;font-weight:600}.mdg rect{stroke-width:1.2}' +
  '.mdg .k0 rect{fill:#eef8f0;stroke:#6a994e}.mdg .k1 rect{fill:#e8f0fa;stroke:#0b5394}' +
  '.mdg .k2 rect{fill:#fff6e6;stroke:#a35c00}.mdg .k3 rect{fill:#f3eefa;stroke:#6b4c9a}.mdg .d rect{stroke-dasharray:3 2}';

export function ChainDiagram(props: { data: DiagramData; lang: Lang; label: string }) {
  const t = MT[props.lang];
  const { columns } = props.data;
  const headers = t.columns.map((h) => wrapText(h, TEXT_EM + 0.6, 2, true));
  const headerH = Math.max(...headers.map((h) => h.length)) * LINE + 6;

  const laid = columns.map((nodes) => {
    const boxes = (nodes.length ? nodes : [{ key: '', label: '—' }]).map((n) => {
      const lines = wrapText(n.label);
      return { node: n, lines, h: lines.length * LINE + 2 * PAD };
    });
    const total = boxes.reduce((s, b) => s + b.h, 0) + GAP * (boxes.length - 1);
    return { boxes, total };
  });
  const bodyH = Math.max(...laid.map((c) => c.total));
  const pos = new Map<string, { x: number; cy: number }>();
  const cols = laid.map((col, i) => {
    const x = MARGIN + i * COL_STEP;
    let y = headerH + (bodyH - col.total) / 2;
    const boxes = col.boxes.map((b) => {
      const top = Math.round(y);
      y += b.h + GAP;
      if (b.node.key) pos.set(b.node.key, { x, cy: top + b.h / 2 });
      return { ...b, x, top };
    });
    return { x, boxes };
  });
  const height = Math.ceil(headerH + bodyH + 2);

  const paths = props.data.edges.flatMap(([from, to]) => {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) return [];
    const x1 = a.x + BOX_W;
    const x2 = b.x - 1;
    const mx = Math.round((x1 + x2) / 2);
    return [`M${x1} ${a.cy}C${mx} ${a.cy} ${mx} ${b.cy} ${x2} ${b.cy}`];
  });

  return (
    <svg
      class="mdg"
      viewBox={`0 0 ${VIEW_W} ${height}`}
      width={VIEW_W}
      height={height}
      role="img"
      aria-label={props.label}
      font-size={FONT}
      text-anchor="middle"
      font-family="system-ui,sans-serif"
    >
      <title>{props.label}</title>
      <style dangerouslySetInnerHTML={{ __html: SVG_CSS }} />
      <defs>
        <marker id="mda" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="5" markerHeight="5" orient="auto">
          <path d="M0 0L6 3L0 6z" fill="#7d8f72" />
        </marker>
      </defs>
      {headers.map((lines, i) => (
        <text class="h" y={LINE - 2}>
          {lines.map((l, j) => (
            <tspan x={MARGIN + i * COL_STEP + BOX_W / 2} dy={j ? LINE : 0}>
              {l}
            </tspan>
          ))}
        </text>
      ))}
      <g fill="none" stroke="#7d8f72" stroke-width="1" marker-end="url(#mda)">
        {paths.map((d) => (
          <path d={d} />
        ))}
      </g>
      {cols.map((col, i) => (
        <g class={`k${i}`}>
          {col.boxes.map((b) => (
            <g class={b.node.dashed ? 'd' : undefined}>
              <title>{b.node.title ?? b.node.label}</title>
              <rect x={b.x} y={b.top} width={BOX_W} height={b.h} rx="4" />
              <text y={b.top + PAD + FONT - 1}>
                {b.lines.map((l, j) => (
                  <tspan x={b.x + BOX_W / 2} dy={j ? LINE : 0}>
                    {l}
                  </tspan>
                ))}
              </text>
            </g>
          ))}
        </g>
      ))}
    </svg>
  );
}
