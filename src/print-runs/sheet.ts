// A print run as a PDF sheet: its stamps streamed from the database in printing order into the
// label renderer. Shared by the API download, the console and `npm run demo:pdf`.
import { stampUri } from '../domain/digital-link';
import { dayVi } from '../domain/messages';
import { SERIAL_ALPHABET, SERIAL_LENGTH } from '../domain/serial';
import type { Db } from '../db/client';
import { getBatch } from '../db/batches-store';
import { getOrganization } from '../db/organizations-store';
import { getProduct } from '../db/products-store';
import { stampsOfRun, type PrintRun } from '../db/print-runs-store';
import { AppError } from '../errors';
import {
  checkTemplate,
  type LabelFields,
  renderLabelSheetChunks,
  renderLabelSheetStream,
  type Template,
} from '../labels';
import type { LabelCatalog } from '../labels/catalog';

/** The longest URI a run can print, to check a template's QR size against. */
export function sampleUri(baseUrl: string, gtin: string, lot: string) {
  return stampUri(baseUrl, gtin, lot, SERIAL_ALPHABET.at(-1)!.repeat(SERIAL_LENGTH));
}

export function templateOf(labels: LabelCatalog, id: string, path = 'body.templateId'): Template {
  const t = labels.templates.get(id);
  if (!t) {
    throw new AppError('VALIDATION_FAILED', 'Unknown label template', [
      { path, message: `must be one of: ${[...labels.templates.keys()].join(', ')}` },
    ]);
  }
  return t;
}

/** ASCII-only filename, so the header is valid everywhere; the Vietnamese name goes in filename*. */
export function attachment(name: string) {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** What every label of a run prints besides its QR code and serial. */
async function labelFields(db: Db, run: PrintRun) {
  const batch = (await getBatch(db, run.batchId))!;
  const product = (await getProduct(db, batch.productId))!;
  const coop = await getOrganization(db, batch.cooperativeId);
  return {
    productName: product.nameVi,
    cooperativeName: coop?.name ?? null,
    lot: run.lotCode,
    // printed for shoppers in Vietnam: dd/mm/yyyy
    productionDate: batch.productionDate ? dayVi(batch.productionDate) : null,
    expiryDate: batch.expiryDate ? dayVi(batch.expiryDate) : null,
    ocopStars: run.ocopStars,
  };
}

function stampsPerSheet(template: Template): number {
  return template.layout.kind === 'grid' ? template.layout.columns * template.layout.rows : 1;
}

/**
 * Checks everything that can fail before the first byte (afterwards an error could only cut the
 * file short), then returns the PDF as a stream.
 */
export async function printRunPdf(db: Db, labels: LabelCatalog, run: PrintRun, opts: { preview?: boolean } = {}) {
  const template = templateOf(labels, run.templateId, 'templateId');
  checkTemplate(template, sampleUri(run.baseUrl, run.gtin, run.lotCode));
  const fields = await labelFields(db, run);
  const perSheet = stampsPerSheet(template);
  async function* stamps() {
    for await (const page of stampsOfRun(db, run.id, opts.preview ? { to: perSheet } : {})) {
      for (const s of page) yield { serial: s.serial, uri: stampUri(run.baseUrl, run.gtin, run.lotCode, s.serial) };
    }
  }
  const { dispose, ...extra } = labels.renderOptions?.() ?? {};
  const stream = renderLabelSheetStream({
    template,
    font: labels.font,
    fields,
    stamps: stamps(),
    preview: !!opts.preview,
    ...extra,
  });
  const body = dispose ? stream.pipeThrough(new TransformStream({ flush: () => dispose() })) : stream;
  return { body, filename: `tem-${run.lotCode}-${template.id}${opts.preview ? '-xem-truoc' : ''}.pdf` };
}

/** A run's PDF before it is made: its pages and about how many bytes it will be. */
export interface PdfEstimate {
  pages: number;
  stampsPerPage: number;
  estimatedBytes: number;
}

/** Bytes of the parts of a sheet that do not grow with it, and of each page, by what prints on it. */
const MEASURED = new Map<string, { fixed: number; perPage: number }>();
const MEASURED_KEPT = 200;
/**
 * Stamps in the smaller of the two sample sheets at least: enough for every glyph of the serials
 * to be in both, so that the font (embedded as a subset) is the same size in both and only the
 * pages make the difference.
 */
const SAMPLE_STAMPS = 64;

/** Serials spread over the alphabet (every glyph a real run prints, codes as varied as real ones). */
function sampleSerials(n: number): string[] {
  const out: string[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    let serial = '';
    for (let j = 0; j < SERIAL_LENGTH; j++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      serial += SERIAL_ALPHABET[x % SERIAL_ALPHABET.length];
    }
    out.push(serial);
  }
  return out;
}

async function renderedBytes(labels: LabelCatalog, template: Template, fields: LabelFields, uris: string[][]) {
  const { dispose, ...extra } = labels.renderOptions?.() ?? {};
  try {
    let n = 0;
    const stamps = uris.map(([serial, uri]) => ({ serial: serial!, uri: uri! }));
    for await (const chunk of renderLabelSheetChunks({ template, font: labels.font, fields, stamps, ...extra }))
      n += chunk.length;
    return n;
  } finally {
    await dispose?.();
  }
}

/**
 * The pages of a run's PDF and its size, estimated before the download starts: the sheets
 * hold the template's stamps per page; the bytes of a page are measured by making the run's own
 * sheets (its template, texts and address, with sample serials) with the real PDF machinery, n
 * pages and 3n pages (n pages hold at least 64 stamps): a page is the difference over 2n pages,
 * the rest (font, document structure) is counted once. Measured once per template and texts,
 * then kept.
 */
export async function estimatePrintRunPdf(db: Db, labels: LabelCatalog, run: PrintRun): Promise<PdfEstimate> {
  const template = templateOf(labels, run.templateId, 'templateId');
  const perSheet = stampsPerSheet(template);
  const pages = Math.max(1, Math.ceil(run.count / perSheet));
  const fields = await labelFields(db, run);
  const key = JSON.stringify([template.id, fields, run.baseUrl, run.gtin]);
  let m = MEASURED.get(key);
  if (!m) {
    const few = Math.ceil(SAMPLE_STAMPS / perSheet);
    const uris = sampleSerials(perSheet * few * 3).map((serial) => [
      serial,
      stampUri(run.baseUrl, run.gtin, run.lotCode, serial),
    ]);
    const small = await renderedBytes(labels, template, fields, uris.slice(0, perSheet * few));
    const large = await renderedBytes(labels, template, fields, uris);
    const perPage = Math.max(0, (large - small) / (2 * few));
    m = { fixed: Math.max(0, small - perPage * few), perPage };
    if (MEASURED.size >= MEASURED_KEPT) MEASURED.delete(MEASURED.keys().next().value!);
    MEASURED.set(key, m);
  }
  return { pages, stampsPerPage: perSheet, estimatedBytes: Math.round(m.fixed + m.perPage * pages) };
}
