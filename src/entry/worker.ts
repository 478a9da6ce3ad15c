// Cloudflare Workers entry point: configuration from bindings, postgres.js over Hyperdrive's
// connection string, one client per request (Hyperdrive pools the real connections), closed
// after the answer with waitUntil. Migrations are applied from Node (`npm run migrate`); /readyz
// here reports whether they have been. The cron triggers of wrangler.toml run the link checks
// (`scheduled`), unless CHECKS_SCHEDULE is "off".
import { createApp } from '../app';
import { runScheduledChecks } from '../checks/record';
import { checkSettings } from '../checks/run';
import { parseConfig, type Config } from '../config';
import { createSql } from '../db/client';
import { createKeyring } from '../db/keyring';
import { bundledLabelCatalog } from './labels-worker';
import { scryptPasswordHasher } from './passwords-node';
import { createLogger } from '../log';

interface Env {
  HYPERDRIVE: { connectionString: string };
  [binding: string]: unknown;
}

interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  props: unknown;
}

let cached: { config: Config; source: string } | undefined;
// scrypt from node:crypto (nodejs_compat); stateless, so one per isolate.
const passwords = scryptPasswordHasher();

function configFrom(env: Env): Config {
  const strings: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') strings[k] = v;
  strings.DATABASE_URL = env.HYPERDRIVE.connectionString;
  const source = JSON.stringify(strings);
  if (cached?.source !== source) cached = { config: parseConfig(strings), source };
  return cached.config;
}

/** The scheduled run of the link checks; its slot is the trigger's time, so a retried trigger runs once. */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const config = configFrom(env);
  const log = createLogger(config.LOG_LEVEL);
  if (config.CHECKS_SCHEDULE.toLowerCase() === 'off') {
    log.info('link checks not run: CHECKS_SCHEDULE is off', { cron: controller.cron });
    return;
  }
  const sql = createSql(config.DATABASE_URL!, { max: 1, fetchTypes: false, connectTimeout: config.DB_CONNECT_TIMEOUT });
  try {
    const slot = new Date(controller.scheduledTime);
    const s = await runScheduledChecks(sql, checkSettings(config), slot, () => new Date());
    log.info(s ? 'scheduled link checks ran' : 'scheduled link checks already ran', {
      slot: slot.toISOString(),
      ...(s ? { found: s.found, new: s.new, ms: s.ms } : {}),
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export default {
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    await scheduled(controller, env);
  },
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let config: Config;
    try {
      config = configFrom(env);
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      return Response.json(
        { error: { code: 'INTERNAL', message: 'The service is misconfigured', details: null, requestId: '' } },
        { status: 500 },
      );
    }
    const sql = createSql(config.DATABASE_URL!, {
      max: 5,
      fetchTypes: false,
      connectTimeout: config.DB_CONNECT_TIMEOUT,
    });
    const app = createApp({
      sql,
      config,
      clock: () => new Date(),
      log: createLogger(config.LOG_LEVEL),
      keyring: createKeyring(sql, config, { requireSealedKeys: true, requiredBecause: 'on Cloudflare Workers' }),
      labels: bundledLabelCatalog(),
      passwords,
      // Set by Cloudflare's edge for every request; a client cannot choose it.
      peerAddress: (c) => c.req.header('cf-connecting-ip'),
    });
    // Work the app hands to waitUntil (the link checks after a seal) still needs the client: it is
    // closed once that work has settled, not as soon as the answer is out.
    const background: Promise<unknown>[] = [];
    const requestCtx: ExecutionContext = {
      waitUntil: (p) => {
        background.push(p);
        ctx.waitUntil(p);
      },
      passThroughOnException: () => ctx.passThroughOnException(),
      props: ctx.props,
    };
    try {
      return await app.fetch(request, env, requestCtx);
    } finally {
      ctx.waitUntil(Promise.allSettled(background).then(() => sql.end({ timeout: 5 })));
    }
  },
};
