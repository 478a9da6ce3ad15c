// The Node fast path (src/entry/labels-node-accel.ts): worker-thread QR encoding and async zlib must
// give exactly the bytes of the plain path, fail the same way, and close the stamp source.
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeQr, renderLabelSheet, renderLabelSheetStream, type LabelFields, type Stamp } from '../../src/labels';
import { createWorkerEncoder, DEFAULT_DEFLATE_LEVEL, zlibDeflateAsync } from '../../src/entry/labels-node-accel';
import { COOPERATIVE_NAME, loadFont, loadTemplate, makeStamps, PRODUCT_NAME } from './helpers';

const font = loadFont();
const template = loadTemplate('a4-3x8');
const fields: LabelFields = {
  productName: PRODUCT_NAME,
  cooperativeName: COOPERATIVE_NAME,
  lot: 'LOT-2025-01',
  ocopStars: 4,
};
const encoder = createWorkerEncoder({ threads: 2 });
afterAll(() => encoder.close());

async function* rows(stamps: Stamp[]): AsyncGenerator<Stamp> {
  for (const s of stamps) {
    await Promise.resolve();
    yield s;
  }
}

describe('Node fast path', () => {
  it('worker threads give the same matrices as encodeQr', async () => {
    await encoder.ready();
    const uris = makeStamps(700).map((s) => s.uri);
    const got = await encoder.encodeBatch(uris, 'M');
    uris.forEach((u, i) => {
      const want = encodeQr(u, { level: 'M' });
      expect(got[i]!.mask).toBe(want.mask);
      expect(Buffer.from(got[i]!.modules).equals(Buffer.from(want.modules))).toBe(true);
    });
  });

  it('renders the same PDF bytes with workers + async deflate as on one thread with deflateSync', async () => {
    const stamps = makeStamps(1234);
    const plain = await renderLabelSheet({
      template,
      font,
      fields,
      stamps,
      deflate: (b) => deflateSync(b, { level: DEFAULT_DEFLATE_LEVEL }),
    });
    const fast = await renderLabelSheet({
      template,
      font,
      fields,
      stamps: rows(stamps),
      deflate: zlibDeflateAsync,
      encoder,
      encoderBatch: 100,
      encoderAhead: 4,
    });
    expect(fast.length).toBe(plain.length);
    expect(Buffer.from(fast).equals(Buffer.from(plain))).toBe(true);
  });

  it('reports a URI too long for a QR code by its index, as without workers', async () => {
    const stamps = makeStamps(30);
    stamps[27] = { uri: `https://trace.example.vn/${'x'.repeat(3000)}`, serial: 'X' };
    const err = await renderLabelSheet({
      template,
      font,
      fields,
      stamps,
      deflate: zlibDeflateAsync,
      encoder,
      encoderBatch: 10,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LABEL_INPUT_INVALID', details: { index: 27 } });
  });

  it('closes the stamp source when the reader cancels early', async () => {
    let closed = false;
    let read = 0;
    async function* source(): AsyncGenerator<Stamp> {
      try {
        for (const s of makeStamps(100000)) {
          read++;
          yield s;
        }
      } finally {
        closed = true;
      }
    }
    const reader = renderLabelSheetStream({
      template,
      font,
      fields,
      stamps: source(),
      deflate: zlibDeflateAsync,
      encoder,
    }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
    expect(read).toBeLessThan(100000);
  });
});
