// The public-page measurement shared by bench/public.ts and bench/province/run.ts: the real app in
// a child process (bench/support/public-server.ts), a bare one-lookup route and the stamp page,
// measured side by side, and the scans the stamp pages left counted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPaths } from './stamp-load';

export interface StampPageFigures {
  bare: number;
  page: number;
  ratio: number;
  p50: number;
  p99: number;
  scans: number;
  ok: number;
}

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
  const data =
    env.BENCH_SEED === 'off'
      ? null
      : (JSON.parse(readFileSync(file, 'utf8')) as { gtin: string; lot: string; serials: string[] });
  return { port, data, stop: () => child.kill('SIGTERM') };
}

/**
 * `env` configures the server's database. With `paths` given (stamp URL paths already in that
 * database), the server seeds nothing; otherwise it seeds one batch of active stamps.
 */
export async function measureStampPages(
  label: string,
  env: Record<string, string>,
  opts: { seconds: number; connections: number; paths?: string[] },
): Promise<StampPageFigures> {
  const SECONDS = opts.seconds;
  const load = (port: number, paths: string[], limit: { duration?: number; amount?: number } = { duration: SECONDS }) =>
    loadPaths(port, paths, opts.connections, limit);

  const server = await startServer(opts.paths ? { ...env, BENCH_SEED: 'off' } : env);
  const countScans = async () =>
    ((await (await fetch(`http://127.0.0.1:${server.port}/bench/scans`)).json()) as { n: number }).n;
  const stampPaths =
    opts.paths ?? server.data!.serials.map((s) => `/01/${server.data!.gtin}/10/${server.data!.lot}/21/${s}`);
  const barePaths = stampPaths.map((p) => `/bench/bare/${p.split('/').at(-1)}`);
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
    return {
      bare: bare.requests.average,
      page: page.requests.average,
      ratio,
      p50: page.latency.p50,
      p99: page.latency.p99,
      scans,
      ok,
    };
  } finally {
    server.stop();
  }
}
