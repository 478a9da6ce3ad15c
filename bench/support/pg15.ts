// Starts a throwaway PostgreSQL 15 cluster on a free loopback port for a benchmark run
// (initdb + pg_ctl as the `postgres` user when run as root), and stops it afterwards.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway cluster, or with `keepDir` one that lives in that folder across runs (created there
 * the first time, started again afterwards, never removed): a large generated data set is then
 * made once and measured by several runs.
 */
export async function startPostgres15(
  opts: { keepDir?: string } = {},
): Promise<{ url: string; reused: boolean; stop(): void }> {
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), 'ocop-bench-pg-'));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  const reused = existsSync(join(dir, 'data', 'PG_VERSION'));
  const asPostgres = (cmd: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  const port = await freePort();
  if (!reused)
    asPostgres(`${BIN}/initdb`, [
      '-D',
      `${dir}/data`,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  asPostgres(`${BIN}/pg_ctl`, [
    '-D',
    `${dir}/data`,
    '-l',
    `${dir}/log`,
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB`,
    'start',
  ]);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    reused,
    stop() {
      try {
        asPostgres(`${BIN}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'fast', 'stop']);
      } finally {
        if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function machine(): string {
  return `${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}
