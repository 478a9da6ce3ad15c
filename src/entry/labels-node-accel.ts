// Node-only: imported from src/entry/node.ts (never from the runtime-neutral label files,
// which must keep running on Cloudflare Workers). The fast path for label sheets on Node:
//   - zlibDeflateAsync: page streams deflated on libuv's threadpool, overlapping with drawing
//     (the renderer keeps several pages in flight);
//   - createWorkerEncoder: QR codes encoded on worker threads, in batches, ahead of drawing.
//
//   const qrEncoder = createWorkerEncoder();          // once, at server start
//   renderLabelSheetStream({ template, font, fields, stamps, deflate: zlibDeflateAsync, encoder: qrEncoder });
//   await qrEncoder.close();                          // at shutdown
//
// The worker's entry point is src/entry/labels-qr-worker.ts (dist/entry/labels-qr-worker.js once built).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { deflate as zlibDeflate } from 'node:zlib';
import { encodeQr, type QrMatrix } from '../labels/qr';
import type { Deflate, QrBatchEncoder } from '../labels/sheet';
import { QR_WORKER_ROLE, type QrReply, type QrRequest } from './labels-qr-worker';
import { FROM_SOURCES, PACKAGE_ROOT } from './paths';

/**
 * zlib level for page streams. Measured on an A4 3×8 page (72 KB raw; bench/labels/run.ts,
 * line (a')): level 1 511 µs → 15.2 KB, level 2 527 µs → 13.6 KB, level 4 829 µs → 11.8 KB,
 * level 6 1918 µs → 10.0 KB. Level 6 was a third of the old run; level 2 costs the same as
 * level 1 for a 10% smaller file.
 */
export const DEFAULT_DEFLATE_LEVEL = 2;

/** Async zlib deflate at `level` (runs on the libuv threadpool). */
export function zlibDeflateAsyncAt(level: number): Deflate {
  // one output chunk per page (a compressed A4 3×8 page is ~15 KB): one callback, no concatenation
  const opts = { level, chunkSize: 64 * 1024 };
  return (data) =>
    new Promise<Uint8Array>((resolve, reject) => {
      zlibDeflate(data, opts, (err, out) =>
        err ? reject(err) : resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength)),
      );
    });
}

/** Async zlib deflate at DEFAULT_DEFLATE_LEVEL. */
export const zlibDeflateAsync: Deflate = zlibDeflateAsyncAt(DEFAULT_DEFLATE_LEVEL);

export interface WorkerEncoder extends QrBatchEncoder {
  readonly threads: number;
  /** resolves once every worker has loaded the encoder (optional: encodeBatch waits anyway) */
  ready(): Promise<void>;
  /** stop the workers; pending batches are rejected */
  close(): Promise<void>;
}

/** a QR worker keeps little alive (tables, one batch); a small young generation keeps its RSS down */
const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };

/**
 * QR encoding on `threads` worker threads (default: cores - 1, at least 1, so the main
 * thread keeps a core for drawing while zlib uses the threadpool). Batches go round-robin;
 * results come back as one transferred buffer per batch. Until the workers have loaded
 * (a few hundred ms under tsx), batches are encoded on the calling thread, so a cold
 * encoder is never slower than none. Idle workers are unref'd and do not keep the process
 * alive; still call close() on shutdown.
 */
export function createWorkerEncoder(
  options: { threads?: number; resourceLimits?: ResourceLimits } = {},
): WorkerEncoder {
  const threads = Math.max(1, options.threads ?? availableParallelism() - 1);
  const boot = workerBoot();
  const pending = new Map<number, { resolve: (r: QrReply) => void; reject: (e: unknown) => void; worker: number }>();
  let busy = 0;
  const readyResolve: Array<() => void> = [];
  const alive: boolean[] = [];
  const lost = (k: number, err: unknown) => {
    if (!alive[k]) return;
    alive[k] = false;
    readyResolve[k]?.(); // a dead worker is "ready": its share goes to the others or to the caller
    for (const [id, p] of pending)
      if (p.worker === k) {
        pending.delete(id);
        busy--;
        p.reject(err);
      }
  };
  const workers = Array.from({ length: threads }, (_, k) => {
    const w = new Worker(boot.code, {
      eval: true,
      workerData: { role: QR_WORKER_ROLE },
      resourceLimits: options.resourceLimits ?? WORKER_LIMITS,
    });
    w.unref();
    w.on('message', (r: QrReply | { ready: true }) => {
      if ('ready' in r) {
        readyResolve[k]?.();
        return;
      }
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (--busy === 0) for (const x of workers) x.unref();
      p?.resolve(r);
    });
    alive[k] = true;
    w.on('error', (err) => {
      // a worker that cannot load (a missing build file, say) must not go unnoticed: the sheets
      // still come out, encoded on the other workers or the main thread, but slower
      process.stderr.write(`QR worker thread ${boot.file} failed: ${err.message}\n`);
      lost(k, err);
    });
    w.on('exit', (code) => lost(k, new Error(`QR worker exited with code ${code}`)));
    return w;
  });
  let started = false;
  const readyAll = Promise.all(
    workers.map(
      (_, k) =>
        new Promise<void>((res) => {
          readyResolve[k] = res;
        }),
    ),
  ).then(() => {
    started = true;
  });
  let next = 0; // round-robin position
  let seq = 0; // batch ids
  let closed = false;
  return {
    threads,
    ready: () => readyAll,
    encodeBatch(uris, level) {
      if (closed) return Promise.reject(new Error('QR worker encoder is closed'));
      let k = -1;
      for (let tries = 0; started && tries < threads; tries++) {
        const c = next++ % threads;
        if (alive[c]) {
          k = c;
          break;
        }
      }
      if (k < 0) {
        // workers still loading (or all lost): encode here
        return Promise.resolve(
          uris.map((u) => {
            try {
              return encodeQr(u, { level });
            } catch {
              return null;
            }
          }),
        );
      }
      const id = seq++;
      if (busy++ === 0) for (const x of workers) x.ref();
      return new Promise<QrReply>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: k });
        workers[k]!.postMessage({ id, uris, level } satisfies QrRequest);
      }).then((r) => {
        const out: Array<QrMatrix | null> = new Array(uris.length);
        let off = 0;
        for (let i = 0; i < uris.length; i++) {
          const size = r.sizes[i]!;
          if (size === 0) {
            out[i] = null;
            continue;
          }
          out[i] = {
            size,
            version: r.versions[i]!,
            mask: r.masks[i]!,
            modules: r.modules.subarray(off, off + size * size),
          };
          off += size * size;
        }
        return out;
      });
    },
    async close() {
      closed = true;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error('QR worker encoder closed'));
      }
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * How a QR worker starts: the built dist/entry/labels-qr-worker.js, or from the sources the .ts
 * file with tsx registered first (a worker does not inherit tsx's loader; tsx is resolved here,
 * so the worker finds it whatever its working directory). Never this module's own URL: bundled,
 * that is the program's bundle (the server or a CLI), which must not start again in the thread.
 */
function workerBoot(): { file: string; code: string } {
  if (FROM_SOURCES) {
    const file = new URL('./labels-qr-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return {
      file,
      code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); });`,
    };
  }
  const file = pathToFileURL(join(PACKAGE_ROOT, 'dist/entry/labels-qr-worker.js')).href;
  return { file, code: `import(${JSON.stringify(file)});` };
}
