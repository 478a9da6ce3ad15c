// Embedded PostgreSQL for the default Node setup: PGlite persisted on disk, exposed on a
// loopback socket so postgres.js talks to it exactly as to a server (same SQL, same driver).
// Node-only: imported from src/entry, the CLIs and tests, never from the app.
//
// PGlite is one backend, so connections are multiplexed onto it here. We do this ourselves
// rather than with @electric-sql/pglite-socket because that server interleaves single
// protocol messages of different connections: one client's Bind could land between another's
// Parse and Execute ("portal does not exist" under concurrency). Here a connection's messages
// run as one unit up to each Sync (or simple Query), and while a connection holds an open
// transaction only that connection's units run, so transactions stay isolated and serial.
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { type DataDirLock, LOCK_FILE, lockDataDir } from './data-dir-lock';

export interface EmbeddedDatabase {
  url: string;
  /** True when the data directory held no database before this start. */
  created: boolean;
  db: PGlite;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

interface Unit {
  conn: Connection;
  bytes: Uint8Array;
}

class Multiplexer {
  private queue: Unit[] = [];
  private running = false;
  /** The connection whose transaction is open in the backend, if any. */
  private owner: Connection | null = null;

  constructor(private readonly db: PGlite) {}

  submit(unit: Unit) {
    this.queue.push(unit);
    void this.pump();
  }

  async release(conn: Connection) {
    this.queue = this.queue.filter((u) => u.conn !== conn);
    if (this.owner === conn) {
      this.owner = null;
      await this.db.exec('rollback').catch(() => {});
      void this.pump();
    }
  }

  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const i = this.owner ? this.queue.findIndex((u) => u.conn === this.owner) : 0;
        if (i < 0 || this.queue.length === 0) break;
        const unit = this.queue.splice(i, 1)[0]!;
        await this.db
          .runExclusive(() =>
            this.db.execProtocolRawStream(unit.bytes, { onRawData: (chunk) => unit.conn.write(chunk) }),
          )
          .catch((e: unknown) => unit.conn.fail(e));
        if (this.db.isInTransaction() && unit.conn.closed) {
          // Its client went away while this unit ran (release() came too early to roll back):
          // no unit of that connection will ever come to end the transaction.
          await this.db.exec('rollback').catch(() => {});
          this.owner = null;
        } else {
          this.owner = this.db.isInTransaction() ? unit.conn : null;
        }
      }
    } finally {
      this.running = false;
    }
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;
  /** The client closed its socket. */
  closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly mux: Multiplexer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d) => this.onData(d));
    socket.on('close', () => {
      this.closed = true;
      void this.mux.release(this);
    });
    socket.on('error', () => socket.destroy());
  }

  write(chunk: Uint8Array) {
    if (this.socket.writable) this.socket.write(chunk);
  }

  fail(e: unknown) {
    this.socket.destroy(e instanceof Error ? e : new Error(String(e)));
  }

  private onData(data: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const len = this.buffer.readInt32BE(0);
        if (this.buffer.length < len) return;
        const code = this.buffer.readInt32BE(4);
        const msg = this.buffer.subarray(0, len);
        this.buffer = this.buffer.subarray(len);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        this.started = true;
        this.mux.submit({ conn: this, bytes: new Uint8Array(msg) });
        continue;
      }
      if (this.buffer.length < 5) return;
      const type = this.buffer[0]!;
      const len = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < len) return;
      const msg = this.buffer.subarray(0, len);
      this.buffer = this.buffer.subarray(len);
      if (type === 0x58 /* X: Terminate */) {
        this.socket.end();
        return;
      }
      this.pending.push(msg);
      // S: Sync, Q: simple Query, H: Flush end a unit the client waits on.
      if (type === 0x53 || type === 0x51 || type === 0x48) {
        const bytes = new Uint8Array(Buffer.concat(this.pending));
        this.pending = [];
        this.mux.submit({ conn: this, bytes });
      }
    }
  }
}

/**
 * dataDir: a folder path, or 'memory://' for a throwaway database (tests). A folder is locked for
 * this process until stop() (DataDirLockedError when another running process has it); `command`
 * names this process to the others ("npm start").
 */
export async function startEmbedded(dataDir: string, opts: { command?: string } = {}): Promise<EmbeddedDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  let created = true;
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir, opts.command ?? 'another ocop-trace process');
    created = readdirSync(dataDir).every((f) => f.startsWith(LOCK_FILE));
  }
  let db: PGlite;
  try {
    db = await PGlite.create(inMemory ? undefined : dataDir);
  } catch (e) {
    lock?.release();
    throw e;
  }
  const mux = new Multiplexer(db);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, mux);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new TypeError('embedded database did not bind a TCP port');
  const url = `postgres://postgres:postgres@127.0.0.1:${address.port}/postgres?sslmode=disable`;
  lock?.publish(url);
  return {
    url,
    created,
    db,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
