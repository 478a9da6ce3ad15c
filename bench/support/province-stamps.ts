// Stamp pages to load in a generated province data set. The generated batches carry placeholder
// signatures; `count` of them (not recalled) are signed for real, as sealing does, so that their
// stamps' pages are whole pages. Returns the URL paths of up to 5,000 of their active stamps.
import type { Sql } from '../../src/db/client';
import { buildRecord } from '../../src/db/batches-store';
import type { Keyring } from '../../src/db/keyring';
import { signRecord } from '../../src/signing';

const BY = { keyId: null, name: 'bench', role: 'admin' as const };

export async function stampPagePaths(sql: Sql, keyring: Keyring, count = 200): Promise<string[]> {
  const batches = await sql<{ id: string; sealedAt: Date }[]>`
    select b.id, b.sealed_at as "sealedAt" from batches b tablesample system (5)
     where not exists (select 1 from batch_recalls x where x.batch_id = b.id) limit ${count}`;
  await sql.begin(async (tx) => {
    // the sealed-batch guard is a trigger: off for this transaction, as during generation
    await tx`set local session_replication_role = replica`;
    const key = await keyring.current(tx);
    for (const b of batches) {
      const signed = await signRecord(await buildRecord(tx, b.id, b.sealedAt, BY), key);
      await tx`update batches set record_jws = ${signed.jws}, record_sha256 = ${signed.sha256}, record_kid = ${key.kid}
               where id = ${b.id}`;
    }
  });
  return (
    await sql<{ serial: string; gtin: string; lot: string }[]>`
      select s.serial, r.gtin, r.lot_code as lot from print_runs r join stamps s on s.print_run_id = r.id
       where r.batch_id in ${sql(batches.map((b) => b.id))} and s.state = 'active' limit 5000`
  ).map((r) => `/01/${r.gtin}/10/${encodeURIComponent(r.lot)}/21/${r.serial}`);
}
