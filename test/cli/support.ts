// Spawning the real entry points (npm start's server, the npm run CLIs) as separate processes,
// the way a person runs them beside each other.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: this one's, without a database URL unless given. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PUBLIC_BASE_URL', 'NODE_OPTIONS']) delete base[k];
  return { ...base, ...env };
}

/** Runs src/entry/<script> to the end. */
export function runEntry(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  return runNode(['--import', 'tsx', `src/entry/${script}`, ...args], childEnv(env), { timeoutMs });
}

/** Runs `node <args>` to the end, in the project (or `cwd`), with exactly the environment given. */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise<Finished>((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`node ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The first admin API key, when this start printed one. */
  adminKey: string | null;
  output(): string;
  /** SIGTERM (a clean stop) or SIGKILL (a crash); resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts npm start's server (src/entry/node.ts) on a free port and waits until it listens. */
export function startServer(env: Record<string, string>, timeoutMs = 120_000): Promise<RunningServer> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
      cwd: ROOT,
      env: childEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const server: RunningServer = {
      child,
      pid: child.pid!,
      url: '',
      port: 0,
      adminKey: null,
      exited,
      output: () => out,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server did not start in ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      const listening = /"msg":"listening","url":"(http:\/\/[^"]+)"/.exec(out);
      if (listening && !server.url) {
        clearTimeout(timer);
        server.url = listening[1]!;
        server.port = Number(new URL(server.url).port);
        server.adminKey = /\bocop_[a-z0-9]{10}_[a-z0-9]{50}\b/.exec(out)?.[0] ?? null;
        done(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!server.url) {
        clearTimeout(timer);
        fail(new Error(`the server exited (${code}) before listening\n${out}`));
      }
    });
  });
}

/**
 * A stand-in PostgreSQL server that refuses every connection at start-up with one error, as a real
 * server does for a missing database (3D000) or a wrong password (28P01).
 */
export async function refusingPostgres(sqlstate: string, message: string) {
  const { createServer } = await import('node:net');
  const field = (type: string, value: string) => [Buffer.from(type), Buffer.from(`${value}\0`)];
  const fields = Buffer.concat([
    ...field('S', 'FATAL'),
    ...field('V', 'FATAL'),
    ...field('C', sqlstate),
    ...field('M', message),
    Buffer.from([0]),
  ]);
  const error = Buffer.alloc(5);
  error.write('E');
  error.writeInt32BE(4 + fields.length, 1);
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', function first(d: Buffer) {
      // SSLRequest: say no, then the startup message follows
      if (d.length === 8 && d.readInt32BE(4) === 80877103) {
        socket.write('N');
        socket.once('data', first);
        return;
      }
      socket.end(Buffer.concat([error, fields]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A TCP port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
