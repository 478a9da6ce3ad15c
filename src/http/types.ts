// Types shared by the HTTP layer: who is calling, and what every request carries.
import type { Config } from '../config';
import type { Sql } from '../db/client';
import type { Keyring } from '../db/keyring';
import type { LabelCatalog } from '../labels/catalog';
import type { PublicState } from './public/state';
import type { Context } from 'hono';
import type { Logger } from '../log';
import type { Actor } from '../domain/roles';
import type { ScanWriter } from '../scanning/scan-writer';
import type { AppMetrics } from './metrics';
import type { ImageCodecs } from '../photos';
import type { WebhookHostCheck } from '../recalls/webhooks';

/**
 * Hashes console passwords (scrypt on Node and on Workers with nodejs_compat, see
 * src/entry/passwords-node.ts). An interface so that src/http and src/console stay Web-standard.
 */
export interface PasswordHasher {
  /** A self-describing hash, e.g. "scrypt$N$r$p$salt$hash". */
  hash(password: string): Promise<string>;
  /** Compares in constant time; false (never a throw) for a malformed stored hash. */
  verify(password: string, stored: string): Promise<boolean>;
  /** True when the stored hash uses weaker parameters than new hashes would (rehash on sign-in). */
  needsRehash?(stored: string): boolean;
}

/** What createApp needs; entry points and tests build it. */
export interface AppDeps {
  sql: Sql;
  config: Config;
  clock: () => Date;
  log: Logger;
  keyring: Keyring;
  labels: LabelCatalog;
  /** Caches and rate limiters of the public routes; createApp makes one when absent. */
  publicState?: PublicState;
  /**
   * The connection's peer as the runtime sees it (the socket on Node, CF-Connecting-IP on
   * Workers), set by the entry. Who the client is follows from it and TRUST_PROXY in one place:
   * src/http/client-address.ts.
   */
  peerAddress?: (c: Context) => string | undefined;
  /** Console passwords; without it console sign-in and user creation answer a clear error. */
  passwords?: PasswordHasher;
  /** Request and database metrics (Node's /metrics); none when absent. */
  metrics?: AppMetrics;
  /**
   * The grouped scan writer, when the entry makes it (Node: to wait for it at shutdown); else the
   * public state's own.
   */
  scans?: ScanWriter;
  /**
   * What the runtime can tell of a webhook's host before sending (Node: DNS, refusing names that
   * resolve into a private network); none on Workers, whose fetch cannot reach one.
   */
  webhookHostCheck?: WebhookHostCheck;
  /** The image codecs for product photos (src/entry/photos-*.ts); without them an upload answers NOT_READY. */
  photos?: ImageCodecs;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    actor: Actor | undefined;
  };
};
