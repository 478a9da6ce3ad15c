// npm run key:rotate [-- --seal-only]: seal the stored signing keys, then make a new current key.
//
// First every private key kept in signing_keys is sealed with KEY_ENCRYPTION_SECRET: those stored
// in plain text (the embedded demo's, or any from before the secret was set), and, when
// KEY_ENCRYPTION_SECRET_PREVIOUS is given, those sealed with that older secret. Then a new current
// key is made and the old one retired (it stays in the JWKS, so records it signed keep verifying,
// but never signs again). Rotating as well is the default because a key that sat in plain text
// may have been copied (a backup, a dump): new records should not be signed by it. --seal-only
// seals without rotating. All of it is one transaction: either every key is sealed and the new
// key is current, or nothing changed.
import { parseArgs } from 'node:util';
import { recordAudit } from '../../db/audit-store';
import { createKeyring } from '../../db/keyring';
import { keyPolicy } from '../key-policy';
import { runCli } from '../run-cli';

const { values } = parseArgs({ options: { 'seal-only': { type: 'boolean', default: false } } });

await runCli(
  {
    command: 'npm run key:rotate',
    whileDataDirTaken:
      'Rotate through the running server instead, so that it signs with the new key at once: POST /api/v1/signing-keys/rotate with an admin key; or stop the server and run npm run key:rotate again.',
  },
  async ({ config, open }) => {
    const sealOnly = values['seal-only'] === true;
    if (sealOnly && !config.KEY_ENCRYPTION_SECRET) {
      throw new Error(
        '--seal-only needs KEY_ENCRYPTION_SECRET: set it to 32 or more random characters (openssl rand -base64 32)',
      );
    }
    const db = await open();
    try {
      const keyring = createKeyring(db.sql, config, keyPolicy(config, process.env));
      const actor = { keyId: null, name: 'key:rotate', role: 'system' } as const;
      const done = await db.sql.begin(async (tx) => {
        const stored = config.KEY_ENCRYPTION_SECRET
          ? await keyring.sealStored(tx, process.env.KEY_ENCRYPTION_SECRET_PREVIOUS || undefined)
          : { sealed: [], resealed: [] };
        for (const kid of [...stored.sealed, ...stored.resealed]) {
          await recordAudit(tx, {
            actor,
            action: 'seal',
            entity: 'signing_key',
            entityId: kid,
            after: { kid, sealedWith: 'KEY_ENCRYPTION_SECRET' },
          });
        }
        // A key from SIGNING_KEY_JWK is rotated by changing that setting, not here.
        if (sealOnly || config.SIGNING_KEY_JWK) return { ...stored, rotated: null };
        const rotated = await keyring.rotate(tx, new Date());
        await recordAudit(tx, {
          actor,
          action: 'rotate',
          entity: 'signing_key',
          entityId: rotated.kid,
          before: { kid: rotated.retired },
          after: { kid: rotated.kid },
        });
        return { ...stored, rotated };
      });
      if (done.sealed.length)
        console.log(`sealed with KEY_ENCRYPTION_SECRET (were in plain text): ${done.sealed.join(', ')}`);
      if (done.resealed.length)
        console.log(`re-sealed from KEY_ENCRYPTION_SECRET_PREVIOUS: ${done.resealed.join(', ')}`);
      if (done.rotated) {
        const { kid, retired } = done.rotated;
        console.log(`new current signing key: ${kid}${retired ? ` (retired: ${retired})` : ''}`);
      } else if (config.SIGNING_KEY_JWK) {
        console.log('the current signing key comes from SIGNING_KEY_JWK: rotate it by setting a new key there');
      } else if (!done.sealed.length && !done.resealed.length) {
        console.log('every stored signing key was already sealed with KEY_ENCRYPTION_SECRET');
      }
    } finally {
      await db.close();
    }
  },
);
