// The real Node server (src/entry/node.ts under tsx) as a child process, and the database it uses
// opened from the test between its runs: PostgreSQL at TEST_DATABASE_URL when set, else an
// embedded DATA_DIR in a temporary folder. The demo is loaded once with npm run seed:demo's CLI.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSql, type Sql } from '../../src/db/client';
import { startEmbedded } from '../../src/entry/embedded-database';
import { createTestDatabase, type TestDatabase } from '../support/db';

const ROOT = resolve(import.meta.dirname, '../..');
/** A production start refuses a plain-text signing key; the tests give it a secret either way. */
const SECRET = 'ops-test-key-encryption-secret-0123456789';

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', KEY_ENCRYPTION_SECRET: SECRET, ...extra };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PUBLIC_BASE_URL', 'NODE_OPTIONS']) if (!(k in extra)) delete e[k];
  return e;
}

export interface ServerDatabase {
  /** DATABASE_URL or DATA_DIR, for the server's environment. */
  env: Record<string, string>;
  /** Runs `work` on the database while no server has it open. */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  remove(): Promise<void>;
}

/** A fresh database with the demo loaded by `npm run seed:demo` (src/entry/cli/seed-demo.ts). */
export async function demoDatabase(): Promise<ServerDatabase> {
  let db: ServerDatabase;
  if (process.env.TEST_DATABASE_URL) {
    const pg: TestDatabase = await createTestDatabase();
    db = {
      env: { DATABASE_URL: pg.url },
      read: (work) => work(pg.sql),
      remove: () => pg.close(),
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-ops-'));
    const dataDir = join(dir, 'data');
    db = {
      env: { DATA_DIR: dataDir },
      async read(work) {
        const embedded = await startEmbedded(dataDir);
        const sql = createSql(embedded.url, { max: 1 });
        try {
          return await work(sql);
        } finally {
          await sql.end({ timeout: 5 });
          await embedded.stop();
        }
      },
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const seeded = await run(['src/entry/cli/seed-demo.ts'], db.env);
  if (seeded.code !== 0) throw new Error(`seed:demo failed (${seeded.code})\n${seeded.output}`);
  return db;
}

function run(args: string[], extra: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts npm start's server on a free port; resolves once it listens. */
export function startServer(extra: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
      cwd: ROOT,
      env: env({ PORT: '0', HOST: '127.0.0.1', ...extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let started = false;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server did not start in ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      const listening = /"msg":"listening","url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(out);
      if (listening && !started) {
        started = true;
        clearTimeout(timer);
        const port = Number(listening[1]);
        done({ child, url: `http://127.0.0.1:${port}`, port, output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (started) return;
      clearTimeout(timer);
      fail(new Error(`the server exited (${code}) before listening\n${out}`));
    });
  });
}

/** The JSON log lines of a server's output with this msg. */
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"msg":${JSON.stringify(msg)}`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Stops a server left running by a failed test. */
export async function kill(server: ServerProcess | undefined) {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}
