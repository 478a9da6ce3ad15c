// Long commands tell their progress: on a terminal one line rewritten in place, elsewhere (a
// pipe, a CI log) one plain line per step. The commands run here as separate processes with
// stdout piped, as CI runs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runEntry } from './support';
import { progressLine } from '../../src/entry/cli/progress';
import { seedDemo } from '../../src/demo/seed';
import { createKeyring } from '../../src/db/keyring';
import { parseConfig } from '../../src/config';
import { RULES } from '../../src/checks/rules';
import { MIGRATION_NAMES } from '../../src/db/schema-version';

describe('the progress line', () => {
  const stream = (isTTY: boolean) => {
    let text = '';
    return {
      isTTY,
      columns: 40,
      write: (s: string) => {
        text += s;
      },
      text: () => text,
    };
  };

  it('on a terminal, rewrites one line in place and clears it at the end', () => {
    const out = stream(true);
    const p = progressLine(out);
    p.update('[1/14] rule AREA_NOT_LINKED … 0 findings');
    p.step('[1/14] rule AREA_NOT_LINKED: 3 found');
    p.end();
    expect(out.text()).toBe(
      '\r[1/14] rule AREA_NOT_LINKED … 0 findin…\x1b[K\r[1/14] rule AREA_NOT_LINKED: 3 found\x1b[K\r\x1b[K',
    );
    expect(out.text()).not.toContain('\n');
  });

  it('elsewhere, writes a plain line per step and nothing for the updates', () => {
    const out = stream(false);
    const p = progressLine(out);
    p.update('[1/14] rule AREA_NOT_LINKED … 0 findings');
    p.step('[1/14] rule AREA_NOT_LINKED: 3 found');
    p.step('[2/14] rule CONTRACT_NOT_CONFIRMED: 0 found');
    p.end();
    expect(out.text()).toBe('[1/14] rule AREA_NOT_LINKED: 3 found\n[2/14] rule CONTRACT_NOT_CONFIRMED: 0 found\n');
  });
});

describe('the commands, with stdout not a terminal', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('npm run migrate prints a plain line per migration file it applies', async () => {
    const run = await runEntry('cli/migrate.ts', [], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\r');
    const n = MIGRATION_NAMES.length;
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, n)).toEqual(MIGRATION_NAMES.map((name, i) => `[${i + 1}/${n}] ${name} applied`));
    expect(lines[n]).toMatch(/^applied: 00001_registry\.sql, /);
    const again = await runEntry('cli/migrate.ts', [], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    // nothing to apply: nothing but the answer (the files applied before are no steps)
    expect(again.stdout).toBe('no pending migrations\n');
  });

  it('npm run checks prints a plain line per rule; with --json the lines go to stderr', async () => {
    const keyring = createKeyring(db.sql, parseConfig({}));
    await keyring.ensure();
    await seedDemo(db.sql, {
      clock: () => new Date('2026-11-28T03:00:00Z'),
      keyring,
      baseUrl: 'https://trace.example.vn',
    });
    const run = await runEntry('cli/run-checks.ts', [], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    expect(run.code, run.stderr).toBe(1); // the demo has critical findings
    expect(run.stdout).not.toContain('\r');
    const steps = run.stdout.split('\n').filter((l) => /^\[\d+\/\d+\]/.test(l));
    expect(steps).toHaveLength(RULES.length);
    expect(steps).toEqual(
      RULES.map((r, i) =>
        expect.stringMatching(new RegExp(`^\\[${i + 1}/${RULES.length}\\] rule ${r.code}: \\d+ found, \\d+ ms$`)),
      ),
    );
    expect(run.stdout).toMatch(/link checks \(all data\): \d+ found/);

    const json = await runEntry('cli/run-checks.ts', ['--json'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    expect(JSON.parse(json.stdout).summary.rules).toHaveLength(RULES.length);
    expect(json.stderr.split('\n').filter((l) => /^\[\d+\/\d+\]/.test(l))).toHaveLength(RULES.length);
  });
});
