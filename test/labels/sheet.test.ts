import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelError, pageGeometry, renderLabelSheet, renderLabelSheetStream, type LabelFields } from '../../src/labels';
import { COOPERATIVE_NAME, decodeAll, loadFont, loadTemplate, makeStamps, PRODUCT_NAME, run } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const font = loadFont();
const fields: LabelFields = {
  productName: PRODUCT_NAME,
  cooperativeName: COOPERATIVE_NAME,
  lot: 'LOT-2025-01',
  productionDate: '15/03/2025',
  expiryDate: '15/03/2026',
  ocopStars: 4,
};
const zlib = (b: Uint8Array) => deflateSync(b);

function write(name: string, pdf: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, pdf);
  return p;
}

const cases = [
  { id: 'a4-3x8', count: 24, at150: true },
  { id: 'a4-5x13', count: 30, at150: true },
  { id: 'roll-50x30', count: 24, at150: true },
  { id: 'round-30', count: 30, at150: false },
];

describe.each(cases)('template $id', ({ id, count, at150 }) => {
  const t = loadTemplate(id);
  const stamps = makeStamps(count, id.length * 1000);
  let path = '';

  it('renders a run that qpdf accepts', async () => {
    const pdf = await renderLabelSheet({
      template: t,
      font,
      fields,
      stamps,
      deflate: id === 'a4-3x8' ? undefined : zlib,
    });
    path = write(`${id}.pdf`, pdf);
    const out = run('qpdf', ['--check', path]);
    expect(out).toContain('No syntax or stream encoding errors found');
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [path]))?.[1]);
    expect(pages).toBe(Math.ceil(count / pageGeometry(t).slots.length));
  });

  it('prints QR codes that decode, each alone, to exactly its stamp URI at 300 dpi', () => {
    expect(decodeAll(t, path, count, 300, dir)).toEqual(stamps.map((s) => s.uri));
  });

  it.runIf(at150)('still decodes every stamp at 150 dpi', () => {
    expect(decodeAll(t, path, count, 150, dir)).toEqual(stamps.map((s) => s.uri));
  });

  it('gives back the Vietnamese text exactly', () => {
    const text = run('pdftotext', ['-raw', '-f', '1', '-l', '1', path, '-']).normalize('NFC');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Quét để xác thực');
    expect(flat).toContain(stamps[0]!.serial);
    if (t.elements.some((e) => e.type === 'text' && e.field === 'productName')) expect(flat).toContain(PRODUCT_NAME);
    if (t.elements.some((e) => e.type === 'text' && e.field === 'cooperativeName'))
      expect(flat).toContain(COOPERATIVE_NAME);
    expect(flat).toContain('★★★★');
  });
});

describe('label sheet rendering', () => {
  const t = loadTemplate('a4-3x8');

  it('draws QR codes as vector paths, never images', async () => {
    const pdf = await renderLabelSheet({ template: t, font, fields, stamps: makeStamps(3), deflate: zlib });
    const p = write('vector.pdf', pdf);
    expect(run('pdfimages', ['-list', p]).trim().split('\n').length).toBe(2); // header lines only
    const qdf = run('qpdf', ['--qdf', '--object-streams=disable', p, '-']);
    expect(qdf).toMatch(/\d+ \d+ \d+ \d+ re\n/);
    expect(qdf).toContain('/L Do');
  });

  it('leaves the OCOP mark out when the batch has no valid rating', async () => {
    const pdf = await renderLabelSheet({
      template: t,
      font,
      fields: { ...fields, ocopStars: null },
      stamps: makeStamps(2),
      deflate: zlib,
    });
    const text = run('pdftotext', [write('no-ocop.pdf', pdf), '-']);
    expect(text).not.toContain('OCOP');
    expect(text).not.toContain('★');
    expect(text.normalize('NFC')).toContain('Quét để xác thực');
  });

  it('prints the production and expiry days dd/mm/yyyy when given as YYYY-MM-DD', async () => {
    const pdf = await renderLabelSheet({
      template: t,
      font,
      fields: { ...fields, productionDate: '2026-11-29', expiryDate: '2027-05-29' },
      stamps: makeStamps(1),
      deflate: zlib,
    });
    const text = run('pdftotext', ['-raw', write('dates.pdf', pdf), '-']).replace(/\s+/g, ' ');
    expect(text).toContain('NSX: 29/11/2026');
    expect(text).toContain('HSD: 29/05/2027');
    expect(text).toContain('Số tem: ');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('fails loudly when the font has no glyph for a character', async () => {
    const err = await renderLabelSheet({
      template: t,
      font,
      fields: { ...fields, productName: 'Trà 漢 Thái' },
      stamps: makeStamps(1),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabelError);
    expect((err as LabelError).code).toBe('LABEL_GLYPH_MISSING');
    expect((err as LabelError).details).toMatchObject({ character: '漢', codePoint: 'U+6F22' });
  });

  it('normalises decomposed Vietnamese to NFC before drawing', async () => {
    const decomposed = PRODUCT_NAME.normalize('NFD');
    expect(decomposed).not.toBe(PRODUCT_NAME);
    const pdf = await renderLabelSheet({
      template: t,
      font,
      fields: { ...fields, productName: decomposed },
      stamps: makeStamps(1),
      deflate: zlib,
    });
    expect(run('pdftotext', ['-raw', write('nfd.pdf', pdf), '-']).replace(/\s+/g, ' ')).toContain(PRODUCT_NAME);
  });

  it('refuses a bad OCOP star count and an empty run', async () => {
    await expect(
      renderLabelSheet({ template: t, font, fields: { ...fields, ocopStars: 7 }, stamps: makeStamps(1) }),
    ).rejects.toMatchObject({ code: 'LABEL_INPUT_INVALID' });
    await expect(renderLabelSheet({ template: t, font, fields, stamps: [] })).rejects.toMatchObject({
      code: 'LABEL_INPUT_INVALID',
    });
  });

  it('renders only the first sheet in preview, and the stream gives the same bytes as the one-shot call', async () => {
    const stamps = makeStamps(60);
    const preview = await renderLabelSheet({ template: t, font, fields, stamps, preview: true, deflate: zlib });
    expect(run('pdfinfo', [write('preview.pdf', preview)])).toMatch(/Pages:\s+1\n/);
    const full = await renderLabelSheet({ template: t, font, fields, stamps, deflate: zlib });
    const chunks: Uint8Array[] = [];
    const reader = renderLabelSheetStream({
      template: t,
      font,
      fields,
      stamps: (async function* () {
        yield* stamps;
      })(),
      deflate: zlib,
    }).getReader();
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
    }
    expect(chunks.length).toBeGreaterThan(3);
    expect(Buffer.concat(chunks).equals(Buffer.from(full))).toBe(true);
    expect(run('pdfinfo', [write('full.pdf', full)])).toMatch(/Pages:\s+3\n/);
  });

  it('embeds the font as a subset', async () => {
    const pdf = await renderLabelSheet({ template: t, font, fields, stamps: makeStamps(1), deflate: zlib });
    const fonts = run('pdffonts', [write('subset.pdf', pdf)]);
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans/);
    expect(pdf.length).toBeLessThan(font.length / 4);
  });
});
