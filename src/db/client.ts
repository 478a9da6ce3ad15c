// The postgres.js client factory shared by every entry point. One `sql` per process
// (or per request on Workers); stores are plain functions that take it.
import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;
/** Either the pool or a transaction: stores accept both so callers choose the boundary. */
export type Db = Sql | Tx;

export interface ClientOptions {
  max?: number;
  /** Workers: Hyperdrive pools for us, and sockets cannot outlive the request. */
  fetchTypes?: boolean;
  onnotice?: (n: unknown) => void;
}

export function createSql(url: string, opts: ClientOptions = {}): Sql {
  return postgres(url, {
    max: opts.max ?? 10,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: opts.onnotice ?? (() => {}),
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
  }) as unknown as Sql;
}
