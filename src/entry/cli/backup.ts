// npm run backup -- [file]: a consistent snapshot of the whole database into one compressed file
// (format: src/db/backup-store.ts, README "Backups"). Works while the server runs: on the embedded
// database it reads through the running server's own connection (as demo:pdf does), against
// DATABASE_URL it connects like any client. One REPEATABLE READ READ ONLY transaction, so the file
// is the database as it was at one instant. The file holds the signing keys as stored (sealed
// with KEY_ENCRYPTION_SECRET), never the secret itself.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeSnapshot } from '../../db/backup-store';
import { writeBackupFile } from '../backup-file';
import { runCli } from '../run-cli';

function usage(): never {
  console.error('usage: npm run backup -- [file]');
  process.exit(2);
}
let positionals: string[];
try {
  ({ positionals } = parseArgs({ options: {}, allowPositionals: true }));
} catch {
  usage();
}
if (positionals.length > 1) usage();
const now = new Date();
const file =
  positionals[0] ??
  `ocop-trace-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.backup.gz`;

await runCli(
  {
    command: 'npm run backup',
    // Reached only while the holder has not published its database yet (it is starting).
    whileDataDirTaken: 'Run npm run backup again once it has started.',
  },
  async ({ open }) => {
    const db = await open({ readThroughHolder: true, migrate: false });
    try {
      const started = performance.now();
      const summary = await writeBackupFile(file, (write) => writeSnapshot(db.sql, write, now));
      const ms = Math.round(performance.now() - started);
      const size = statSync(file).size;
      console.log(
        `wrote ${file}: ${summary.rows} rows of ${summary.tables} tables, schema at ${summary.migrations} migrations, ${size} bytes, in ${ms} ms${db.via ? ` (through the running ${db.via.command}, pid ${db.via.pid})` : ''}`,
      );
    } finally {
      await db.close();
    }
  },
);
