// Label templates: the zod schema of labels/*.json, parsing with field-named errors, and
// checkTemplate(), which refuses a template that cannot print a given run legibly.
import { z } from 'zod';
import { LabelError } from './errors';
import { qrModuleCount } from './qr';

/** Smallest QR module printed, in mm (about 3 dots at 203 dpi; phone cameras need it). */
export const MIN_MODULE_MM = 0.375;

/**
 * Blank modules around the symbol: ISO/IEC 18004 and the GS1 General Specifications require 4.
 * Scanners find the finder patterns by the light border; text or a neighbouring mark closer than
 * that is what makes a code slow or impossible to read on a curved or creased package.
 */
export const MIN_QUIET_ZONE = 4;

const mm = z.number().finite().nonnegative();
const positiveMm = z.number().finite().positive();
const box = { x: mm, y: mm, width: positiveMm, height: positiveMm };

export const textFields = [
  'productName',
  'cooperativeName',
  'lot',
  'productionDate',
  'expiryDate',
  'serial',
  'prompt',
  'free',
] as const;
export type TextField = (typeof textFields)[number];

const qrElement = z.strictObject({
  type: z.literal('qr'),
  x: mm,
  y: mm,
  /** side of the square QR box, quiet zone included */
  size: positiveMm,
  /** light modules kept around the code, counted inside `size`; checkTemplate refuses fewer than MIN_QUIET_ZONE */
  quietZone: z.number().int().min(0).max(10).default(MIN_QUIET_ZONE),
  errorCorrection: z.enum(['L', 'M', 'Q', 'H']).default('M'),
});

const textElement = z
  .strictObject({
    type: z.literal('text'),
    ...box,
    field: z.enum(textFields),
    /** fixed text for `free`; overrides the default prompt "Quét để xác thực" */
    text: z.string().min(1).optional(),
    /** printed before the value, e.g. "NSX: " */
    prefix: z.string().default(''),
    /** points */
    fontSize: z.number().positive().max(72),
    /** floor in points the text may shrink to before it wraps or is cut */
    minFontSize: z.number().positive().max(72).optional(),
    maxLines: z.number().int().min(1).max(10).default(1),
    /** line advance as a multiple of the font size */
    lineHeight: z.number().min(0.8).max(3).default(1.15),
    align: z.enum(['left', 'center', 'right']).default('left'),
  })
  .refine((t) => t.field !== 'free' || t.text !== undefined, {
    message: 'a free text element needs "text"',
    path: ['text'],
  })
  .refine((t) => t.minFontSize === undefined || t.minFontSize <= t.fontSize, {
    message: 'minFontSize must not exceed fontSize',
    path: ['minFontSize'],
  });

const ocopElement = z.strictObject({
  type: z.literal('ocopMark'),
  ...box,
  /** mark text; stars follow it */
  text: z.string().min(1).default('Sản phẩm OCOP'),
});

const logoElement = z.strictObject({ type: z.literal('logo'), ...box });

export const elementSchema = z.discriminatedUnion('type', [qrElement, textElement, ocopElement, logoElement]);

const gridLayout = z.strictObject({
  kind: z.literal('grid'),
  columns: z.number().int().min(1).max(50),
  rows: z.number().int().min(1).max(100),
  marginLeft: mm,
  marginTop: mm,
  gapX: mm.default(0),
  gapY: mm.default(0),
});
/** one label per page, page size = label size (roll / thermal printers) */
const singleLayout = z.strictObject({ kind: z.literal('single') });

export const templateSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    name: z.strictObject({ vi: z.string().min(1), en: z.string().min(1) }),
    /** ignored for `single` layout (the page is the label) */
    page: z.strictObject({ width: positiveMm, height: positiveMm }).optional(),
    label: z.strictObject({
      width: positiveMm,
      height: positiveMm,
      shape: z.enum(['rect', 'circle']).default('rect'),
      cornerRadius: mm.default(0),
      /** draw the cut outline (thin grey line) */
      outline: z.boolean().default(false),
    }),
    layout: z.discriminatedUnion('kind', [gridLayout, singleLayout]),
    cropMarks: z
      .strictObject({ length: positiveMm.default(3), offset: mm.default(1) })
      .nullable()
      .default(null),
    activateOnPrint: z.boolean().default(false),
    elements: z.array(elementSchema).min(1),
  })
  .refine((t) => t.layout.kind === 'single' || t.page !== undefined, {
    message: 'a grid layout needs "page"',
    path: ['page'],
  })
  .refine((t) => t.elements.filter((e) => e.type === 'qr').length === 1, {
    message: 'exactly one qr element is required',
    path: ['elements'],
  })
  .refine((t) => t.label.shape === 'rect' || t.label.width === t.label.height, {
    message: 'a circle label must be as wide as it is high',
    path: ['label'],
  });

export type Template = z.output<typeof templateSchema>;
export type TemplateElement = Template['elements'][number];
export type QrElement = Extract<TemplateElement, { type: 'qr' }>;
export type TextElement = Extract<TemplateElement, { type: 'text' }>;

function pathName(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(template)';
}

