// Node-only: what every `npm run` CLI shares: configuration from the environment, the database
// opened under the CLI's own name, and a failure told in one plain line on stderr with a
// non-zero exit code, never a stack trace (a database that cannot be reached names DATABASE_URL
// without its password).
import { parseConfig, type Config } from '../config';
import { DataDirLockedError } from './data-dir-lock';
import { databaseFailure } from './database-errors';
import { openDatabase, type OpenDatabase, type OpenOptions } from './database';

export interface CliSpec {
  /** How a person runs it: "npm run key:create". */
  command: string;
  /** What to do while another process (the server) holds DATA_DIR: a sentence or two. */
  whileDataDirTaken: string;
  /** Exit code of a failure (1 unless the CLI gives 1 another meaning). */
  failureCode?: number;
}

export interface Cli {
  config: Config;
  /** openDatabase under this CLI's name. */
  open(opts?: Omit<OpenOptions, 'command'>): Promise<OpenDatabase>;
}

/** Why a CLI or the server could not go on, in one line. */
export function failureLine(e: unknown, whileDataDirTaken: string, config: Config): string {
  if (e instanceof DataDirLockedError) return `${e.message}. ${whileDataDirTaken}`;
  return databaseFailure(e, config) ?? (e instanceof Error ? e.message : String(e));
}

export async function runCli(spec: CliSpec, main: (cli: Cli) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (e) {
    // ConfigError: its message lists every bad variable, a line each.
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await main({ config, open: (opts) => openDatabase(config, { ...opts, command: spec.command }) });
  } catch (e) {
    process.stderr.write(`${spec.command}: ${failureLine(e, spec.whileDataDirTaken, config)}\n`);
    process.exitCode = spec.failureCode ?? 1;
  }
}
