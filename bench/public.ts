// Benchmark: the full stamp page of an active stamp (scan recorded) against a bare route that does
// one primary-key lookup and returns a ten-line HTML page, on the same server and database, 50
// connections, alternating, from autocannon on the same machine. Checks that every successful
// stamp page left exactly one scan. Run: npx tsx bench/public.ts [seconds=20] [connections=50]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, startPostgres15 } from './support/pg15';
import { loadPaths } from './support/stamp-load';

const SECONDS = Number(process.argv[2] ?? 20);
const CONNECTIONS = Number(process.argv[3] ?? 50);

async function startServer(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-bench-'));
  const file = join(dir, 'serials.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/public-server.ts'], {
    env: { ...process.env, ...env, BENCH_SERIALS_FILE: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /ready (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const data = JSON.parse(readFileSync(file, 'utf8')) as { gtin: string; lot: string; serials: string[] };
  return { port, data, stop: () => child.kill('SIGTERM') };
}

function load(port: number, paths: string[], limit: { duration?: number; amount?: number } = { duration: SECONDS }) {
  return loadPaths(port, paths, CONNECTIONS, limit);
}

async function measure(label: string, env: Record<string, string>) {
  const server = await startServer(env);
  const countScans = async () =>
    ((await (await fetch(`http://127.0.0.1:${server.port}/bench/scans`)).json()) as { n: number }).n;
  const { gtin, lot, serials } = server.data;
  const stampPaths = serials.map((s) => `/01/${gtin}/10/${lot}/21/${s}`);
  const barePaths = serials.map((s) => `/bench/bare/${s}`);
  try {
    await load(server.port, barePaths.slice(0, 500)); // warm-up (JIT, pool)
    const bare = await load(server.port, barePaths);
    // A short probe sizes the measured run, which is then a fixed number of requests lasting
    // about SECONDS: a run cut by a timer would leave answers in flight whose scans are recorded
    // but never counted as answered.
    const probe = await load(server.port, stampPaths, { duration: 3 });
    await new Promise((r) => setTimeout(r, 1000)); // let the probe's last answers land
    const before = await countScans();
    const page = await load(server.port, stampPaths, { amount: Math.round(probe.requests.average * SECONDS) });
    const scans = (await countScans()) - before;
    const ok = page['2xx'];
    const ratio = page.requests.average / bare.requests.average;
    console.log(`\n${label}`);
    console.log(
      `  bare route   ${bare.requests.average.toFixed(0).padStart(6)} req/s  p50 ${bare.latency.p50} ms  p99 ${bare.latency.p99} ms  errors ${bare.errors + bare.non2xx}`,
    );
    console.log(
      `  stamp page   ${page.requests.average.toFixed(0).padStart(6)} req/s  p50 ${page.latency.p50} ms  p99 ${page.latency.p99} ms  errors ${page.errors + page.non2xx}  (${(page.throughput.average / page.requests.average / 1024).toFixed(1)} KB/page)`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)} (target ≥ 0.6)   p99 ${page.latency.p99} ms (target ≤ 50)   scans recorded ${scans} / successful pages ${ok} ${scans === ok ? '(equal)' : '(MISMATCH)'}`,
    );
    return { ratio, p99: page.latency.p99, scans, ok };
  } finally {
    server.stop();
  }
}

console.log(`public page benchmark: ${SECONDS}s per route, ${CONNECTIONS} connections; ${machine()}`);
const pg = await startPostgres15();
try {
  await measure('PostgreSQL 15', { DATABASE_URL: pg.url });
} finally {
  pg.stop();
}
await measure('embedded (PGlite)', { DATA_DIR: mkdtempSync(join(tmpdir(), 'ocop-bench-pglite-')), DATABASE_URL: '' });
