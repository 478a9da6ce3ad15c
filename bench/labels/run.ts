// Label benchmark: QR encoding floor, 10,000 and 100,000 stamps to a finished PDF (each run in
// a fresh child process for a clean peak RSS and wall time from process start of the render),
// and the same 1,000-stamp sheet made by Python reportlab. Every figure carries os.loadavg()
// because the bench machines are shared.
//
//   npx tsx bench/labels/run.ts [--quick] [--runs N (default 3; at least 5 for 10,000)] [--only 10000|100000] [--configs a,b]
//
// Configurations (what the child passes to renderLabelSheetChunks):
//   fast      deflate: zlibDeflateAsync (level 2, threadpool), encoder: createWorkerEncoder() (1 worker on 2 cores),
//             created inside the timed run (cold: the worker loads tsx; the main thread encodes until it is up)
//   warm      as fast, but the encoder was created and ready before the clock started (the server creates it at boot)
//   fast2     as fast with 2 QR workers
//   main      deflate: zlibDeflateAsync, QR encoded on the main thread
//   old       deflate: zlib.deflateSync level 6, QR on the main thread (the previous setup)
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { encodeQr, renderLabelSheetChunks, type Deflate, type LabelFields, type Stamp } from '../../src/labels';
import { createWorkerEncoder, zlibDeflateAsync, type WorkerEncoder } from '../../src/entry/labels-node-accel';
import {
  COOPERATIVE_NAME,
  FONT_PATH,
  loadFont,
  loadTemplate,
  makeStamps,
  PRODUCT_NAME,
} from '../../test/labels/helpers';

const here = fileURLToPath(new URL('.', import.meta.url));
const fields: LabelFields = {
  productName: PRODUCT_NAME,
  cooperativeName: COOPERATIVE_NAME,
  lot: 'LOT-2025-01',
  productionDate: '15/03/2025',
  expiryDate: '15/03/2026',
  ocopStars: 4,
};

/** Stamps as the server gets them: an async iterable over rows, fetched 1,000 at a time. */
async function* rowStamps(n: number): AsyncGenerator<Stamp> {
  for (let i = 0; i < n; i += 1000) {
    await Promise.resolve();
    yield* makeStamps(Math.min(1000, n - i), i);
  }
}

const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Render n stamps to `out` with configuration `cfg`; returns wall ms (including setup) and bytes. */
async function renderRun(n: number, cfg: string, out: string | null): Promise<{ ms: number; bytes: number }> {
  const pool = cfg === 'warm' ? createWorkerEncoder({ threads: 1 }) : undefined;
  await pool?.ready();
  const t0 = performance.now();
  const template = loadTemplate('a4-3x8');
  const font = loadFont();
  let encoder: WorkerEncoder | undefined;
  let deflate: Deflate;
  switch (cfg) {
    case 'warm':
      encoder = pool;
      deflate = zlibDeflateAsync;
      break;
    case 'fast':
      encoder = createWorkerEncoder({ threads: 1 });
      deflate = zlibDeflateAsync;
      break;
    case 'fast2':
      encoder = createWorkerEncoder({ threads: 2 });
      deflate = zlibDeflateAsync;
      break;
    case 'main':
      deflate = zlibDeflateAsync;
      break;
    case 'old':
      deflate = (b) => deflateSync(b, { level: 6 });
      break;
    default:
      throw new Error(`unknown configuration ${cfg}`);
  }
  const fd = out ? openSync(out, 'w') : -1;
  let bytes = 0;
  for await (const chunk of renderLabelSheetChunks({
    template,
    font,
    fields,
    stamps: rowStamps(n),
    deflate,
    encoder,
  })) {
    bytes += chunk.length;
    if (fd >= 0) writeSync(fd, chunk);
  }
  if (fd >= 0) closeSync(fd);
  await encoder?.close();
  return { ms: performance.now() - t0, bytes };
}

async function child(): Promise<void> {
  const n = Number(process.argv[3]);
  const cfg = process.argv[4]!;
  const before = la();
  const r = await renderRun(n, cfg, `/tmp/labels-bench-${n}-${cfg}.pdf`);
  const cpu = process.cpuUsage(); // whole process, all threads, including module loading
  process.stdout.write(
    JSON.stringify({
      ...r,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      loadBefore: before,
      loadAfter: la(),
      sinceStartMs: performance.now(),
    }),
  );
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  bytes: number;
  maxRssMb: number;
  loadBefore: string;
  loadAfter: string;
  sinceStartMs: number;
}

