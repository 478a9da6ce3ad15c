// Label benchmark: QR encoding floor, 10,000 and 100,000 stamps to a finished PDF (each in
// its own child process for a clean peak RSS), and the same 1,000-stamp sheet made by Python
// reportlab. Run: npx tsx bench/labels/run.ts [--quick]
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { encodeQr, renderLabelSheetChunks, type LabelFields, type Stamp } from '../../src/labels';
import { COOPERATIVE_NAME, FONT_PATH, loadFont, loadTemplate, makeStamps, PRODUCT_NAME } from '../../test/labels/helpers';
import { startQrPool, withWorkerQr } from './qr-workers';

const here = fileURLToPath(new URL('.', import.meta.url));
const fields: LabelFields = { productName: PRODUCT_NAME, cooperativeName: COOPERATIVE_NAME, lot: 'LOT-2025-01', productionDate: '15/03/2025', expiryDate: '15/03/2026', ocopStars: 4 };
// zlib level 6; level 1 measured no faster here and gave 55% larger files
const deflate = (b: Uint8Array) => deflateSync(b, { level: 6 });

function* lazyStamps(n: number): Generator<Stamp> {
  for (let i = 0; i < n; i += 1000) yield* makeStamps(Math.min(1000, n - i), i);
}

/** Render n stamps to `out`; returns wall ms and bytes. */
async function renderRun(n: number, threads: number, out: string | null): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const template = loadTemplate('a4-3x8');
  const font = loadFont();
  const pool = threads > 0 ? startQrPool(threads) : null;
  const stamps = pool ? withWorkerQr(pool, lazyStamps(n), 'M') : lazyStamps(n);
  const fd = out ? openSync(out, 'w') : -1;
  let bytes = 0;
  for await (const chunk of renderLabelSheetChunks({ template, font, fields, stamps, deflate })) {
    bytes += chunk.length;
    if (fd >= 0) writeSync(fd, chunk);
  }
  if (fd >= 0) closeSync(fd);
  await pool?.close();
  return { ms: performance.now() - t0, bytes };
}

async function child(): Promise<void> {
  const n = Number(process.argv[3]);
  const threads = Number(process.argv[4]);
  const r = await renderRun(n, threads, `/tmp/labels-bench-${n}.pdf`);
  process.stdout.write(JSON.stringify({ ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function spawnChild(n: number, threads: number): { ms: number; bytes: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(n), String(threads)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const c = cpus();
  console.log(`machine: ${c[0]?.model ?? '?'}, ${c.length} cores, node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('template a4-3x8 (24 labels per A4 page), GS1 Digital Link URIs with 14-character serials, QR level M\n');

  // (a) encoding floor
  const N = quick ? 2000 : 10000;
  const st = makeStamps(N);
  encodeQr(st[0]!.uri);
  let t = performance.now();
  for (const s of st.slice(0, 2000)) QRCode.create(s.uri, { errorCorrectionLevel: 'M' });
  const qrcodeUs = ((performance.now() - t) / 2000) * 1000;
  t = performance.now();
  for (const s of st) encodeQr(s.uri, { level: 'M' });
  const oursUs = ((performance.now() - t) / N) * 1000;
  const pool = startQrPool(2);
  await pool.encode([st[0]!.uri], 'M');
  t = performance.now();
  let k = 0;
  for await (const s of withWorkerQr(pool, st, 'M')) if (s.qr) k++;
  const poolUs = ((performance.now() - t) / k) * 1000;
  await pool.close();
  console.log('(a) QR encoding alone');
  console.log(`    qrcode QRCode.create (auto mask):   ${f1(qrcodeUs)} µs/code`);
  console.log(`    ours, 1 thread (same matrix):       ${f1(oursUs)} µs/code  (${f1(qrcodeUs / oursUs)}× faster)`);
  console.log(`    ours, 2 worker threads:             ${f1(poolUs)} µs/code`);
  const floorUs = Math.min(oursUs, poolUs);
  console.log(`    floor for 10,000: ${f0(floorUs * 10)} ms, for 100,000: ${f0(floorUs * 100)} ms\n`);

  // (b), (c) whole runs in child processes
  const sizes = quick ? [10000] : [10000, 100000];
  for (const n of sizes) {
    const target = n === 10000 ? { s: 2, mb: 256 } : { s: 20, mb: 512 };
    for (const threads of [0, 2]) {
      const r = spawnChild(n, threads);
      console.log(`(${n === 10000 ? 'b' : 'c'}) ${n.toLocaleString('en')} stamps → PDF, QR on ${threads ? `${threads} worker threads` : 'the main thread'}: ${f0(r.ms)} ms wall, peak RSS ${f0(r.maxRssMb)} MB, ${f1(r.bytes / 1048576)} MB PDF` +
        `  [target ≤ ${target.s} s, ≤ ${target.mb} MB: ${r.ms <= target.s * 1000 && r.maxRssMb <= target.mb ? 'met' : 'missed'}]; encoding floor share ${f0((floorUs * n) / 10 / r.ms)}%`);
    }
  }

  // (d) reportlab, alternating
  console.log('\n(d) 1,000 stamps, same sheet, ours vs Python reportlab (QrCodeWidget, DejaVuSans TTF), alternating');
  const py = `${here}reportlab_sheet.py`;
  const uriFile = '/tmp/labels-bench-uris.json';
  writeFileSync(uriFile, JSON.stringify({ fields, stamps: makeStamps(1000) }));
  const rounds = quick ? 1 : 3;
  const ours: number[] = [], theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push((await renderRun(1000, 0, '/tmp/labels-bench-ours-1000.pdf')).ms);
    const p = spawnSync('/usr/bin/python3', [py, uriFile, FONT_PATH, '/tmp/labels-bench-reportlab-1000.pdf'], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(p.stderr);
    theirs.push(JSON.parse(p.stdout).ms);
    console.log(`    round ${r + 1}: ours ${f0(ours[r]!)} ms, reportlab ${f0(theirs[r]!)} ms`);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(`    median: ours ${f0(med(ours))} ms, reportlab ${f0(med(theirs))} ms → ${f1(med(theirs) / med(ours))}× faster [target ≥ 50×]`);
}

if (process.argv[2] === '--child') await child();
else await main();
