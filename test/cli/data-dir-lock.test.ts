// The embedded database under DATA_DIR is open in one process at a time: a CLI started beside a
// running server refuses (and says what to do instead) rather than writing into a second copy that
// the server overwrites; demo:pdf reads through the server; a crashed holder blocks nobody.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/entry/data-dir-lock';
import { type RunningServer, runEntry, startServer } from './support';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ocop-datadir-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function api(server: RunningServer, path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${server.url}${path}`, { ...init, headers });
}

async function keyCount(server: RunningServer): Promise<number> {
  const res = await api(server, '/api/v1/keys?limit=200', { key: server.adminKey! });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

async function jwksKids(server: RunningServer): Promise<string[]> {
  const res = await api(server, '/.well-known/jwks.json');
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
}

describe('DATA_DIR while npm start has it open', () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = join(tempDir(), 'data');
    server = await startServer({ DATA_DIR: dataDir });
    expect(server.adminKey).not.toBeNull();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses npm run key:create and key:rotate, naming the server and the API call to use, and writes nothing', async () => {
    const keysBefore = await keyCount(server);
    const kidsBefore = await jwksKids(server);

    const create = await runEntry('cli/key-create.ts', ['--role', 'admin'], { DATA_DIR: dataDir });
    expect(create.code, create.stderr).toBe(1);
    expect(create.stdout).toBe(''); // no key that would not work
    const line = create.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain(`npm run key:create: DATA_DIR ${dataDir} is in use by npm start (pid ${server.pid}, since `);
    expect(line).toContain('POST /api/v1/keys');
    expect(line).toContain('stop the server');

    const rotate = await runEntry('cli/key-rotate.ts', [], { DATA_DIR: dataDir });
    expect(rotate.code, rotate.stderr).toBe(1);
    expect(rotate.stdout).toBe('');
    expect(rotate.stderr.trim().split('\n')).toHaveLength(1);
    expect(rotate.stderr).toContain(`in use by npm start (pid ${server.pid}`);
    expect(rotate.stderr).toContain('POST /api/v1/signing-keys/rotate');

    expect(await keyCount(server)).toBe(keysBefore);
    expect(await jwksKids(server)).toEqual(kidsBefore);
  });

  it('refuses a second server on the same DATA_DIR', async () => {
    const second = await runEntry('node.ts', [], { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(
      new RegExp(`^ocop-trace failed to start: DATA_DIR .* is in use by npm start \\(pid ${server.pid}, since .*\\)`),
    );
    expect((await api(server, '/healthz')).status).toBe(200);
  });

  it('writes the demo stamp sheet through the running server, which goes on writing', async () => {
    const pdf = join(tempDir(), 'demo-stamps.pdf');
    const run = await runEntry('cli/demo-pdf.ts', [pdf], { DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*demo-stamps\.pdf: 48 stamps of lot CST-260410 on a4-3x8$/m);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const created = await api(server, '/api/v1/keys', {
      method: 'POST',
      key: server.adminKey!,
      body: JSON.stringify({ name: 'after demo:pdf', role: 'staff' }),
    });
    expect(created.status).toBe(201);
  });

  // The tests below go on with the same DATA_DIR, in order: the server first crashes.
  it('does not let a lock left by a crashed server block the next process, and what that process writes is kept', async () => {
    await server.stop('SIGKILL');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // left behind

    const create = await runEntry('cli/key-create.ts', ['--role', 'staff'], { DATA_DIR: dataDir });
    expect(create.code, create.stderr).toBe(0);
    const key = create.stdout.trim();
    expect(key).toMatch(/^ocop_[a-z0-9]{10}_[a-z0-9]{50}$/);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false); // released on exit

    server = await startServer({ DATA_DIR: dataDir });
    // the key the CLI printed works against the server started after it
    expect((await api(server, '/api/v1/models', { key })).status).toBe(200);
    await server.stop();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('holds while its pid runs the process that took it, and is stale once the pid is reused', async () => {
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
    const holder = { pid: process.pid, command: 'npm run seed:demo', startedAt: '2026-01-01T00:00:00.000Z' };
    const lock = join(dataDir, LOCK_FILE);

    // this test process is alive and started when the lock says: the lock holds
    writeFileSync(lock, JSON.stringify({ ...holder, hostname: 'elsewhere', processStart: start }));
    const held = await runEntry('cli/migrate.ts', [], { DATA_DIR: dataDir });
    expect(held.code).toBe(1);
    expect(held.stderr).toContain(`is in use by npm run seed:demo (pid ${process.pid} on elsewhere, since 2026-01-01`);
    expect(held.stderr).toContain('a server applies every migration of its build when it starts');

    // the same pid, started at another time: a reused pid, the lock is stale
    writeFileSync(lock, JSON.stringify({ ...holder, hostname: 'elsewhere', processStart: `${start}1` }));
    const taken = await runEntry('cli/migrate.ts', [], { DATA_DIR: dataDir });
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stdout.trim()).toBe('no pending migrations');
  });
});
