// A private PostgreSQL 15 cluster for tests that stop and start their server (the outage test):
// initdb and pg_ctl in a temporary folder on a free port, as .ci/run starts its server, run as
// the user `postgres` when we are root. Never the shared server of TEST_DATABASE_URL, which other
// test files use at the same time.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;
/** The binaries are there, and (as root) the user `postgres` to run them as. */
export const HAVE_PG_BINARIES =
  existsSync(join(PG_BIN, 'initdb')) &&
  existsSync(join(PG_BIN, 'pg_ctl')) &&
  (!isRoot || (existsSync('/usr/sbin/runuser') && hasUser('postgres')));

function hasUser(name: string): boolean {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  url: string;
  port: number;
  start(): void;
  /** `fast` ends sessions the way a restart does; `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops (immediately) and deletes the cluster. */
  remove(): void;
}

export async function createPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-outage-pg.'));
  if (isRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), -1);
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const cmd = isRoot
      ? ['/usr/sbin/runuser', '-u', 'postgres', '--', join(PG_BIN, tool), ...args]
      : [join(PG_BIN, tool), ...args];
    execFileSync(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const cluster: PgCluster = {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
      running = true;
    },
    stop(mode = 'fast') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    remove() {
      try {
        if (running) cluster.stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
