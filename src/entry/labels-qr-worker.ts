// Node-only: the QR worker thread's entry point (src/entry/labels-node-accel.ts starts it). A file
// of its own, built to dist/entry/labels-qr-worker.js, so that a worker never loads a program's
// bundle (which would start the server or a CLI inside the thread).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { encodeQr, type EcLevel, type QrMatrix } from '../labels/qr';

/** Tells this worker apart from any other thread that might import the file. */
export const QR_WORKER_ROLE = 'ocop-trace/labels-qr';

/** A batch of URIs to encode. */
export interface QrRequest {
  id: number;
  uris: string[];
  level: EcLevel;
}
/** The batch's matrices in one transferred buffer (size 0: that URI could not be encoded). */
export interface QrReply {
  id: number;
  sizes: Int32Array;
  versions: Int32Array;
  masks: Int32Array;
  modules: Uint8Array;
}

function serveWorker(): void {
  const port = parentPort!;
  port.on('message', ({ id, uris, level }: QrRequest) => {
    const ms: Array<QrMatrix | null> = uris.map((u) => {
      try {
        return encodeQr(u, { level });
      } catch {
        return null;
      }
    });
    let total = 0;
    for (const m of ms) if (m) total += m.modules.length;
    const modules = new Uint8Array(total);
    const sizes = new Int32Array(ms.length),
      versions = new Int32Array(ms.length),
      masks = new Int32Array(ms.length);
    let off = 0;
    ms.forEach((m, i) => {
      if (!m) return;
      modules.set(m.modules, off);
      off += m.modules.length;
      sizes[i] = m.size;
      versions[i] = m.version;
      masks[i] = m.mask;
    });
    port.postMessage({ id, sizes, versions, masks, modules } satisfies QrReply, [
      modules.buffer,
      sizes.buffer,
      versions.buffer,
      masks.buffer,
    ]);
  });
  // warm the encoder's per-version tables before the first batch arrives
  encodeQr('https://trace.example.vn/01/00000000000000/10/WARM/21/ABCDEFGHJKMNPQ');
  port.postMessage({ ready: true });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === QR_WORKER_ROLE) serveWorker();
