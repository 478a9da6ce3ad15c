// Answers compressed on Node by Accept-Encoding (src/entry/compression.ts around the real app on
// the demo province): pages, JSON and CSV in brotli or gzip as the client prefers, the same bytes
// once decompressed; PDFs, tiny bodies, HEAD and clients that ask for nothing untouched; a
// streamed answer still streams.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { MIN_COMPRESS_BYTES, negotiateEncoding, withCompression } from '../../src/entry/compression';
import { createTestContext, type TestContext } from '../support/app';

const BASE = 'https://trace.example.vn';
const PHONE = {
  accept: 'text/html',
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/124.0 Mobile Safari/537.36',
};

let t: TestContext;
let fetch: (path: string, init?: { method?: string; headers?: Record<string, string> }) => Promise<Response>;
let stampPath: string;
let batchPath: string;
let printRunId: string;

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  const compressed = withCompression(t.app.fetch);
  fetch = async (path, init = {}) => compressed(new Request(BASE + path, init), undefined);
  const urls = await demoStampUrls(t.db.sql);
  stampPath = urls.find((u) => u.label === 'genuine, active')!.url.replace(BASE, '');
  batchPath = stampPath.replace(/\/21\/.*$/, '');
  const [run] = await t.db.sql<{ id: string }[]>`select id from print_runs order by created_at limit 1`;
  printRunId = run!.id;
});
afterAll(async () => {
  await t?.close();
});

const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());
const decoded = (r: Response, body: Uint8Array) => {
  const coding = r.headers.get('content-encoding');
  if (coding === 'br') return brotliDecompressSync(body);
  if (coding === 'gzip') return gunzipSync(body);
  return Buffer.from(body);
};

describe('negotiateEncoding', () => {
  it('follows the q-values and prefers brotli between equals', () => {
    expect(negotiateEncoding(null)).toBeNull();
    expect(negotiateEncoding('')).toBeNull();
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=1')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('GZIP ; Q=0.8, x-gzip;q=0.9')).toBe('gzip');
    expect(negotiateEncoding('deflate')).toBeNull();
  });
});

describe('answers compressed by Accept-Encoding', () => {
  it('sends a stamp page in brotli or gzip, about a third of its size, with Vary: Accept-Encoding', async () => {
    const plain = await fetch(stampPath, { headers: PHONE });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const raw = await bytes(plain);
    const sizes: Record<string, number> = { identity: raw.byteLength };
    for (const coding of ['gzip', 'br'] as const) {
      const r = await fetch(stampPath, { headers: { ...PHONE, 'accept-encoding': coding } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-encoding')).toBe(coding);
      // the resolver's own Vary is kept
      expect(r.headers.get('vary')).toBe('Accept, Accept-Language, Accept-Encoding');
      const body = await bytes(r);
      expect(Number(r.headers.get('content-length'))).toBe(body.byteLength);
      const html = decoded(r, body).toString('utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html.endsWith('</html>')).toBe(true);
      expect(html).toMatch(/Tem chính hãng, đang lưu hành/);
      sizes[coding] = body.byteLength;
    }
    console.log(`stamp page bytes: ${JSON.stringify(sizes)}`);
    expect(raw.byteLength).toBeGreaterThan(8_000);
    expect(sizes.gzip!).toBeLessThan(raw.byteLength * 0.45);
    expect(sizes.br!).toBeLessThan(sizes.gzip!);
  });

  it('decompresses to the very bytes sent uncompressed (batch page, linkset, API JSON)', async () => {
    const admin = { authorization: `Bearer ${t.keys.admin}` };
    for (const [path, headers] of [
      [batchPath, PHONE],
      [`${stampPath}?linkType=linkset`, {}],
      ['/api/v1/batches?limit=50', admin],
      ['/openapi.json', {}],
    ] as const) {
      const plain = await bytes(await fetch(path, { headers }));
      expect(plain.byteLength, path).toBeGreaterThan(MIN_COMPRESS_BYTES);
      for (const coding of ['gzip', 'br']) {
        const r = await fetch(path, { headers: { ...headers, 'accept-encoding': coding } });
        expect(r.headers.get('content-encoding'), path).toBe(coding);
        expect(decoded(r, await bytes(r)).equals(plain), `${path} ${coding}`).toBe(true);
      }
    }
  });

  it('streams the serials CSV compressed, and it decompresses to the plain CSV', async () => {
    const path = `/api/v1/print-runs/${printRunId}/serials.csv`;
    const admin = { authorization: `Bearer ${t.keys.admin}` };
    const plain = await bytes(await fetch(path, { headers: admin }));
    const r = await fetch(path, { headers: { ...admin, 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(decoded(r, await bytes(r)).equals(plain)).toBe(true);
  });

  it('leaves PDFs, tiny bodies, HEAD and clients that ask for nothing as they are', async () => {
    const admin = { authorization: `Bearer ${t.keys.admin}` };
    const pdf = await fetch(`/api/v1/print-runs/${printRunId}/pdf?preview=true`, {
      headers: { ...admin, 'accept-encoding': 'br, gzip' },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-encoding')).toBeNull();
    expect(
      Buffer.from(await bytes(pdf))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const health = await fetch('/healthz', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect(await health.json()).toEqual({ status: 'ok' });

    const head = await fetch(stampPath, { method: 'HEAD', headers: { ...PHONE, 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBeNull();

    for (const ae of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const r = await fetch(batchPath, { headers: { ...PHONE, ...(ae ? { 'accept-encoding': ae } : {}) } });
      expect(r.headers.get('content-encoding'), ae).toBeNull();
      expect((await r.text()).endsWith('</html>')).toBe(true);
    }
  });
});

describe('a streamed answer', () => {
  it('starts before its source has finished, and arrives whole', async () => {
    const enc = new TextEncoder();
    const rows = (from: number) =>
      Array.from({ length: 100 }, (_, i) => `${from + i},SERIAL${from + i},active\r\n`).join('');
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const source = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(enc.encode(rows(0)));
        await released; // the rest only once the answer has begun
        controller.enqueue(enc.encode(rows(100)));
        controller.close();
      },
    });
    const app = withCompression(() => new Response(source, { headers: { 'content-type': 'text/csv' } }));
    const r = await app(new Request('http://x/', { headers: { 'accept-encoding': 'br' } }), undefined);
    expect(r.headers.get('content-encoding')).toBe('br');
    expect(r.headers.get('content-length')).toBeNull();
    release();
    expect(decoded(r, await bytes(r)).toString()).toBe(rows(0) + rows(100));
  });
});
