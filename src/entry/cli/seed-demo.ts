// npm run seed:demo: load the demo province (organizations, areas, contracts, products, models,
// harvests and signed batches, stamps, scans, console users)
// into the configured database, migrating it first. Refuses, with exit code 0, when the demo
// data is already there.
import { ConfigError, parseConfig, type Config } from '../../config';
import { DemoDataPresentError, demoDataPresent, seedDemo } from '../../demo/seed';
import { createKeyring } from '../../db/keyring';
import { openDatabase } from '../database';
import { scryptPasswordHasher } from '../passwords-node';

let config: Config;
try {
  config = parseConfig(process.env);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : String(e));
  process.exit(2);
}
const db = await openDatabase(config);
try {
  if (await demoDataPresent(db.sql)) {
    console.log('demo data already present; nothing loaded');
  } else {
    const keyring = createKeyring(db.sql, config);
    await keyring.ensure();
    const summary = await seedDemo(db.sql, {
      clock: () => new Date(),
      keyring,
      baseUrl: config.PUBLIC_BASE_URL,
      passwords: scryptPasswordHasher(),
    });
    console.log('demo data loaded:');
    for (const [what, n] of Object.entries(summary)) console.log(`  ${what.padEnd(15)} ${n}`);
  }
} catch (e) {
  if (e instanceof DemoDataPresentError) {
    console.log('demo data already present; nothing loaded');
  } else {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
