// Node-only: encode stamp QR codes on worker threads, in order, a few chunks ahead of the
// renderer, so the main thread only writes PDF while both cores encode.
import { Worker } from 'node:worker_threads';
import type { EcLevel, QrMatrix, Stamp } from '../../src/labels';

interface Reply { id: number; sizes: Int32Array; versions: Int32Array; masks: Int32Array; modules: Uint8Array }

export interface QrPool {
  encode(uris: string[], level: EcLevel): Promise<QrMatrix[]>;
  close(): Promise<void>;
}

export function startQrPool(threads: number): QrPool {
  // a worker does not inherit tsx's loader: register it, then load the TypeScript body
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./qr-worker.ts', import.meta.url).href)}); });`;
  const workers = Array.from({ length: threads }, () => new Worker(boot, { eval: true }));
  const pending = new Map<number, (r: Reply) => void>();
  for (const w of workers) w.on('message', (r: Reply) => { pending.get(r.id)?.(r); pending.delete(r.id); });
  let next = 0;
  return {
    encode(uris, level) {
      const id = next++;
      const w = workers[id % workers.length]!;
      return new Promise((resolve) => {
        pending.set(id, (r) => {
          const out: QrMatrix[] = [];
          let off = 0;
          for (let i = 0; i < uris.length; i++) {
            const size = r.sizes[i]!;
            out.push({ size, version: r.versions[i]!, mask: r.masks[i]!, modules: r.modules.subarray(off, off + size * size) });
            off += size * size;
          }
          resolve(out);
        });
        w.postMessage({ id, uris, level });
      });
    },
    async close() { await Promise.all(workers.map((w) => w.terminate())); },
  };
}

/** Stamps with `qr` filled in by the pool, same order, `ahead` chunks in flight. */
export async function* withWorkerQr(pool: QrPool, stamps: Iterable<Stamp> | AsyncIterable<Stamp>, level: EcLevel, chunk = 240, ahead = 4): AsyncGenerator<Stamp> {
  const queue: Array<Promise<Stamp[]>> = [];
  let batch: Stamp[] = [];
  const submit = (b: Stamp[]) => queue.push(pool.encode(b.map((s) => s.uri), level).then((qrs) => b.map((s, i) => ({ ...s, qr: qrs[i]! }))));
  for await (const s of stamps as AsyncIterable<Stamp>) {
    batch.push(s);
    if (batch.length === chunk) {
      submit(batch);
      batch = [];
      if (queue.length > ahead) yield* await queue.shift()!;
    }
  }
  if (batch.length) submit(batch);
  while (queue.length) yield* await queue.shift()!;
}
