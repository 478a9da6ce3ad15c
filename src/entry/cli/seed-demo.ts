// npm run seed:demo: load the demo province (organizations, areas, contracts, products, models,
// harvests and signed batches, stamps, scans, console users)
// into the configured database, migrating it first, and print the demo stamp URLs as npm start's
// first start does. Refuses, with exit code 0, when the demo data is already there.
import { DemoDataPresentError, demoDataPresent, seedDemo } from '../../demo/seed';
import { createKeyring } from '../../db/keyring';
import { demoBanner, publicBaseUrlWarning } from '../demo-banner';
import { keyPolicy } from '../key-policy';
import { scryptPasswordHasher } from '../passwords-node';
import { nodePhotoCodecs } from '../photos-node';
import { runCli } from '../run-cli';
import { progressLine } from './progress';

await runCli(
  {
    command: 'npm run seed:demo',
    whileDataDirTaken:
      'Stop it first: the demo is loaded into the embedded database by the server itself on its first start in an empty DATA_DIR, or by npm run seed:demo while nothing else has it open.',
  },
  async ({ config, open }) => {
    const db = await open();
    const progress = progressLine();
    try {
      if (await demoDataPresent(db.sql)) {
        console.log('demo data already present; nothing loaded');
        return;
      }
      // First, so that a refused key (no KEY_ENCRYPTION_SECRET in production) is the only thing said.
      const keyring = createKeyring(db.sql, config, keyPolicy(config, process.env));
      await keyring.ensure();
      if (!process.env.PUBLIC_BASE_URL) process.stderr.write(publicBaseUrlWarning(config.PUBLIC_BASE_URL));
      const summary = await seedDemo(db.sql, {
        clock: () => new Date(),
        keyring,
        baseUrl: config.PUBLIC_BASE_URL,
        passwords: scryptPasswordHasher(),
        onProgress: (p) => progress.step(`[${p.done}/${p.total}] loading ${p.stage}`),
        photos: nodePhotoCodecs(),
      });
      progress.end();
      console.log('demo data loaded:');
      for (const [what, n] of Object.entries(summary)) console.log(`  ${what.padEnd(15)} ${n}`);
      process.stdout.write(await demoBanner(db.sql, config.PUBLIC_BASE_URL));
    } catch (e) {
      if (!(e instanceof DemoDataPresentError)) throw e;
      console.log('demo data already present; nothing loaded');
    } finally {
      progress.end();
      await db.close();
    }
  },
);
