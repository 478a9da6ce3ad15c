// The behaviour suite against the Worker entry on workerd (`wrangler dev`), through Hyperdrive's
// local connection string to PostgreSQL 15; skipped without TEST_DATABASE_URL (Hyperdrive needs a
// PostgreSQL server, not the embedded database).
import { describe } from 'vitest';
import { behaviourSuite } from './suite';
import { startWorkerdTarget } from './workerd-target';

describe.skipIf(!process.env.TEST_DATABASE_URL)('on workerd', () => {
  behaviourSuite(startWorkerdTarget);
});
