// The postgres.js client factory shared by every entry point. One `sql` per process
// (or per request on Workers); stores are plain functions that take it.
//
// Outages. postgres.js reconnects a closed connection on its next query, but it keeps a
// connection whose socket died unnoticed (the server restarted behind NAT, a proxy or a firewall)
// until a query fails on it, lets queries queue behind connection attempts, and backs off up to
// 20 s between attempts. So `sql` is a handle on a pool that can be replaced:
// - a failed connection attempt means the server is unreachable: the pool is dropped (what waits
//   in it fails at once) and queries are refused at once, without touching the network, until a
//   probe on fresh connections succeeds (at most one probe a second, started by demand);
// - a connection lost under a query makes us probe fresh connections; when they answer they
//   replace the pool, so no dead pooled connection is used again, and the caller may retry
//   (retryRead, transaction).
// Every attempt is bounded by connectTimeout (DB_CONNECT_TIMEOUT). And sql.begin does not send
// ROLLBACK on a connection that broke (see safeBegin).
import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;
/** Either the pool or a transaction: stores accept both so callers choose the boundary. */
export type Db = Sql | Tx;

export interface ClientOptions {
  max?: number;
  onnotice?: (n: unknown) => void;
  /** Seconds a connection attempt may take (DB_CONNECT_TIMEOUT); 5 by default. */
  connectTimeout?: number;
  /** Told when the database stops answering and when it answers again (for the logs). */
  onAvailability?: (available: boolean, error?: unknown) => void;
}

/** While the database is down, fresh connections are tried at most this often. */
const PROBE_EVERY_MS = 1000;
/** An old pool replaced after an outage finishes what runs on it for at most this long. */
const RETIRE_SECONDS = 30;
/** How long a transaction whose connection broke waits for postgres.js to see the close. */
const HOLD_MS = 1000;

/** Failures of a connection attempt: nothing was sent, the server is not reachable now. */
const CONNECT_FAILURES = new Set([
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P03', // cannot_connect_now: the server is starting up or shutting down
]);
/** A connection lost under a query: the query may or may not have reached the server. */
const LOST_CONNECTION = new Set([
  'CONNECTION_CLOSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
]);
/** Refused by us: a pool dropped or ended (by an outage, or at shutdown); nothing was sent. */
const REFUSED = new Set(['CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

type Failure = 'connect' | 'lost' | 'refused';

function failureOf(e: unknown): Failure | null {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CONNECT_FAILURES.has(code)) return 'connect';
    if (LOST_CONNECTION.has(code) || code.startsWith('08')) return 'lost';
    if (REFUSED.has(code)) return 'refused';
  }
  return null;
}

/**
 * True when an error means the database could not be reached or a connection broke, not that
 * the statement was refused: the request may succeed later (503, not 500).
 */
export function isConnectionFailure(e: unknown): boolean {
  return failureOf(e) !== null;
}

interface PoolHandle {
  /** A query failed with this error; resolves true when a retry may go to fresh connections. */
  failed(e: unknown): Promise<boolean>;
}

const handles = new WeakMap<object, PoolHandle>();

export function createSql(url: string, opts: ClientOptions = {}): Sql {
  const options = {
    max: opts.max ?? 10,
    // Always on, Workers included: without the catalog's array types postgres.js sends an array
    // parameter as the text "a,b" (PostgreSQL: malformed array literal) and returns array columns
    // as strings. The cost is one catalog read per new connection.
    fetch_types: true,
    onnotice: opts.onnotice ?? (() => {}),
    connect_timeout: opts.connectTimeout ?? 5,
    // No back-off between attempts: while the server is unreachable, queries do not reach the
    // pool at all (see above), so attempts are already spaced by the probes.
    backoff: () => 0,
    // snake_case columns arrive as camelCase fields, and sql(object) helpers write camelCase keys
    // to snake_case columns: stores select columns plainly. JSON values are left as they are.
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    // bigint counts come back as strings by default; our counts fit in a JS number.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (x: number | bigint) => x.toString(),
        parse: (x: string) => Number(x),
      },
    },
    connection: { application_name: 'ocop-trace' },
  };
  const open = () => postgres(url, options) as unknown as Sql;

  let pool: Sql | null = open();
  // An ended pool refuses every query at once (CONNECTION_ENDED) and never opens a socket: where
  // queries go while the database is down. Made now so that it has ended before it is needed.
  const refuser = open();
  void refuser.end();
  let probing: Promise<boolean> | null = null;
  let lastProbe = 0;
  let ended = false;

  const drop = (e: unknown) => {
    if (!pool) return;
    const old = pool;
    pool = null;
    // what still waits in it (queued behind attempts that will fail too) fails now
    void old.end({ timeout: 0 });
    opts.onAvailability?.(false, e);
  };

  const probe = (): Promise<boolean> => {
    if (probing) return probing;
    if (ended) return Promise.resolve(false);
    lastProbe = Date.now();
    const fresh = open();
    probing = (async () => {
      try {
        await fresh`select 1`;
      } catch (e) {
        void fresh.end({ timeout: 0 });
        drop(e);
        return false;
      }
      if (ended) {
        void fresh.end({ timeout: 0 });
        return false;
      }
      const old = pool;
      pool = fresh;
      if (old) void old.end({ timeout: RETIRE_SECONDS });
      else opts.onAvailability?.(true);
      return true;
    })().finally(() => {
      probing = null;
    });
    return probing;
  };

  const current = (): Sql => {
    if (pool) return pool;
    if (!probing && Date.now() - lastProbe >= PROBE_EVERY_MS) void probe();
    return refuser;
  };

  const handle: PoolHandle = {
    failed(e) {
      const kind = failureOf(e);
      if (kind === 'connect') {
        drop(e);
        return Promise.resolve(false);
      }
      if (kind === 'lost') return pool ? probe() : Promise.resolve(false);
      return Promise.resolve(false);
    },
  };

  const end = async (o?: { timeout?: number }) => {
    ended = true;
    await probing?.catch(() => {});
    await Promise.all([pool?.end(o), refuser.end()]);
  };

  const sql = new Proxy((() => {}) as unknown as Sql, {
    apply: (_target, _this, args) => (current() as unknown as (...a: unknown[]) => unknown)(...args),
    get: (_target, prop) =>
      prop === 'end' ? end : prop === 'begin' ? safeBegin(current(), refuser) : Reflect.get(current(), prop),
    has: (_target, prop) => Reflect.has(current(), prop),
  });
  handles.set(sql, handle);
  return sql;
}

