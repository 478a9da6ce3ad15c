// Worker thread body for qr-workers.ts.
import { parentPort } from 'node:worker_threads';
import { encodeQr, type EcLevel } from '../../src/labels';

parentPort!.on('message', ({ id, uris, level }: { id: number; uris: string[]; level: EcLevel }) => {
  const ms = uris.map((u) => encodeQr(u, { level }));
  const total = ms.reduce((a, m) => a + m.modules.length, 0);
  const modules = new Uint8Array(total);
  let off = 0;
  for (const m of ms) { modules.set(m.modules, off); off += m.modules.length; }
  const sizes = Int32Array.from(ms, (m) => m.size);
  const versions = Int32Array.from(ms, (m) => m.version);
  const masks = Int32Array.from(ms, (m) => m.mask);
  parentPort!.postMessage({ id, sizes, versions, masks, modules }, [modules.buffer, sizes.buffer, versions.buffer, masks.buffer]);
});
