// The production build: `npm run build`'s bundles run with plain node, without tsx or esbuild, from
// a directory laid out as the Dockerfile's runtime stage (dist/, labels/, migrations/,
// package.json, node_modules): the server answers a stamp page and a print run's PDF, its QR
// worker thread starts from dist/, the CLIs one folder further down find migrations/ and labels/.
// It tests the build, not the database: the embedded one is enough, so it runs on the PGlite pass
// of CI only (.ci/container runs the built server against PostgreSQL 15 too).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_WORKER_ROLE, type QrReply } from '../../src/entry/labels-qr-worker';
import { childEnv, type Finished, runNode } from './support';

const ROOT = resolve(import.meta.dirname, '../..');
/** What only development needs: the runtime must import none of it. */
const DEV_ONLY = new Set(['tsx', 'esbuild', '@esbuild', '.bin']);
const SECRET = 'build-test-secret-0123456789abcdefghijklmnop';

let app: string; // the runtime directory
let dataDir: string;

/** Runs `node <args>` in the runtime directory to the end. */
function runBuilt(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Finished> {
  return runNode(args, childEnv(env), { cwd: app, timeoutMs });
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('the production build (dist/)', () => {
  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'ocop-build-'));
    dataDir = join(app, 'data');
    // npm run build's own command line, writing into the runtime directory instead of ./dist
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const build = pkg.scripts.build!;
    expect(build).toContain('--outdir=dist');
    execFileSync('sh', ['-c', build.replace('--outdir=dist', `--outdir=${join(app, 'dist')}`)], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
      stdio: 'pipe',
    });
    for (const f of ['labels', 'migrations', 'package.json']) cpSync(join(ROOT, f), join(app, f), { recursive: true });
    // the installed packages without the development tools
    mkdirSync(join(app, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (!DEV_ONLY.has(name)) symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name));
    }
  });

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('builds the server, the QR worker and every CLI of src/entry/cli', () => {
    const clis = readdirSync(join(ROOT, 'src/entry/cli')).filter((f) => f.endsWith('.ts'));
    expect(clis.length).toBeGreaterThanOrEqual(6);
    for (const f of [
      'entry/node.js',
      'entry/labels-qr-worker.js',
      ...clis.map((c) => `entry/cli/${c.replace(/\.ts$/, '.js')}`),
    ])
      expect(existsSync(join(app, 'dist', f)), f).toBe(true);
    expect(existsSync(join(app, 'dist/entry/node.js.map'))).toBe(true);
    // the runtime directory really lacks the development tools
    expect(() => execFileSync(process.execPath, ['-e', 'import("tsx")'], { cwd: app, stdio: 'pipe' })).toThrow();
  });

  it('serves a genuine stamp and a print run PDF with plain node, its QR worker thread started from dist/, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/entry/node.js'], {
      cwd: app,
      env: childEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', KEY_ENCRYPTION_SECRET: SECRET }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = await listening(child);
      const out = output.get(child)!;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      // the first start of a fresh DATA_DIR loads the demo and prints its stamp URLs
      const genuine = /^ {4}genuine, active +(http\S+)$/m.exec(out)?.[1];
      expect(genuine, out).toBeTruthy();
      const page = await fetch(url + new URL(genuine!).pathname, {
        headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0 Chrome/120' },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/Tem chính hãng, đang lưu hành/);

      const adminKey = /\bocop_[a-z0-9]{10}_[a-z0-9]{50}\b/.exec(out)?.[0];
      const auth = { authorization: `Bearer ${adminKey}` };
      const runs = (await (await fetch(`${url}/api/v1/print-runs`, { headers: auth })).json()) as {
        items: { id: string; count: number }[];
      };
      const run = runs.items.find((r) => r.count > 0)!;
      const pdf = await fetch(`${url}/api/v1/print-runs/${run.id}/pdf`, { headers: auth });
      expect(pdf.status).toBe(200);
      expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // a QR worker that could not load its file would have said so (src/entry/labels-node-accel.ts)
    expect(output.get(child)).not.toContain('QR worker thread');
    expect(output.get(child)).not.toContain('failed');
  });

  it('runs the CLIs from dist/entry/cli, one folder below the server: migrations/ and labels/ found', async () => {
    const migrate = await runBuilt(['dist/entry/cli/migrate.js'], { DATA_DIR: dataDir });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout.trim()).toBe('no pending migrations');

    const file = join(app, 'demo-stamps.pdf');
    const sheet = await runBuilt(['dist/entry/cli/demo-pdf.js', file], { DATA_DIR: dataDir });
    expect(sheet.code, sheet.stderr).toBe(0);
    expect(sheet.stdout).toMatch(/^wrote .*demo-stamps\.pdf: 48 stamps of lot CST-260410 on a4-3x8$/m);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('encodes QR codes on the built worker thread', async () => {
    const worker = new Worker(join(app, 'dist/entry/labels-qr-worker.js'), {
      workerData: { role: QR_WORKER_ROLE },
    });
    try {
      const reply = await new Promise<QrReply>((done, fail) => {
        worker.on('error', fail);
        worker.on('message', (m: QrReply | { ready: true }) => {
          if ('ready' in m)
            worker.postMessage({ id: 1, uris: ['https://trace.example.vn/01/08936045120019'], level: 'M' });
          else done(m);
        });
      });
      expect(reply.id).toBe(1);
      expect(reply.sizes[0]).toBeGreaterThanOrEqual(21);
    } finally {
      await worker.terminate();
    }
  });
});

const output = new WeakMap<ChildProcess, string>();

/** Resolves with the server's URL once it logs "listening". */
function listening(child: ChildProcess, timeoutMs = 120_000): Promise<string> {
  output.set(child, '');
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`no "listening" in ${timeoutMs} ms\n${output.get(child)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      output.set(child, output.get(child)! + d);
      const m = /"msg":"listening","url":"(http:\/\/[^"]+)"/.exec(output.get(child)!);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited (${code}) before listening\n${output.get(child)}`));
    });
  });
}
