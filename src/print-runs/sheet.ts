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
import { checkTemplate, renderLabelSheetStream, type Template } from '../labels';
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

/**
 * Checks everything that can fail before the first byte (afterwards an error could only cut the
 * file short), then returns the PDF as a stream.
 */
export async function printRunPdf(db: Db, labels: LabelCatalog, run: PrintRun, opts: { preview?: boolean } = {}) {
  const template = templateOf(labels, run.templateId, 'templateId');
  checkTemplate(template, sampleUri(run.baseUrl, run.gtin, run.lotCode));
  const batch = (await getBatch(db, run.batchId))!;
  const product = (await getProduct(db, batch.productId))!;
  const coop = await getOrganization(db, batch.cooperativeId);
  const fields = {
    productName: product.nameVi,
    cooperativeName: coop?.name ?? null,
    lot: run.lotCode,
    // printed for shoppers in Vietnam: dd/mm/yyyy
    productionDate: batch.productionDate ? dayVi(batch.productionDate) : null,
    expiryDate: batch.expiryDate ? dayVi(batch.expiryDate) : null,
    ocopStars: run.ocopStars,
  };
  const perSheet = template.layout.kind === 'grid' ? template.layout.columns * template.layout.rows : 1;
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
