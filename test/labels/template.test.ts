import { describe, expect, it } from 'vitest';
import { checkTemplate, LabelError, parseTemplate, type Template } from '../../src/labels';
import { loadTemplate, shippedTemplateIds, uriFor } from './helpers';

const base = () =>
  JSON.parse(
    JSON.stringify({
      id: 'test-1',
      name: { vi: 'Thử', en: 'Test' },
      page: { width: 210, height: 297 },
      label: { width: 70, height: 37 },
      layout: { kind: 'grid', columns: 3, rows: 8, marginLeft: 0, marginTop: 0.5 },
      elements: [
        { type: 'qr', x: 2, y: 2, size: 33, quietZone: 4 },
        { type: 'text', field: 'productName', x: 36, y: 2, width: 32, height: 10, fontSize: 8 },
      ],
    }),
  );

function errorOf(fn: () => unknown): LabelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LabelError) return e;
    throw e;
  }
  throw new Error('expected a LabelError');
}

const sample = uriFor('ABCDEFGHJKMNP2');

describe('parseTemplate', () => {
  it('accepts every shipped template and fills defaults', () => {
    const ids = shippedTemplateIds();
    expect(ids).toEqual(expect.arrayContaining(['a4-3x8', 'a4-5x13', 'roll-50x30', 'round-30']));
    for (const id of ids) expect(loadTemplate(id).id).toBe(id);
    const t = parseTemplate(base());
    const qr = t.elements[0] as Extract<Template['elements'][number], { type: 'qr' }>;
    expect(qr.errorCorrection).toBe('M');
    expect(t.activateOnPrint).toBe(false);
  });

  it('names the field that is missing or wrong', () => {
    const j = base();
    delete j.label.width;
    j.elements[0].errorCorrection = 'X';
    const e = errorOf(() => parseTemplate(j));
    expect(e.code).toBe('LABEL_TEMPLATE_INVALID');
    expect(e.message).toContain('label.width');
    expect(e.message).toContain('elements[0].errorCorrection');
    const paths = (e.details.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['label.width', 'elements[0].errorCorrection']));
  });

  it('refuses unknown keys, a free text without text, a grid without page and a template without QR', () => {
    const a = base();
    a.elements[1].colour = 'red';
    expect(errorOf(() => parseTemplate(a)).message).toContain('elements[1]');
    const b = base();
    b.elements.push({ type: 'text', field: 'free', x: 1, y: 30, width: 10, height: 3, fontSize: 5 });
    expect(errorOf(() => parseTemplate(b)).message).toContain('elements[2].text');
    const c = base();
    delete c.page;
    expect(errorOf(() => parseTemplate(c)).message).toContain('page');
    const d = base();
    d.elements.shift();
    expect(errorOf(() => parseTemplate(d)).message).toContain('exactly one qr element');
  });
});

describe('checkTemplate', () => {
  it('passes the shipped templates for a Digital Link URI with a 14-character serial', () => {
    for (const id of shippedTemplateIds()) expect(() => checkTemplate(loadTemplate(id), sample)).not.toThrow();
  });

  it('refuses a QR box whose modules would print below 0.375 mm, saying by how much', () => {
    const j = base();
    j.elements[0].size = 12;
    const e = errorOf(() => checkTemplate(parseTemplate(j), sample));
    expect(e.code).toBe('LABEL_TEMPLATE_UNFIT');
    // version 4 (33 modules) + 2×4 quiet zone = 41 modules × 0.375 = 15.375 mm
    expect(e.message).toContain('elements[0] (qr)');
    expect(e.message).toContain('0.293 mm');
    expect(e.message).toContain('3.38 mm more');
    expect(e.details.problems).toEqual([expect.objectContaining({ element: 'elements[0] (qr)', byMm: 3.38 })]);
  });

  it('sizes the QR for the actual content: a longer URI needs a bigger code', () => {
    const j = base();
    j.elements[0].size = 15.5;
    const t = parseTemplate(j);
    expect(() => checkTemplate(t, sample)).not.toThrow();
    expect(errorOf(() => checkTemplate(t, `${sample}?linkType=gs1:pip&context=abcdefghijklmnop`)).code).toBe(
      'LABEL_TEMPLATE_UNFIT',
    );
  });

  it('refuses a quiet zone under 4 modules, the minimum of ISO/IEC 18004 and GS1', () => {
    const j = base();
    j.elements[0].quietZone = 2;
    const e = errorOf(() => checkTemplate(parseTemplate(j), sample));
    expect(e.code).toBe('LABEL_TEMPLATE_UNFIT');
    expect(e.message).toContain('elements[0] (qr) keeps a quiet zone of 2 modules; ISO/IEC 18004 and GS1 require 4');
    expect(e.details.problems).toEqual([expect.objectContaining({ element: 'elements[0] (qr)' })]);
  });

  it('refuses an element printed inside the QR box, where the quiet zone must stay blank', () => {
    const j = base();
    j.elements[1].x = 34;
    const e = errorOf(() => checkTemplate(parseTemplate(j), sample));
    expect(e.message).toContain("elements[1] (text productName) enters the QR code's quiet zone by 1 mm");
  });

  it('gives every shipped template a quiet zone of 4 modules and room for a version 6 code', () => {
    // A 45-character host and a lot code of 20 characters, three of them percent-encoded.
    const long =
      'https://truyxuat.hoinongdan-sonlam.gov.vn/01/08930000000017/10/L%2F2025%2F0001%2FABCDEFGHIJ/21/ABCDEFGHJKMNP2';
    for (const id of shippedTemplateIds()) {
      const t = loadTemplate(id);
      expect(
        t.elements.find((e) => e.type === 'qr'),
        id,
      ).toMatchObject({ quietZone: 4 });
      expect(() => checkTemplate(t, long), id).not.toThrow();
    }
  });

  it('refuses an element that overflows its label, naming it and the overflow in mm', () => {
    const j = base();
    j.elements[1].width = 36.5;
    const e = errorOf(() => checkTemplate(parseTemplate(j), sample));
    expect(e.message).toContain("elements[1] (text productName) overflows the label's right edge by 2.5 mm");
  });

  it('refuses an element outside the circle of a round label', () => {
    const t = loadTemplate('round-30');
    const j = JSON.parse(JSON.stringify(t));
    j.elements[0] = { ...j.elements[0], x: 1, y: 1 };
    const e = errorOf(() => checkTemplate(parseTemplate(j), sample));
    expect(e.message).toMatch(/elements\[0\] \(text serial\) leaves the round label by \d+(\.\d+)? mm/);
  });

  it('refuses a grid that does not fit the page', () => {
    const j = base();
    j.layout.rows = 9;
    expect(errorOf(() => checkTemplate(parseTemplate(j), sample)).message).toContain(
      'overflows the page height by 36.5 mm',
    );
  });
});
