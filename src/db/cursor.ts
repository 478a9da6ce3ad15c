// Reading a large query's rows a chunk at a time through a server-side cursor (DECLARE / FETCH) in
// the caller's transaction, so that memory stays bounded however many rows it returns. Other
// statements may run on the same transaction between chunks (the link checks store each chunk
// as it comes); postgres.js's own .cursor() blocks the connection until it is exhausted, and it
// works the same on PostgreSQL and on PGlite.
import type { Tx } from './client';

let cursors = 0;

/** The rows of `query` in chunks of at most `chunkSize`; the cursor is closed when done or abandoned. */
export async function* readInChunks<Row>(
  tx: Tx,
  query: PromiseLike<readonly Row[]>,
  chunkSize: number,
): AsyncGenerator<Row[]> {
  const size = Math.max(1, Math.floor(chunkSize));
  cursors = (cursors + 1) % 1_000_000;
  const name = tx(`chunked_${cursors}`);
  await tx`declare ${name} no scroll cursor for ${query as never}`;
  let failed = false;
  try {
    for (;;) {
      const rows = (await tx`fetch forward ${tx.unsafe(String(size))} from ${name}`) as unknown as Row[];
      if (!rows.length) break;
      yield rows;
      if (rows.length < size) break;
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    // after a failed statement the transaction is aborted and the cursor goes with it
    if (!failed) await tx`close ${name}`;
  }
}
