// Node-only: one process at a time opens the embedded database under DATA_DIR. PGlite does not
// stop a second process from opening the same folder, and two writers lose each other's writes
// (a key printed by a CLI beside the server would not survive the server's next restart). The
// lock is a file in DATA_DIR created exclusively, naming its holder; a holder that is no longer
// running (a crash, a kill -9) leaves a stale file that the next process takes over.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name inside DATA_DIR (PGlite ignores files it does not know). */
export const LOCK_FILE = 'ocop-trace.lock';

export interface LockHolder {
  pid: number;
  /** What the holder is, as a person would start it: "npm start", "npm run key:create". */
  command: string;
  startedAt: string;
  hostname: string;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  processStart: string | null;
  /** The holder's embedded database on its loopback socket, once it is up: readers go through it. */
  databaseUrl?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by ${holder.command} (pid ${holder.pid}${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`}, since ${holder.startedAt}); ` +
        'the embedded database can be open in one process only',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Adds the embedded database's URL to the lock file, for readers (npm run demo:pdf). */
  publish(databaseUrl: string): void;
  release(): void;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock is still running. */
function alive(holder: LockHolder): boolean {
  // Never this process: it has not taken the lock yet (in a container, a restarted server often
  // gets the same pid as the one that crashed).
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else, so it is running.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is taken, but by a process started at another time: the holder is gone.
  const start = processStart(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

const UNKNOWN_HOLDER: LockHolder = {
  pid: 0,
  command: 'another process',
  startedAt: 'unknown',
  hostname: hostname(),
  processStart: null,
};

function read(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or half-written (a crash while writing it): nobody can be shown to hold it.
    return UNKNOWN_HOLDER;
  }
}

/** The live holder of DATA_DIR, or null. */
export function dataDirHolder(dataDir: string): LockHolder | null {
  const holder = read(join(dataDir, LOCK_FILE));
  return holder && alive(holder) ? holder : null;
}

/**
 * Takes DATA_DIR for this process, or throws DataDirLockedError naming the live holder. The
 * folder must exist. The lock goes when released, and at the latest when this process exits.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    processStart: processStart(process.pid),
  };
  // Written in full beside it, then linked into place (link fails if the name exists): a reader
  // never sees a half-written lock, and of two creators exactly one wins.
  const tmp = `${file}.${process.pid}`;
  const text = `${JSON.stringify(mine)}\n`;
  const create = (): boolean => {
    writeFileSync(tmp, text);
    try {
      linkSync(tmp, file);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
      // A file system without hard links: an exclusive create, almost as good.
      try {
        writeFileSync(file, text, { flag: 'wx' });
        return true;
      } catch (w) {
        if ((w as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw w;
      }
    } finally {
      unlinkSync(tmp);
    }
  };
  if (!create()) {
    const holder = read(file);
    if (holder && alive(holder)) throw new DataDirLockedError(dataDir, holder);
    // Stale: take it over. Of two processes doing this at the same moment, the one that loses the
    // exclusive create below reports the other as the holder.
    try {
      unlinkSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (!create()) throw new DataDirLockedError(dataDir, read(file) ?? UNKNOWN_HOLDER);
  }
  const ours = () => read(file)?.pid === process.pid;
  const releaseOnExit = () => {
    if (ours()) unlinkSync(file);
  };
  process.on('exit', releaseOnExit);
  return {
    publish(databaseUrl) {
      writeFileSync(tmp, `${JSON.stringify({ ...mine, databaseUrl })}\n`);
      renameSync(tmp, file);
    },
    release() {
      process.off('exit', releaseOnExit);
      try {
        releaseOnExit();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    },
  };
}
