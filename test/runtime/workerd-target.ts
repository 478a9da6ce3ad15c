// The Worker entry as a target: `wrangler dev` (workerd, as deployed) started as a subprocess,
// reaching the test database through Hyperdrive's local connection string. Its configuration is
// wrangler.toml with `main` made absolute and the flood binding's limit set to the suite's.
// The process group is killed on close, so no workerd outlives the test file. To see what
// wrangler and the Worker printed, set SUITE_WRANGLER_LOG=<file> (written on close).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDatabase, freePort, LIMITS, settings, type Target } from './target';

const ROOT = join(import.meta.dirname, '../..');
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');

/** wrangler.toml for the suite: the shipped one, with `main` absolute and the flood limit small. */
export function suiteWranglerConfig(floodLimit: number): string {
  const shipped = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const out = shipped
    .replace(/^main = ".*"$/m, `main = ${JSON.stringify(join(ROOT, 'src/entry/worker.ts'))}`)
    .replace(/^simple = \{ limit = \d+, period = 60 \}$/m, `simple = { limit = ${floodLimit}, period = 60 }`);
  if (!out.includes(`limit = ${floodLimit},`)) throw new Error('wrangler.toml has no PUBLIC_FLOOD rate limit to set');
  return out;
}

export async function startWorkerdTarget(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { db, adminKey } = await demoDatabase(base);
  const dir = mkdtempSync(join(tmpdir(), 'ocop-workerd-'));
  writeFileSync(join(dir, 'wrangler.toml'), suiteWranglerConfig(LIMITS.flood));
  // Hyperdrive's local connection string must carry a password (trust auth accepts any).
  const url = new URL(db.url);
  if (!url.password) url.password = 'postgres';
  // PUBLIC_RATE_LIMIT set far above the binding's limit: the suite's flood test passes only if
  // the Rate Limiting binding, not the isolate's memory, counts the flood.
  const vars = Object.entries({ ...settings(base), PUBLIC_RATE_LIMIT: '100000' }).flatMap(([k, v]) => [
    '--var',
    `${k}:${v}`,
  ]);
  const child = spawn(
    WRANGLER,
    [
      'dev',
      '--config',
      join(dir, 'wrangler.toml'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      join(dir, 'state'),
      '--log-level',
      process.env.SUITE_WRANGLER_LOG ? 'log' : 'warn',
      '--show-interactive-dev-session=false',
      ...vars,
    ],
    {
      cwd: dir,
      detached: true, // its own process group: wrangler, esbuild and workerd are stopped together
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        // no download of Cloudflare's Request.cf sample: the suite runs offline
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.toString(),
      },
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const stop = async () => {
    await killGroup(child);
    if (process.env.SUITE_WRANGLER_LOG) writeFileSync(process.env.SUITE_WRANGLER_LOG, output);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(base, child, () => output);
  } catch (e) {
    await stop();
    await db.close();
    throw e;
  }
  return {
    runtime: 'workerd',
    base,
    sql: db.sql,
    adminKey,
    async close() {
      await stop();
      await db.close();
    },
  };
}

async function waitUntilServing(base: string, child: ChildProcess, output: () => string): Promise<void> {
  // Generous: a cold start bundles the Worker; on a busy machine that takes a while.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output()}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer within 90 s:\n${output()}`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive wrangler for a moment; the group is killed either way
  signal('SIGKILL');
}
