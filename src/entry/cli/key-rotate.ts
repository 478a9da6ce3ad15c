// npm run key:rotate: make a new current signing key; the old one is retired (it stays in the
// JWKS so that records it signed keep verifying, but never signs again).
import { parseConfig } from '../../config';
import { recordAudit } from '../../db/audit-store';
import { createKeyring } from '../../db/keyring';
import { openDatabase } from '../database';

const config = parseConfig(process.env);
const db = await openDatabase(config);
try {
  const keyring = createKeyring(db.sql, config);
  const rotated = await db.sql.begin(async (tx) => {
    const r = await keyring.rotate(tx, new Date());
    await recordAudit(tx, {
      actor: { keyId: null, name: 'key:rotate', role: 'system' },
      action: 'rotate',
      entity: 'signing_key',
      entityId: r.kid,
      before: { kid: r.retired },
      after: { kid: r.kid },
    });
    return r;
  });
  console.log(`new current signing key: ${rotated.kid}${rotated.retired ? ` (retired: ${rotated.retired})` : ''}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  await db.close();
}