/** Validate parsed JSON as a template; throws LabelError LABEL_TEMPLATE_INVALID naming each bad field. */
export function parseTemplate(json: unknown): Template {
  const r = templateSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: pathName(i.path), message: i.message }));
  throw new LabelError(
    'LABEL_TEMPLATE_INVALID',
    `label template is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    { issues },
  );
}

export interface PageGeometry {
  pageWidth: number;
  pageHeight: number;
  /** top-left corner of every label on a page, mm from the page's top-left */
  slots: Array<{ x: number; y: number }>;
}

export function pageGeometry(t: Template): PageGeometry {
  if (t.layout.kind === 'single' || !t.page)
    return { pageWidth: t.label.width, pageHeight: t.label.height, slots: [{ x: 0, y: 0 }] };
  const g = t.layout;
  const slots: Array<{ x: number; y: number }> = [];
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.columns; c++) {
      slots.push({ x: g.marginLeft + c * (t.label.width + g.gapX), y: g.marginTop + r * (t.label.height + g.gapY) });
    }
  }
  return { pageWidth: t.page.width, pageHeight: t.page.height, slots };
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export function qrElementOf(t: Template): QrElement {
  const q = t.elements.find((e): e is QrElement => e.type === 'qr');
  if (!q) throw new TypeError('template has no qr element');
  return q;
}

/** Module size in mm for `uri` printed by this template's QR element. */
export function moduleSizeFor(t: Template, uri: string): { moduleMm: number; version: number; modules: number } {
  const q = qrElementOf(t);
  let count: { version: number; size: number };
  try {
    count = qrModuleCount(uri, q.errorCorrection);
  } catch {
    throw new LabelError(
      'LABEL_INPUT_INVALID',
      `URI of ${uri.length} characters does not fit in a QR code at level ${q.errorCorrection}`,
      { uriLength: uri.length },
    );
  }
  return { moduleMm: q.size / (count.size + 2 * q.quietZone), version: count.version, modules: count.size };
}

/**
 * Refuse a template that cannot print `sampleUri` legibly: QR modules under MIN_MODULE_MM, a quiet
 * zone under MIN_QUIET_ZONE modules or another element inside the QR box (which holds the quiet
 * zone), elements outside their label (or outside the circle of a round label), labels outside the page.
 * Throws LabelError LABEL_TEMPLATE_UNFIT with one problem per entry in details.problems.
 */
export function checkTemplate(t: Template, sampleUri: string): void {
  const problems: Array<{ element: string; message: string; byMm: number }> = [];
  const q = qrElementOf(t);
  const qi = t.elements.indexOf(q);
  const m = moduleSizeFor(t, sampleUri);
  if (m.moduleMm < MIN_MODULE_MM) {
    const needed = MIN_MODULE_MM * (m.modules + 2 * q.quietZone);
    problems.push({
      element: `elements[${qi}] (qr)`,
      byMm: r2(needed - q.size),
      message: `elements[${qi}] (qr): QR modules would print at ${m.moduleMm.toFixed(3)} mm (version ${m.version}, ${m.modules}+2×${q.quietZone} modules across ${q.size} mm), below ${MIN_MODULE_MM} mm; the QR box needs ${r2(needed)} mm, ${r2(needed - q.size)} mm more, or a lower error correction`,
    });
  }
  if (q.quietZone < MIN_QUIET_ZONE) {
    problems.push({
      element: `elements[${qi}] (qr)`,
      byMm: r2((MIN_QUIET_ZONE - q.quietZone) * m.moduleMm),
      message: `elements[${qi}] (qr) keeps a quiet zone of ${q.quietZone} modules; ISO/IEC 18004 and GS1 require ${MIN_QUIET_ZONE}`,
    });
  }
  const W = t.label.width,
    H = t.label.height;
  t.elements.forEach((e, i) => {
    const name = `elements[${i}] (${e.type === 'text' ? `text ${e.field}` : e.type})`;
    const w = e.type === 'qr' ? e.size : e.width;
    const h = e.type === 'qr' ? e.size : e.height;
    if (e !== q) {
      // The QR box is the symbol and its quiet zone: nothing else may be printed in it.
      const inX = Math.min(e.x + w, q.x + q.size) - Math.max(e.x, q.x);
      const inY = Math.min(e.y + h, q.y + q.size) - Math.max(e.y, q.y);
      if (inX > 1e-9 && inY > 1e-9) {
        const by = r2(Math.min(inX, inY));
        problems.push({ element: name, byMm: by, message: `${name} enters the QR code's quiet zone by ${by} mm` });
      }
    }
    const over = Math.max(e.x + w - W, e.y + h - H);
    if (over > 1e-9) {
      const side = e.x + w - W >= e.y + h - H ? 'right' : 'bottom';
      problems.push({
        element: name,
        byMm: r2(over),
        message: `${name} overflows the label's ${side} edge by ${r2(over)} mm`,
      });
    } else if (t.label.shape === 'circle') {
      const c = W / 2;
      let worst = 0;
      for (const [px, py] of [
        [e.x, e.y],
        [e.x + w, e.y],
        [e.x, e.y + h],
        [e.x + w, e.y + h],
      ] as const) {
        worst = Math.max(worst, Math.hypot(px - c, py - c) - c);
      }
      if (worst > 1e-9)
        problems.push({
          element: name,
          byMm: r2(worst),
          message: `${name} leaves the round label by ${r2(worst)} mm at a corner`,
        });
    }
  });
  const g = pageGeometry(t);
  let overX = 0,
    overY = 0;
  for (const s of g.slots) {
    overX = Math.max(overX, s.x + W - g.pageWidth);
    overY = Math.max(overY, s.y + H - g.pageHeight);
  }
  if (overX > 1e-9)
    problems.push({
      element: 'layout',
      byMm: r2(overX),
      message: `the label grid overflows the page width by ${r2(overX)} mm`,
    });
  if (overY > 1e-9)
    problems.push({
      element: 'layout',
      byMm: r2(overY),
      message: `the label grid overflows the page height by ${r2(overY)} mm`,
    });
  if (problems.length > 0) {
    throw new LabelError(
      'LABEL_TEMPLATE_UNFIT',
      `template "${t.id}" cannot print this run: ${problems.map((p) => p.message).join('; ')}`,
      {
        templateId: t.id,
        problems,
      },
    );
  }
}
