// npm run migrate: apply pending migrations to the configured database and exit.
import { runCli } from '../run-cli';

await runCli(
  {
    command: 'npm run migrate',
    whileDataDirTaken:
      'Nothing to do beside it: a server applies every migration of its build when it starts (GET /readyz says whether any is pending).',
  },
  async ({ open }) => {
    const db = await open();
    console.log(db.applied.length ? `applied: ${db.applied.join(', ')}` : 'no pending migrations');
    await db.close();
  },
);