function spawnChild(n: number, cfg: string): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(n), cfg],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const runs = Number(arg('--runs') ?? (quick ? 1 : 3));
  const only = arg('--only');
  const configs = (arg('--configs') ?? 'warm,fast,main,old').split(',');
  const c = cpus();
  console.log(
    `machine: ${c[0]?.model ?? '?'}, ${c.length} cores, ${f1(totalmem() / 2 ** 30)} GB, node ${process.version}, ${process.platform}/${process.arch}; load ${la()}`,
  );
  console.log(
    'template a4-3x8 (24 labels per A4 page), GS1 Digital Link URIs with 14-character serials, QR level M (version 4, 33×33)\n',
  );

  // (a) encoding floor
  const N = quick ? 4000 : 20000;
  const st = makeStamps(N);
  const uris = st.map((s) => s.uri);
  for (const u of uris.slice(0, 2000)) encodeQr(u, { level: 'M' }); // warm-up
  let t = performance.now();
  for (const u of uris.slice(0, 2000)) QRCode.create(u, { errorCorrectionLevel: 'M' });
  const qrcodeUs = ((performance.now() - t) / 2000) * 1000;
  const single: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    for (const u of uris) encodeQr(u, { level: 'M' });
    single.push(((performance.now() - t) / N) * 1000);
  }
  const oursUs = med(single);
  console.log(`(a) QR encoding alone [load ${la()}]`);
  console.log(`    qrcode QRCode.create (auto mask):   ${f1(qrcodeUs)} µs/code`);
  console.log(
    `    ours, 1 thread (same matrix):       ${f1(oursUs)} µs/code, median of 3  (${f1(qrcodeUs / oursUs)}× faster)`,
  );
  for (const threads of [1, 2]) {
    const enc = createWorkerEncoder({ threads });
    await enc.ready();
    await enc.encodeBatch(uris.slice(0, 500), 'M');
    t = performance.now();
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < N; i += 480) jobs.push(enc.encodeBatch(uris.slice(i, i + 480), 'M'));
    await Promise.all(jobs);
    const us = ((performance.now() - t) / N) * 1000;
    await enc.close();
    console.log(
      `    ours, ${threads} worker thread${threads > 1 ? 's' : ' '}, batches of 480: ${f1(us)} µs/code wall (throughput)`,
    );
  }
  const floorUs = oursUs;
  console.log(`    floor (1 thread): ${f0(floorUs * 10)} ms for 10,000, ${f0(floorUs * 100)} ms for 100,000\n`);

  // deflate levels on real page streams
  {
    const pages: Uint8Array[] = [];
    for await (const _ of renderLabelSheetChunks({
      template: loadTemplate('a4-3x8'),
      font: loadFont(),
      fields,
      stamps: makeStamps(960),
      deflate: (b) => {
        pages.push(b);
        return deflateSync(b, { level: 1 });
      },
    }));
    const raw = pages.reduce((a, p) => a + p.length, 0);
    const line: string[] = [];
    for (const level of [1, 2, 4, 6]) {
      t = performance.now();
      let outBytes = 0;
      for (const p of pages) outBytes += deflateSync(p, { level }).length;
      line.push(
        `L${level} ${f0(((performance.now() - t) / pages.length) * 1000)} µs/${f1(outBytes / pages.length / 1024)} KB`,
      );
    }
    console.log(
      `(a') deflate of one page (${f1(raw / pages.length / 1024)} KB raw, ${f0(raw / 960)} B/stamp), per page: ${line.join(', ')} [load ${la()}]\n`,
    );
  }

  // (b), (c) whole runs, each in a fresh child process
  const sizes = only ? [Number(only)] : quick ? [10000] : [10000, 100000];
  for (const n of sizes) {
    const target = n === 10000 ? { s: 2, mb: 256 } : { s: 20, mb: 512 };
    for (const cfg of configs) {
      if (cfg === 'old' && n === 100000 && !process.argv.includes('--old100k')) continue;
      const rs: ChildResult[] = [];
      for (let r = 0; r < (n === 10000 && !quick ? Math.max(runs, 5) : runs); r++) {
        const x = spawnChild(n, cfg);
        rs.push(x);
        console.log(
          `    ${n.toLocaleString('en')} ${cfg.padEnd(5)} run ${r + 1}: ${f0(x.ms)} ms render (process CPU ${f0(x.cpuMs)} ms, all threads; ${f0(x.sinceStartMs)} ms since process start), peak RSS ${f0(x.maxRssMb)} MB, ${f1(x.bytes / 1048576)} MB PDF [load before ${x.loadBefore}, after ${x.loadAfter}]`,
        );
      }
      const ms = rs.map((x) => x.ms),
        rss = Math.max(...rs.map((x) => x.maxRssMb));
      const m = med(ms),
        best = Math.min(...ms);
      const met = m <= target.s * 1000 && rss <= target.mb;
      console.log(
        `(${n === 10000 ? 'b' : 'c'}) ${n.toLocaleString('en')} stamps → PDF, ${cfg}: median ${f0(m)} ms, best ${f0(best)} ms, max peak RSS ${f0(rss)} MB` +
          `  [target ≤ ${target.s} s, ≤ ${target.mb} MB: ${met ? 'met' : 'missed'}]; 1-thread encoding floor ${f0((floorUs * n) / 1000)} ms = ${f0((floorUs * n) / 10 / m)}% of the median\n`,
      );
    }
  }

  // (d) reportlab, alternating
  if (only) return;
  console.log(
    '(d) 1,000 stamps, same sheet, ours (config main: QR on the main thread, async deflate; in this process) vs Python reportlab (QrCodeWidget, DejaVuSans TTF), alternating',
  );
  const py = `${here}reportlab_sheet.py`;
  const uriFile = '/tmp/labels-bench-uris.json';
  writeFileSync(uriFile, JSON.stringify({ fields, stamps: makeStamps(1000) }));
  const rounds = quick ? 1 : 3;
  const ours: number[] = [],
    theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push((await renderRun(1000, 'main', '/tmp/labels-bench-ours-1000.pdf')).ms);
    const p = spawnSync('/usr/bin/python3', [py, uriFile, FONT_PATH, '/tmp/labels-bench-reportlab-1000.pdf'], {
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(p.stderr);
    theirs.push(JSON.parse(p.stdout).ms);
    console.log(`    round ${r + 1}: ours ${f0(ours[r]!)} ms, reportlab ${f0(theirs[r]!)} ms [load ${la()}]`);
  }
  console.log(
    `    median: ours ${f0(med(ours))} ms, reportlab ${f0(med(theirs))} ms → ${f1(med(theirs) / med(ours))}× faster [target ≥ 50×]`,
  );
}

if (process.argv[2] === '--child') await child();
else await main();
