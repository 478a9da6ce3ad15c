// npm run migrate: apply pending migrations to the configured database and exit, telling each
// file as it is handled (one updating line on a terminal, a line each elsewhere).
import { runCli } from '../run-cli';
import { progressLine } from './progress';

await runCli(
  {
    command: 'npm run migrate',
    whileDataDirTaken:
      'Nothing to do beside it: a server applies every migration of its build when it starts (GET /readyz says whether any is pending).',
  },
  async ({ open }) => {
    const progress = progressLine();
    const db = await open({
      // a file applied is a step; one applied before only moves the line on a terminal
      onMigration: (m) =>
        m.applied
          ? progress.step(`[${m.done}/${m.total}] ${m.name} applied`)
          : progress.update(`[${m.done}/${m.total}] ${m.name} already applied`),
    });
    progress.end();
    console.log(db.applied.length ? `applied: ${db.applied.join(', ')}` : 'no pending migrations');
    await db.close();
  },
);
