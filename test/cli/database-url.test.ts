// A PostgreSQL server that refuses, a database that was never created, a wrong password: the
// server and every CLI say so in one plain line naming DATABASE_URL (never its password) and exit
// non-zero, instead of a driver's stack trace.
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, type Finished, refusingPostgres, runEntry } from './support';

const SECRET = 'n0t-f0r-print1ng';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const ENTRIES = [
  ['npm start', 'node.ts', []],
  ['npm run migrate', 'cli/migrate.ts', []],
  ['npm run seed:demo', 'cli/seed-demo.ts', []],
  ['npm run key:create', 'cli/key-create.ts', ['--role', 'admin']],
  ['npm run key:rotate', 'cli/key-rotate.ts', []],
  ['npm run checks', 'cli/run-checks.ts', []],
  ['npm run demo:pdf', 'cli/demo-pdf.ts', ['/dev/null']],
  ['npm run backup', 'cli/backup.ts', ['/dev/null']],
  ['npm run restore', 'cli/restore.ts', ['/nonexistent.backup.gz']],
] as const;

/** The one line a failed run printed, after checking that it is one line, without the password. */
function oneLine(run: Finished): string {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toContain(SECRET);
  expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frames
  return lines[0]!;
}

describe('a database that cannot be used', () => {
  it('connection refused: one line from npm start and every CLI, naming DATABASE_URL without its password', async () => {
    const port = await closedPort();
    const url = `postgres://ocop:${SECRET}@127.0.0.1:${port}/ocop_trace`;
    const shown = `DATABASE_URL=postgres://ocop@127.0.0.1:${port}/ocop_trace`;
    const runs = await Promise.all(
      ENTRIES.map(
        async ([name, script, args]) => [name, await runEntry(script, [...args], { DATABASE_URL: url })] as const,
      ),
    );
    for (const [name, run] of runs) {
      const line = oneLine(run);
      const prefix = name === 'npm start' ? 'ocop-trace failed to start' : name;
      expect(line, name).toBe(
        `${prefix}: cannot connect to PostgreSQL at ${shown}: connection refused (is PostgreSQL running and listening there?)`,
      );
    }
  });

  it('a wrong password: one line saying so', async () => {
    const pg = await refusingPostgres('28P01', 'password authentication failed for user "ocop"');
    closers.push(pg.close);
    const url = `postgres://ocop:${SECRET}@127.0.0.1:${pg.port}/ocop_trace?sslmode=disable`;
    for (const [script, prefix] of [
      ['cli/migrate.ts', 'npm run migrate'],
      ['node.ts', 'ocop-trace failed to start'],
    ] as const) {
      const line = oneLine(await runEntry(script, [], { DATABASE_URL: url }));
      expect(line).toBe(
        `${prefix}: PostgreSQL refused to let us in at DATABASE_URL=postgres://ocop@127.0.0.1:${pg.port}/ocop_trace?sslmode=disable: ` +
          'password authentication failed for user "ocop"; check the user and password in DATABASE_URL',
      );
    }
  });

  // The real server when the suite runs against one (TEST_DATABASE_URL), else a stand-in that
  // answers as PostgreSQL does.
  it('a database that was never created: one line saying how to create it', async () => {
    const name = `ocop_missing_${Math.random().toString(36).slice(2, 8)}`;
    let url: URL;
    if (process.env.TEST_DATABASE_URL) {
      url = new URL(process.env.TEST_DATABASE_URL);
    } else {
      const pg = await refusingPostgres('3D000', `database "${name}" does not exist`);
      closers.push(pg.close);
      url = new URL(`postgres://postgres@127.0.0.1:${pg.port}/`);
    }
    url.pathname = `/${name}`;
    url.password = SECRET;
    const shown = new URL(url);
    shown.password = '';
    for (const [script, prefix] of [
      ['cli/migrate.ts', 'npm run migrate'],
      ['node.ts', 'ocop-trace failed to start'],
    ] as const) {
      const line = oneLine(await runEntry(script, [], { DATABASE_URL: url.toString() }));
      expect(line).toBe(
        `${prefix}: database "${name}" does not exist at DATABASE_URL=${shown}: ` +
          `create it first (createdb -h ${url.hostname} -p ${url.port} -U ${url.username} ${name}), then run this again`,
      );
    }
  });
});
