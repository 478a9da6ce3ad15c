// npm run migrate: apply pending migrations to the configured database and exit.
import { parseConfig } from '../../config';
import { openDatabase } from '../database';

const config = parseConfig(process.env);
const db = await openDatabase(config);
console.log(db.applied.length ? `applied: ${db.applied.join(', ')}` : 'no pending migrations');
await db.close();
