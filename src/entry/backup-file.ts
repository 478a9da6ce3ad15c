// Node-only: the backup file around src/db/backup-store.ts's lines: gzip-compressed, written to a
// temporary file beside the target and renamed into place once complete and flushed to disk, so a
// backup file is never half-written; read back line by line, a damaged or cut-off file named so.
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  openSync,
  closeSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupRefusedError } from '../db/backup-store';

/** Runs `produce` with a line writer into a gzip file that appears at `path` only when `produce` succeeds. */
export async function writeBackupFile<T>(
  path: string,
  produce: (write: (line: string) => void | Promise<void>) => Promise<T>,
): Promise<T> {
  const tmp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(tmp, { flags: 'wx' });
  const gzip = createGzip({ level: 6 });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const result = await produce(write);
    gzip.end();
    await finished(out);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return result;
  } catch (e) {
    gzip.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The lines of a backup file; a file that does not decompress fails with BackupRefusedError. */
export async function* readBackupLines(path: string): AsyncGenerator<string> {
  if (!existsSync(path)) throw new BackupRefusedError(`no backup file at ${path}`);
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on('error', (e) => gunzip.destroy(e));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } catch (e) {
    if (e instanceof BackupRefusedError) throw e;
    const why = (e as { code?: string }).code === 'Z_BUF_ERROR' ? 'it is cut off' : (e as Error).message;
    throw new BackupRefusedError(`the backup file is damaged or incomplete: ${why}`);
  } finally {
    lines.close();
    input.destroy();
  }
}
