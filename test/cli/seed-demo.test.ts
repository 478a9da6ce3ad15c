// npm run seed:demo on the PostgreSQL path: without PUBLIC_BASE_URL it says that every demo stamp
// will point at localhost:3000, and like npm start's first start it prints the demo stamp URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runEntry } from './support';

// A start against DATABASE_URL keeps its signing key sealed (test/cli/key-secrets.test.ts).
const KEY_ENCRYPTION_SECRET = 'tG1x9Jc0n7QeZ1b4Vv8yM2sK5pR3wL6uA0dF9hE2iOc=';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('npm run seed:demo', () => {
  it('warns that the stamps will point at localhost:3000 without PUBLIC_BASE_URL, and prints the demo stamp URLs', async () => {
    const run = await runEntry(
      'cli/seed-demo.ts',
      [],
      { DATABASE_URL: db.url, KEY_ENCRYPTION_SECRET, LOG_LEVEL: 'silent' },
      120_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('PUBLIC_BASE_URL is not set');
    expect(run.stderr).toContain('http://localhost:3000');
    expect(run.stdout).toContain('demo data loaded:');
    // its progress, a plain line per stage (stdout is not a terminal here)
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toMatch(/^\[1\/14\] loading organizations\n/m);
    expect(run.stdout).toContain(
      '[6/14] loading association activities and training\n[7/14] loading OCOP candidates\n[8/14] loading batches\n[9/14] loading stamps\n',
    );
    expect(run.stdout).toContain('[12/14] loading buyers\n');
    expect(run.stdout).toContain('[13/14] loading console users\n[14/14] loading product pictures\ndemo data loaded:');
    expect(run.stdout).toContain('Demo stamps to open (or scan from `npm run demo:pdf`):');
    const urls = [...run.stdout.matchAll(/^ {4}(.+?) {2,}(http\S+)$/gm)].map((m) => [m[1]!.trim(), m[2]!]);
    expect(urls.map(([label]) => label)).toEqual([
      'genuine, active',
      'scanned too often',
      'not yet activated',
      'void (cancelled)',
      'recalled batch',
      'unknown serial',
      'mistyped serial',
      'on another product',
    ]);
    for (const [, url] of urls) expect(url).toMatch(/^http:\/\/localhost:3000\/01\/\d{14}\/10\/[^/]+\/21\/[0-9A-Z]+$/);
  });

  it('says nothing of PUBLIC_BASE_URL when the demo is already there', async () => {
    const run = await runEntry('cli/seed-demo.ts', [], {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_SECRET,
      LOG_LEVEL: 'silent',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/demo data already present/);
    expect(run.stderr).toBe('');
  });
});
