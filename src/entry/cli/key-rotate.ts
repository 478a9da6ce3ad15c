// npm run key:rotate: make a new current signing key; the old one is retired (it stays in the
// JWKS so that records it signed keep verifying, but never signs again).
import { recordAudit } from '../../db/audit-store';
import { createKeyring } from '../../db/keyring';
import { runCli } from '../run-cli';

await runCli(
  {
    command: 'npm run key:rotate',
    whileDataDirTaken:
      'Rotate through the running server instead, so that it signs with the new key at once: POST /api/v1/signing-keys/rotate with an admin key; or stop the server and run npm run key:rotate again.',
  },
  async ({ config, open }) => {
    const db = await open();
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
    } finally {
      await db.close();
    }
  },
);
