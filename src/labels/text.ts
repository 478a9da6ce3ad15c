// Fitting a text into a box: shrink to a floor size, then wrap, then cut the last line with
// an ellipsis; the result never leaves its box. Measurement is injected (font widths at size 1).

export interface FitRequest {
  text: string;
  /** box in points */
  width: number;
  height: number;
  fontSize: number;
  minFontSize: number;
  maxLines: number;
  lineHeight: number;
  /** font ascent + descent per unit of font size */
  extent: number;
  /** width of `s` at font size 1 */
  measure: (s: string) => number;
}

export interface FittedText {
  size: number;
  lines: string[];
  /** baseline-to-baseline distance in points */
  advance: number;
  truncated: boolean;
}

const STEP = 0.25;

function sizes(from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s > to + 1e-9; s -= STEP) out.push(Math.round(s * 100) / 100);
  out.push(to);
  return out;
}

/** Lines that fit at `size`, or null when the box holds fewer than `lineCount(size)` lines. */
function linesAllowed(req: FitRequest, size: number): number {
  const first = size * req.extent;
  if (first > req.height + 1e-6) return 0;
  return Math.min(req.maxLines, 1 + Math.floor((req.height - first + 1e-6) / (size * req.lineHeight)));
}

/** Greedy word wrap; a word wider than the line is broken between characters. */
export function wrap(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    if (measure(word) <= maxWidth) {
      line = word;
      continue;
    }
    // break an over-long word
    let part = '';
    for (const ch of word) {
      if (part && measure(part + ch) > maxWidth) {
        lines.push(part);
        part = '';
      }
      part += ch;
    }
    line = part;
  }
  if (line) lines.push(line);
  return lines;
}

function ellipsize(line: string, maxWidth: number, measure: (s: string) => number): string {
  const chars = Array.from(line);
  while (chars.length > 0 && measure(`${chars.join('').trimEnd()}…`) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

export function fitText(req: FitRequest): FittedText {
  const text = req.text.replace(/\s+/g, ' ').trim();
  const w1 = req.measure(text);
  const all = sizes(req.fontSize, req.minFontSize);
  // 1. one line, shrinking down to the floor
  for (const s of all) {
    if (linesAllowed(req, s) >= 1 && w1 * s <= req.width + 1e-6)
      return { size: s, lines: [text], advance: s * req.lineHeight, truncated: false };
  }
  // 2. wrapped, at the largest size whose lines all fit
  for (const s of all) {
    const n = linesAllowed(req, s);
    if (n < 2) continue;
    const lines = wrap(text, req.width / s, req.measure);
    if (lines.length <= n) return { size: s, lines, advance: s * req.lineHeight, truncated: false };
  }
  // 3. at the floor: as many lines as fit, the last one cut with an ellipsis
  const s = req.minFontSize;
  const n = Math.max(1, linesAllowed(req, s));
  const lines = wrap(text, req.width / s, req.measure);
  const kept = lines.slice(0, n);
  const lastIndex = kept.length - 1;
  const rest = lines.slice(lastIndex).join(' ');
  kept[lastIndex] = ellipsize(rest, req.width / s, req.measure);
  return { size: s, lines: kept, advance: s * req.lineHeight, truncated: true };
}
