// Node-only: answers compressed by Accept-Encoding, around the app's fetch. Brotli or gzip, by the
// client's q-values (brotli when both are equally welcome); HTML, JSON (the linkset too), CSV,
// plain text and SVG only, never PDFs or images; not bodies under 1 KB, HEAD answers, or answers
// that are already encoded. A short answer is compressed at once on libuv's threadpool and keeps
// its Content-Length; a long or slow one (a print run's serials) is compressed as it streams.
// Workers need none of this: Cloudflare compresses at the edge.
// Not hono/compress: it offers gzip and deflate only (CompressionStream), ignores q-values and
// would compress PDFs.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliOptions } from 'node:zlib';

export type Coding = 'br' | 'gzip';
type Fetch<E> = (request: Request, env: E) => Response | Promise<Response>;

/** Smaller answers go as they are: compression saves little and costs a round of work. */
export const MIN_COMPRESS_BYTES = 1024;
/** An answer complete within this many bytes is compressed in one go; longer ones stream. */
const ONE_GO_BYTES = 256 * 1024;
/** Brotli's quality for answers made per request: 11 (the default) takes milliseconds per page. */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

const COMPRESSIBLE =
  /^\s*(text\/(html|plain|csv|css|javascript|xml)|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The coding to answer with for an Accept-Encoding header, or null for identity. q=0 refuses a
 * coding; `*` stands for any coding not named; between equal q-values brotli wins.
 */
export function negotiateEncoding(header: string | null | undefined): Coding | null {
  if (!header) return null;
  const q: Partial<Record<'br' | 'gzip' | '*', number>> = {};
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    let name = rawName!.trim().toLowerCase();
    if (name === 'x-gzip') name = 'gzip';
    if (name !== 'br' && name !== 'gzip' && name !== '*') continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) weight = Math.min(1, Number(m[1]));
    }
    if (!Number.isFinite(weight)) continue;
    q[name] = Math.max(q[name] ?? 0, weight);
  }
  const br = q.br ?? q['*'] ?? 0;
  const gz = q.gzip ?? q['*'] ?? 0;
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** The app's fetch, answering compressed where the client asks for it and it pays. */
export function withCompression<E>(fetch: Fetch<E>): Fetch<E> {
  return (request, env) => {
    // Without Accept-Encoding (most benchmarks, health checks) the answer is the app's own object.
    if (request.method === 'HEAD') return fetch(request, env);
    const coding = negotiateEncoding(request.headers.get('accept-encoding'));
    if (!coding) return fetch(request, env);
    const answer = fetch(request, env);
    return answer instanceof Promise ? answer.then((r) => compressed(r, coding)) : compressed(answer, coding);
  };
}

function worthCompressing(res: Response): boolean {
  const h = res.headers;
  if (res.status < 200 || res.status === 204 || res.status === 206 || res.status === 304) return false;
  if (h.has('content-encoding') || h.has('content-range')) return false;
  if (/\bno-transform\b/i.test(h.get('cache-control') ?? '')) return false;
  if (!COMPRESSIBLE.test(h.get('content-type') ?? '')) return false;
  const declared = h.get('content-length');
  return declared === null || Number(declared) >= MIN_COMPRESS_BYTES;
}

async function compressed(res: Response, coding: Coding): Promise<Response> {
  if (!worthCompressing(res) || !res.body) return res;
  const reader = res.body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = reader.read();
  // Read what is there: all of a page at once; of a stream, what it has made so far. Past the
  // minimum, stop at the first read that would wait, so that a slow stream is not held back.
  while (pending && size < ONE_GO_BYTES) {
    const next: ReadableStreamReadResult<Uint8Array> | null =
      size < MIN_COMPRESS_BYTES ? await pending : await readyOrNull(pending);
    if (!next) break;
    pending = next.done ? null : reader.read();
    if (!next.done) {
      head.push(next.value);
      size += next.value.byteLength;
    }
  }
  const headers = new Headers(res.headers);
  const init = { status: res.status, statusText: res.statusText, headers };
  if (!pending) {
    const body = concat(head, size);
    if (size < MIN_COMPRESS_BYTES) return new Response(body, init);
    const out =
      coding === 'br' ? await brotliAsync(body, brotliOptions(size)) : await gzipAsync(body, { level: GZIP_LEVEL });
    encoded(headers, coding);
    headers.set('content-length', String(out.byteLength));
    return new Response(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), init);
  }
  encoded(headers, coding);
  headers.delete('content-length');
  return new Response(compressedStream(head, pending, reader, coding), init);
}

function encoded(headers: Headers, coding: Coding) {
  headers.set('content-encoding', coding);
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

function brotliOptions(sizeHint: number): BrotliOptions {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
    },
  };
}

/** The rest of a streamed answer through zlib: chunks go on as they come; a cancel reaches the source. */
function compressedStream(
  head: Uint8Array[],
  pending: Promise<ReadableStreamReadResult<Uint8Array>>,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  coding: Coding,
): ReadableStream<Uint8Array> {
  async function* source() {
    let finished = false;
    try {
      yield* head;
      for (let next = await pending; !next.done; next = await reader.read()) yield next.value;
      finished = true;
    } finally {
      if (!finished) await reader.cancel().catch(() => {});
    }
  }
  const zip = coding === 'br' ? createBrotliCompress(brotliOptions(0)) : createGzip({ level: GZIP_LEVEL });
  const input = Readable.from(source());
  input.on('error', (e) => zip.destroy(e));
  zip.on('close', () => input.destroy());
  input.pipe(zip);
  return Readable.toWeb(zip) as unknown as ReadableStream<Uint8Array> & NodeReadableStream;
}

/** The read's result when it is already there (or arrives within this turn of the event loop), else null. */
function readyOrNull<T>(read: Promise<T>): Promise<T | null> {
  return Promise.race([read, new Promise<null>((resolve) => setImmediate(() => resolve(null)))]);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]!.buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