/**
 * postgres.js's begin, except that nothing more is written on a transaction's connection once it
 * broke. postgres.js would write there: the work's next statement, or the ROLLBACK it sends when
 * the work fails; on a connection already closed that write throws from a timer, uncaught, and
 * ends the process (porsager/postgres#1154, #1208, open in 3.4.9). The server rolls back by
 * itself when a connection ends. So once begin() has settled, the work's statements go to the
 * refuser (CONNECTION_ENDED); and when the work fails because its connection broke, it waits
 * for begin() to reject on the close (HOLD_MS at most, then lets the ROLLBACK go, which is safe
 * on a connection that is still open or was ended by us).
 */
function safeBegin(pool: Sql, refuser: Sql): Sql['begin'] {
  return ((...args: unknown[]) => {
    const work = args.pop() as (tx: Tx) => unknown;
    let settled = false;
    const begun = (pool.begin as unknown as (...a: unknown[]) => Promise<unknown>)(...args, async (real: Tx) => {
      const tx = new Proxy(real, {
        apply: (_target, _this, a) => ((settled ? refuser : real) as unknown as (...x: unknown[]) => unknown)(...a),
        get: (_target, prop) => Reflect.get(settled ? refuser : real, prop),
      });
      try {
        const done = work(tx);
        return await (Array.isArray(done) ? Promise.all(done) : done);
      } catch (e) {
        if (!isConnectionFailure(e)) throw e;
        // Never settles once begin() has: nothing is left to roll back, nothing waits for it.
        return new Promise((_resolve, reject) => setTimeout(() => settled || reject(e), HOLD_MS));
      }
    });
    return begun.finally(() => {
      settled = true;
    });
  }) as unknown as Sql['begin'];
}

/**
 * Tells `db`'s pool that a query failed with `e` (see the top of this file); resolves true when
 * fresh connections answer and a retry may go ahead. Inside a transaction, or for other errors,
 * false.
 */
export function reportConnectionFailure(db: Db, e: unknown): Promise<boolean> {
  const handle = handles.get(db);
  return handle && isConnectionFailure(e) ? handle.failed(e) : Promise.resolve(false);
}

/**
 * Runs a read; when its connection broke, once more on fresh connections (a pooled connection
 * may have died with a restart nobody saw). Only for work without effects.
 */
export async function retryRead<T>(db: Db, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(await reportConnectionFailure(db, e))) throw e;
    return read();
  }
}

/**
 * A connection failure during a transaction, with what became of the change: `not_saved` when
 * the transaction was rolled back (it failed before COMMIT was sent), `unknown` when the
 * connection broke while COMMIT was on its way.
 */
export class TransactionInterrupted extends Error {
  constructor(
    readonly outcome: 'not_saved' | 'unknown',
    cause: unknown,
  ) {
    super(
      outcome === 'unknown'
        ? 'The connection to the database broke while the change was being committed'
        : 'The connection to the database broke before the change was committed',
      { cause },
    );
    this.name = 'TransactionInterrupted';
  }
  /** The database error underneath (for isConnectionFailure and the error mapping). */
  get code(): string | undefined {
    return (this.cause as { code?: string } | undefined)?.code;
  }
}

/**
 * sql.begin with what an outage needs: when the connection fails before the transaction began
 * (BEGIN is the first thing sent on a pooled connection, so a dead one fails there), once more
 * on fresh connections; a connection failure after that is a TransactionInterrupted saying
 * whether the change may have been saved. Never retried once work was sent: it may commit.
 */
export async function transaction<T>(sql: Sql, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let stage = 'begin' as 'begin' | 'work' | 'commit';
    try {
      return (await sql.begin(async (tx) => {
        stage = 'work';
        const result = await work(tx);
        stage = 'commit';
        return result;
      })) as T;
    } catch (e) {
      if (!isConnectionFailure(e)) throw e;
      const fresh = await reportConnectionFailure(sql, e);
      if (stage === 'begin' && fresh && attempt === 1) continue;
      if (stage === 'begin') throw e;
      throw new TransactionInterrupted(stage === 'commit' ? 'unknown' : 'not_saved', e);
    }
  }
}
