// npm run restore -- <file> [--replace]: load a backup made by npm run backup into the configured
// database (DATABASE_URL, or the embedded one under DATA_DIR), which must be empty unless
// --replace is given (then everything in it is dropped first). One transaction: a damaged or
// cut-off file, or any other failure, leaves the database as it was. The schema is rebuilt at the
// backup's level and the data loaded as it was; then this build's later migrations are applied.
// The server must be stopped (on the embedded database it holds DATA_DIR).
import { parseArgs } from 'node:util';
import { restoreSnapshot } from '../../db/backup-store';
import { applyMigrations } from '../../db/migrations';
import { readBackupLines } from '../backup-file';
import { loadMigrations } from '../migration-files';
import { runCli } from '../run-cli';

function usage(): never {
  console.error('usage: npm run restore -- <backup file> [--replace]');
  process.exit(2);
}
let args: { values: { replace?: boolean }; positionals: string[] };
try {
  args = parseArgs({ options: { replace: { type: 'boolean', default: false } }, allowPositionals: true });
} catch {
  usage();
}
if (args.positionals.length !== 1) usage();
const file = args.positionals[0]!;
const replace = args.values.replace === true;

await runCli(
  {
    command: 'npm run restore',
    whileDataDirTaken: 'Stop the server first: a restore replaces the whole database it has open.',
  },
  async ({ open }) => {
    const db = await open({ migrate: false });
    try {
      const migrations = loadMigrations();
      const restored = await restoreSnapshot(db.sql, readBackupLines(file), migrations, {
        replace,
      });
      const applied = restored.pending ? await applyMigrations(db.sql, migrations) : [];
      console.log(
        `restored ${file} (made ${restored.createdAt}): ${restored.rows} rows of ${restored.tables} tables` +
          (applied.length ? `; then applied ${applied.join(', ')}` : ''),
      );
    } finally {
      await db.close();
    }
  },
);
