// The behaviour suite against the Node entry, served over HTTP (PGlite, or PostgreSQL 15 when
// TEST_DATABASE_URL is set).
import { behaviourSuite } from './suite';
import { startNodeTarget } from './node-target';

behaviourSuite(startNodeTarget);
