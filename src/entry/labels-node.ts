// Node-only: reads the shipped label templates and font from labels/.
import { readdirSync, readFileSync } from 'node:fs';
import { createLabelCatalog, type LabelCatalog } from '../labels/catalog';
import { createWorkerEncoder, zlibDeflateAsync, type WorkerEncoder } from './labels-node-accel';
import { LABELS_DIR } from './paths';

export { LABELS_DIR };

export function loadLabelCatalog(dir = LABELS_DIR): LabelCatalog {
  const files: Record<string, unknown> = {};
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    files[f] = JSON.parse(readFileSync(dir + f, 'utf8'));
  }
  return createLabelCatalog(files, new Uint8Array(readFileSync(`${dir}fonts/DejaVuSans.ttf`)));
}

/**
 * The catalog with Node's speed-ups for the renderer: QR codes encoded on a worker thread and
 * page streams compressed on libuv's threadpool. close() stops the worker at shutdown.
 */
export function loadAcceleratedLabelCatalog(dir = LABELS_DIR): LabelCatalog & { close(): Promise<void> } {
  const catalog = loadLabelCatalog(dir);
  const encoder: WorkerEncoder = createWorkerEncoder();
  return {
    ...catalog,
    renderOptions: () => ({ deflate: zlibDeflateAsync, encoder }),
    close: () => encoder.close(),
  };
}
