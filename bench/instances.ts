// Benchmark: the stamp page of the demo province served by one Node instance, against the same
// served by two instances on the same PostgreSQL 15 database behind a small round-robin HTTP proxy
// (written here: node:http with keep-alive agents, in its own process). One instance behind the
// proxy is measured too, so that the proxy's own cost is visible. Each instance is the real
// server (src/entry/node.ts run by `node --import tsx`), started as a child process.
//
// Per setup: req/s, p50 and p99 from autocannon, and the scans written against the 200 answers
// (every stamp page answered 200 must have left exactly one scan).
//
// Run: npx tsx bench/instances.ts [seconds=20] [connections=50] [rounds=2]
// With DATABASE_URL set, that database is used (it must be empty or hold the demo already);
// otherwise a throwaway PostgreSQL 15 cluster is started.
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import postgres from 'postgres';
import { machine, startPostgres15 } from './support/pg15';
import { loadPaths } from './support/stamp-load';

if (process.argv[2] === '--proxy') {
  proxy(Number(process.argv[3]), process.argv[4]!.split(',').map(Number));
} else {
  await main();
}

/** The proxy process: each request goes to the next upstream port, over kept-alive connections. */
function proxy(port: number, upstreams: number[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let turn = 0;
  const server = createServer((req, res) => {
    const to = upstreams[turn++ % upstreams.length]!;
    const up = request(
      { host: '127.0.0.1', port: to, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${port}\n`));
  process.on('SIGTERM', () => process.exit(0));
}

async function main() {
  const SECONDS = Number(process.argv[2] ?? 20);
  const CONNECTIONS = Number(process.argv[3] ?? 50);
  const ROUNDS = Number(process.argv[4] ?? 2);

  console.log(
    `stamp page, one instance against two behind a round-robin proxy: ${SECONDS}s per setup, ${CONNECTIONS} connections; ${machine()}`,
  );
  const pg = process.env.DATABASE_URL ? null : await startPostgres15();
  const url = process.env.DATABASE_URL || pg!.url;
  const children: ChildProcess[] = [];
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const env = {
      ...process.env,
      DATABASE_URL: url,
      PUBLIC_BASE_URL: 'https://trace.example.vn',
      // a production start keeps the signing key encrypted: a throwaway secret for the run
      KEY_ENCRYPTION_SECRET: process.env.KEY_ENCRYPTION_SECRET ?? 'bench-only-secret-0123456789abcdef0123456789',
      LOG_LEVEL: 'warn',
      // one load generator on loopback is one "network": lift the per-network limits for the run
      PUBLIC_RATE_LIMIT: '100000000',
      UNKNOWN_SERIAL_RATE_LIMIT: '100000000',
      DB_POOL_MAX: '20',
      HOST: '127.0.0.1',
    };
    await run(['--import', 'tsx', 'src/entry/cli/seed-demo.ts'], env);
    const stamps = await sql<{ serial: string; gtin: string; lotCode: string }[]>`
      select s.serial, r.gtin, b.lot_code as "lotCode"
      from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
      where s.state = 'active' order by s.serial`;
    const paths = stamps.map((s) => `/01/${s.gtin}/10/${encodeURIComponent(s.lotCode)}/21/${s.serial}`);
    console.log(`demo seeded: ${paths.length} active stamps, requested in turn`);
    const countScans = async () => (await sql<{ n: number }[]>`select count(*)::int as n from scans`)[0]!.n;

    const startInstance = async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      await ready(port, child);
      return port;
    };
    const startProxy = async (upstreams: number[]) => {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/instances.ts', '--proxy', String(port), upstreams.join(',')],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => /ready/.test(d.toString()) && resolve());
        child.on('exit', (code) => reject(new Error(`proxy exited with ${code}`)));
      });
      return port;
    };

    const load = (port: number, limit: { duration?: number; amount?: number }) =>
      loadPaths(port, paths, CONNECTIONS, limit);

    const measure = async (label: string, port: number) => {
      await load(port, { duration: 5 }); // warm-up (JIT, pools, caches)
      // A short probe sizes the measured run, which is then a fixed number of requests: a run
      // cut by a timer would leave answers in flight whose scans are written but never counted.
      const probe = await load(port, { duration: 3 });
      await new Promise((r) => setTimeout(r, 1000));
      const before = await countScans();
      const page = await load(port, { amount: Math.round(probe.requests.average * SECONDS) });
      const scans = (await countScans()) - before;
      const ok = page['2xx'];
      const row = {
        label,
        rps: page.requests.average,
        p50: page.latency.p50,
        p99: page.latency.p99,
        errors: page.errors + page.non2xx,
        ok,
        scans,
      };
      console.log(
        `  ${label.padEnd(34)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${String(row.p50).padStart(3)} ms  p99 ${String(row.p99).padStart(4)} ms  errors ${row.errors}  scans ${scans} / 200 answers ${ok} ${scans === ok ? '(equal)' : '(MISMATCH)'}`,
      );
      return row;
    };

    const one = await startInstance();
    const two = await startInstance();
    const proxiedOne = await startProxy([one]);
    const proxiedTwo = await startProxy([one, two]);
    // Two rounds, the setups in turn, so that warming up and the machine's other load fall on all
    // three alike; the summary is the second round's.
    type Row = Awaited<ReturnType<typeof measure>>;
    let last: Row[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}`);
      last = [
        await measure('one instance, direct', one),
        await measure('one instance behind the proxy', proxiedOne),
        await measure('two instances behind the proxy', proxiedTwo),
      ];
    }
    const [direct, behind, both] = last as [Row, Row, Row];
    console.log(
      `two instances / one, both behind the proxy: ${(both.rps / behind.rps).toFixed(2)}× req/s; two behind the proxy / one direct: ${(both.rps / direct.rps).toFixed(2)}×` +
        ' (2 cores shared by PostgreSQL, the instances, the proxy and autocannon)',
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await sql.end({ timeout: 5 });
    pg?.stop();
  }
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function ready(port: number, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`instance on ${port} not ready after 120 s`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
