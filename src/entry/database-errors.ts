// Node-only: a database that cannot be reached or used, told in one plain line naming where it
// was looked for (DATABASE_URL without its password, or the embedded database's DATA_DIR) and
// what to do, instead of a driver's stack trace. The server and every CLI print it.
import type { Config } from '../config';

/** Socket and driver error codes of a connection that did not happen, and what they mean. */
const CONNECT_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running and listening there?)',
  ENOTFOUND: 'the host is not found',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the server closed the connection',
  CONNECT_TIMEOUT: 'the server did not answer in time',
  CONNECTION_CLOSED: 'the server closed the connection',
  CONNECTION_DESTROYED: 'the connection was closed',
};

/** A postgres:// URL fit to print: no password, neither in the user part nor as a parameter. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.searchParams.delete('password');
    return u.toString();
  } catch {
    return '(a URL that cannot be read)';
  }
}

function createdbCommand(url: string): string {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1)) || 'ocop_trace';
  const parts = ['createdb'];
  if (u.hostname) parts.push('-h', u.hostname);
  if (u.port) parts.push('-p', u.port);
  if (u.username) parts.push('-U', decodeURIComponent(u.username));
  return `${parts.join(' ')} ${name}`;
}

interface DriverError {
  name?: string;
  code?: string;
  message?: string;
  errors?: { code?: string }[];
}

/** One line for an error of the database, or null when e is something else. */
export function databaseFailure(e: unknown, config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): string | null {
  if (!e || typeof e !== 'object') return null;
  const err = e as DriverError;
  const url = config.DATABASE_URL;
  const where = url ? `DATABASE_URL=${withoutPassword(url)}` : `the embedded database in DATA_DIR=${config.DATA_DIR}`;
  if (err.name === 'PostgresError') {
    if (err.code === '3D000' && url) {
      return `${err.message} at ${where}: create it first (${createdbCommand(url)}), then run this again`;
    }
    if (err.code === '28P01' || err.code === '28000') {
      return `PostgreSQL refused to let us in at ${where}: ${err.message}; check the user and password in DATABASE_URL`;
    }
    return `PostgreSQL at ${where} answered: ${err.message} (SQLSTATE ${err.code})`;
  }
  // Node reports a refused connection to every address of a name as one AggregateError.
  const code = err.code ?? err.errors?.find((x) => x.code)?.code;
  if (code && code in CONNECT_FAILURES) return `cannot connect to PostgreSQL at ${where}: ${CONNECT_FAILURES[code]}`;
  return null;
}
