// Benchmark: the full stamp page of an active stamp (scan recorded) against a bare route that does
// one primary-key lookup and returns a ten-line HTML page, on the same server and database, 50
// connections, alternating, from autocannon on the same machine. Checks that every successful
// stamp page left exactly one scan. Run: npx tsx bench/public.ts [seconds=20] [connections=50]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, startPostgres15 } from './support/pg15';
import { measureStampPages } from './support/public-measure';

const SECONDS = Number(process.argv[2] ?? 20);
const CONNECTIONS = Number(process.argv[3] ?? 50);

console.log(`public page benchmark: ${SECONDS}s per route, ${CONNECTIONS} connections; ${machine()}`);
const pg = await startPostgres15();
try {
  await measureStampPages('PostgreSQL 15', { DATABASE_URL: pg.url }, { seconds: SECONDS, connections: CONNECTIONS });
} finally {
  pg.stop();
}
await measureStampPages(
  'embedded (PGlite)',
  { DATA_DIR: mkdtempSync(join(tmpdir(), 'ocop-bench-pglite-')), DATABASE_URL: '' },
  { seconds: SECONDS, connections: CONNECTIONS },
);
